#!/usr/bin/env python3
"""Regenerate the Debian and Swift parts of docs/licenses.md from this machine.

  scripts/licenses.py [--binary .build/debug/kanade] [--check]

Debian part: every `systemLibrary` in Package.swift (its pkg-config name and apt provider), the runtime package
that holds the library pkg-config links (`dpkg -S`), and that package's licence, read from the `Files: *` stanza of
/usr/share/doc/PACKAGE/copyright (other licences named in the file's non-debian stanzas are listed as "parts").
Then every other Debian package whose library the built binary loads (`ldd`), read the same way.
Swift part: every `.package(url:)` in Package.swift and Benchmarks/Package.swift, and the packages the benchmark
package pulls in, each with the licence its own LICENSE file names (from .build/checkouts, else the local mirror
in /opt/swift-packages at the version asked for), plus the Swift runtime the binary loads from the toolchain.

Only the text between the BEGIN/END GENERATED markers is rewritten; everything else in the file is kept.
--check exits 1 (printing a diff) when the file is not what the script would write, instead of writing it.
Standard library only (runs with /usr/bin/python3).
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs/licenses.md"
MIRRORS = Path("/opt/swift-packages")


def run(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


# ---------------------------------------------------------------------------------------------- Package.swift
def system_libraries(manifest: Path) -> list[tuple[str, str, list[str]]]:
    """(module, pkg-config name, apt providers) of every cLibrary(...) / .systemLibrary(...) line."""
    out = []
    text = manifest.read_text()
    for line in text.splitlines():
        if "pkgConfig:" not in line or line.lstrip().startswith(("//", "func ", ".systemLibrary(name: name")):
            continue
        name = re.search(r'"([^"]+)"', line)
        pc = re.search(r'pkgConfig:\s*"([^"]+)"', line)
        apt = re.search(r'apt(?::|\()\s*\[([^\]]*)\]', line)
        if name and pc:
            out.append((name.group(1), pc.group(1), re.findall(r'"([^"]+)"', apt.group(1)) if apt else []))
    return out


def package_urls(manifest: Path) -> list[tuple[str, str]]:
    """(url, from-version) of every `.package(url: …, from: …)`."""
    return re.findall(r'\.package\(\s*url:\s*"([^"]+)"\s*,\s*(?:from:\s*"([^"]+)")?', manifest.read_text())


# ---------------------------------------------------------------------------------------------- Debian
def owning_package(path: str) -> str:
    """The Debian package that holds a file (following symlinks), without the architecture."""
    for candidate in (path, os.path.realpath(path)):
        line = run("dpkg", "-S", candidate).splitlines()
        if line:
            return line[0].split(":")[0].split(",")[0].strip()
        # /lib is a symlink to /usr/lib on merged-/usr systems; dpkg knows one of the two names.
        alt = candidate.replace("/usr/lib/", "/lib/", 1) if candidate.startswith("/usr/lib/") else \
            candidate.replace("/lib/", "/usr/lib/", 1)
        line = run("dpkg", "-S", alt).splitlines()
        if line:
            return line[0].split(":")[0].split(",")[0].strip()
    return ""


def library_files(pkgconfig: str) -> list[str]:
    """The shared libraries `pkg-config --libs` links, resolved through the linker's search path."""
    flags = run("pkg-config", "--libs", pkgconfig).split()
    dirs = [f[2:] for f in flags if f.startswith("-L")]
    cache = run("/sbin/ldconfig", "-p") or run("ldconfig", "-p")
    out = []
    for lib in (f[2:] for f in flags if f.startswith("-l")):
        found = next((str(Path(d) / f"lib{lib}.so") for d in dirs if (Path(d) / f"lib{lib}.so").exists()), None)
        if not found:
            m = re.search(rf"^\s*lib{re.escape(lib)}\.so\.\S+ \(libc6,x86-64\) => (\S+)", cache, re.M) or \
                re.search(rf"^\s*lib{re.escape(lib)}\.so\.\S+ .*=> (\S+)", cache, re.M)
            found = m.group(1) if m else None
        if found:
            out.append(os.path.realpath(found))
    return out


