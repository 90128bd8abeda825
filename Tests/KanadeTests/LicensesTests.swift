import Foundation
import Testing

/// docs/licenses.md names every Debian library and Swift package the manifests ask for.
struct LicensesTests {
    /// The repository root (this file is Tests/KanadeTests/LicensesTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What a manifest, read as text, depends on from outside: each `systemLibrary`'s pkg-config name and apt
    /// providers (the `cLibrary(…)` helper's lines and plain `.systemLibrary(…)` ones), and each `.package(url:)`.
    static func dependencies(ofManifest text: String) -> [String] {
        var found: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            // Whole-line comments only: a URL's "//" is not a comment.
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
            let code = line
            found += code.matches(of: /pkgConfig:\s*"([^"]+)"/).map { String($0.output.1) }
            for list in code.matches(of: /apt(?::|\()\s*\[([^\]]*)\]/) {
                found += String(list.output.1).matches(of: /"([^"]+)"/).map { String($0.output.1) }
            }
            found += code.matches(of: /\.package\(\s*(?:name:\s*"[^"]*"\s*,\s*)?url:\s*"([^"]+)"/).map { String($0.output.1) }
        }
        return found
    }

    /// The dependencies of `manifest` that `doc` does not mention (pkg-config and apt names in backticks,
    /// package URLs as written).
    static func missing(manifest: String, doc: String) -> [String] {
        dependencies(ofManifest: manifest).filter { name in
            name.contains("://") ? !doc.contains(name) : !doc.contains("`\(name)`")
        }
    }

    @Test func everyLinkedLibraryAndPackageIsListed() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/licenses.md"), encoding: .utf8)
        var seen = 0
        for manifest in ["Package.swift", "Benchmarks/Package.swift"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent(manifest), encoding: .utf8)
            seen += Self.dependencies(ofManifest: text).count
            let absent = Self.missing(manifest: text, doc: doc)
            #expect(absent.isEmpty, "\(manifest) depends on \(absent) but docs/licenses.md does not list them: run scripts/licenses.py")
        }
        // Six C libraries with a pkg-config name and an apt provider each, three package URLs.
        #expect(seen >= 15, "the manifests' dependencies were not found (\(seen)): has the cLibrary helper changed?")
    }

    @Test func aMissingEntryIsCaught() {
        let manifest = """
            cLibrary("CFFTW", pkgConfig: "fftw3f", apt: ["libfftw3-dev"]),
            .systemLibrary(name: "CFoo", pkgConfig: "foo", providers: [.apt(["libfoo-dev"])]),
            // .package(url: "https://example.com/commented-out", from: "1.0.0"),
            .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
            .package(url: "https://github.com/example/new-package", from: "0.1.0"),
        """
        let doc = "| `CFFTW` | `fftw3f` | `libfftw3-dev` |\n| `foo` | `libfoo-dev` |\n[swift-argument-parser](https://github.com/apple/swift-argument-parser)"
        #expect(Self.dependencies(ofManifest: manifest) == [
            "fftw3f", "libfftw3-dev", "foo", "libfoo-dev", "https://github.com/apple/swift-argument-parser",
            "https://github.com/example/new-package",
        ])
        #expect(Self.missing(manifest: manifest, doc: doc) == ["https://github.com/example/new-package"])
        #expect(Self.missing(manifest: manifest, doc: doc.replacingOccurrences(of: "`fftw3f`", with: "")) == [
            "fftw3f", "https://github.com/example/new-package",
        ])
    }
}