def copyright_licence(package: str) -> tuple[str, list[str]]:
    """(main licence, other licences in parts) from /usr/share/doc/PACKAGE/copyright."""
    path = Path(f"/usr/share/doc/{package}/copyright")
    if not path.exists():
        return "copyright file missing", []
    text = path.read_text(errors="replace")
    if text.startswith("Format:") and "copyright-format" in text.splitlines()[0]:
        main, parts = "", []
        for stanza in re.split(r"\n\s*\n", text):
            files = re.search(r"^Files:\s*(.*(?:\n[ \t]+.*)*)", stanza, re.M)
            lic = re.search(r"^License:\s*(.+)", stanza, re.M)
            if not files or not lic:
                continue
            globs = files.group(1).split()
            if globs == ["*"] and not main:
                main = lic.group(1).strip()
            elif not all(g.startswith("debian/") for g in globs):
                parts.append(lic.group(1).strip())
        parts = sorted(set(parts) - {main})
        return main or "see file (no `Files: *` stanza)", parts
    # Not machine-readable: say what the prose grants.
    if re.search(r"GCC RUNTIME LIBRARY EXCEPTION", text, re.I):
        return "GPL-3+ with GCC Runtime Library Exception (prose)", []
    if "GNU Lesser General Public" in text:
        return "LGPL-2.1+ (prose)", []
    if re.search(r"GNU General Public License.*?version 3", text, re.S):
        return "GPL-3+ (prose)", []
    return "see file (prose)", []


def ldd_libraries(binary: Path) -> list[str]:
    out = []
    for line in run("ldd", str(binary)).splitlines():
        m = re.search(r"=>\s*(/\S+)", line)
        if m:
            out.append(m.group(1))
    return out


def cell(main: str, parts: list[str]) -> str:
    return f"**{main}**" + (f"; parts: {', '.join(parts)}" if parts else "")


def debian_part(binary: Path) -> str:
    lines = ["| module | pkg-config | apt (build) | runtime package | licence (from its copyright file) |",
             "|---|---|---|---|---|"]
    seen: set[str] = set()
    for manifest in (ROOT / "Package.swift", ROOT / "Benchmarks/Package.swift"):
        for module, pc, apt in system_libraries(manifest):
            runtime = []
            for f in library_files(pc):
                p = owning_package(f)
                if p and p not in runtime:
                    runtime.append(p)
            seen.update(runtime)
            lic = "; ".join(f"{p}: {cell(*copyright_licence(p))}" for p in runtime) or "library not found"
            lines.append(f"| `{module}` | `{pc}` | `{', '.join(apt)}` | {', '.join(f'`{p}`' for p in runtime)} | {lic} |")
    lines += ["", f"Loaded through those (`ldd {binary.relative_to(ROOT) if binary.is_relative_to(ROOT) else binary}`):", "",
              "| runtime package | libraries | licence (from its copyright file) |", "|---|---|---|"]
    indirect: dict[str, list[str]] = {}
    toolchain = []
    for lib in ldd_libraries(binary):
        if "/swift/" in lib:
            toolchain.append(Path(lib).name)
            continue
        p = owning_package(lib)
        if p and p not in seen:
            indirect.setdefault(p, []).append(Path(lib).name)
    for p in sorted(indirect):
        lines.append(f"| `{p}` | {', '.join(f'`{n}`' for n in sorted(set(indirect[p])))} | {cell(*copyright_licence(p))} |")
    if toolchain:
        lic_file = next((p for p in (Path("/opt/swift/usr/share/swift/LICENSE.txt"),) if p.exists()), None)
        lic = licence_of(lic_file.read_text()) if lic_file else "not found"
        lines += ["", f"The Swift runtime from the toolchain ({', '.join(f'`{n}`' for n in sorted(set(toolchain)))}): "
                      f"**{lic}**, read from `{lic_file or 'the toolchain'}`."]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- Swift
def licence_of(text: str) -> str:
    """The licence a LICENSE file's text names."""
    head = text[:3000]
    if "Apache License" in head and "Version 2.0" in head:
        return "Apache-2.0" + (" with Runtime Library Exception" if "Runtime Library Exception" in text else "")
    if "Permission is hereby granted, free of charge" in text:
        return "MIT"
    if "Redistribution and use in source and binary forms" in text:
        return "BSD-3-Clause" if "Neither the name" in text or "names of its contributors" in text else "BSD-2-Clause"
    if "public domain" in head.lower() or "CC0" in head:
        return "public domain / CC0"
    return "unrecognised: read the file"


def mirror(url: str) -> Path | None:
    owner, name = url.rstrip("/").removesuffix(".git").split("/")[-2:]
    for cand in (MIRRORS / owner / f"{name}.git", MIRRORS / owner.lower() / f"{name.lower()}.git"):
        if cand.exists():
            return cand
    return None


def licence_from_mirror(repo: Path, version: str | None) -> tuple[str, str, str]:
    """(licence, file, version read) from a bare mirror at `version` (else its newest tag)."""
    tags = run("git", "-C", str(repo), "tag", "--sort=-v:refname").split()
    ref = version if version in tags else (tags[0] if tags else "HEAD")
    files = [f for f in run("git", "-C", str(repo), "ls-tree", "--name-only", ref).split()
             if f.upper().startswith(("LICENSE", "LICENCE", "COPYING"))]
    if not files:
        return "no LICENSE file", "", ref
    return licence_of(run("git", "-C", str(repo), "show", f"{ref}:{files[0]}")), files[0], ref


def swift_row(url: str, version: str | None, used_by: str) -> str:
    name = url.rstrip("/").removesuffix(".git").split("/")[-1]
    checkout = ROOT / ".build/checkouts" / name
    lic_files = sorted(checkout.glob("LICEN[SC]E*")) if checkout.exists() else []
    if lic_files and used_by == "Package.swift":
        return (f"| [{name}]({url}) | {used_by} | {version or ''} | **{licence_of(lic_files[0].read_text())}** | "
                f"`.build/checkouts/{name}/{lic_files[0].name}` |")
    repo = mirror(url)
    if repo is None:
        return f"| [{name}]({url}) | {used_by} | {version or ''} | not read (no checkout or mirror here) | |"
    lic, file, ref = licence_from_mirror(repo, version)
    return f"| [{name}]({url}) | {used_by} | {ref} | **{lic}** | `{repo}` at `{ref}`: `{file}` |"


def swift_part() -> str:
    lines = ["| package | required by | version read | licence | read from |", "|---|---|---|---|---|"]
    for manifest in (ROOT / "Package.swift", ROOT / "Benchmarks/Package.swift"):
        rel = str(manifest.relative_to(ROOT))
        for url, version in package_urls(manifest):
            lines.append(swift_row(url, version or None, rel))
            # What the benchmark package pulls in (read from its own Package.swift at that version).
            repo = mirror(url) if rel.startswith("Benchmarks") else None
            if repo:
                ref = licence_from_mirror(repo, version)[2]
                inner = run("git", "-C", str(repo), "show", f"{ref}:Package.swift")
                for sub in sorted(set(re.findall(r'url:\s*"([^"]+)"', inner))):
                    if mirror(sub) is not None:
                        lines.append(swift_row(sub, None, f"{url.split('/')[-1]} {ref}"))
                    else:
                        lines.append(f"| [{sub.split('/')[-1].removesuffix('.git')}]({sub}) | {url.split('/')[-1]} {ref} "
                                     f"(only on toolchains where it is enabled; not available here) | | not read | |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- the file
def replace(text: str, part: str, body: str) -> str:
    begin, end = f"<!-- BEGIN GENERATED: {part} (scripts/licenses.py) -->", f"<!-- END GENERATED: {part} -->"
    if begin not in text or end not in text:
        sys.exit(f"{DOC}: markers for '{part}' missing ({begin} … {end})")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}\n{end}{tail}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=str(ROOT / ".build/debug/kanade"), help="built kanade to run ldd on")
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/licenses.md is out of date")
    args = ap.parse_args()
    binary = Path(args.binary).absolute()
    if not binary.exists():
        sys.exit(f"{binary}: not built (swift build first, or pass --binary)")
    old = DOC.read_text()
    new = replace(replace(old, "debian", debian_part(binary)), "swift", swift_part())
    if args.check:
        if new != old:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(DOC), "regenerated"))
            sys.exit(1)
        return
    if new != old:
        tmp = DOC.with_suffix(".md.tmp")
        tmp.write_text(new)
        os.replace(tmp, DOC)
    print(DOC)


if __name__ == "__main__":
    main()
