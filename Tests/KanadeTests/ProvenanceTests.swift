import Foundation
import Glibc
import Testing
import TOMLKit

/// PROVENANCE.toml records the source and licence of every bundled file.
struct ProvenanceTests {
    /// The folders whose every file must be covered.
    static let folders = ["Sources/Models/Resources", "themes", "Tests/Fixtures"]

    struct Resource {
        let paths: [String]
        let source: String
        let license: String
    }

    static func resources() throws -> [Resource] {
        let url = LicensesTests.root.appendingPathComponent("PROVENANCE.toml")
        let table = try TOMLTable(string: try String(contentsOf: url, encoding: .utf8))
        let entries = table["resource"]?.array ?? []
        return entries.map { entry in
            let t = entry.table
            return Resource(paths: t?["paths"]?.array?.compactMap { $0.string } ?? [],
                            source: t?["source"]?.string ?? "", license: t?["license"]?.string ?? "")
        }
    }

    /// Whether a repository-relative path matches a pattern: `dir/**` takes everything under dir, otherwise
    /// shell glob rules with `*` inside one folder.
    static func matches(_ path: String, _ pattern: String) -> Bool {
        if pattern.hasSuffix("/**") { return path.hasPrefix(String(pattern.dropLast(2))) }
        return fnmatch(pattern, path, FNM_PATHNAME) == 0
    }

    /// Every regular file under the folders, repository-relative.
    static func bundledFiles() -> [String] {
        var out: [String] = []
        for folder in folders {
            let base = LicensesTests.root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                out.append(folder + "/" + url.path.dropFirst(base.path.count + 1))
            }
        }
        return out.sorted()
    }

    /// The files no pattern covers.
    static func uncovered(_ files: [String], by resources: [Resource]) -> [String] {
        files.filter { file in !resources.contains { $0.paths.contains { matches(file, $0) } } }
    }

    @Test func everyBundledFileHasASourceAndLicence() throws {
        let resources = try Self.resources()
        let files = Self.bundledFiles()
        #expect(files.count > 100, "found only \(files.count) bundled files: is the repository root right?")
        let missing = Self.uncovered(files, by: resources)
        #expect(missing.isEmpty, "not in PROVENANCE.toml (add its source and licence): \(missing)")
        for r in resources {
            #expect(!r.paths.isEmpty && !r.source.isEmpty && !r.license.isEmpty, "incomplete entry: \(r)")
            for pattern in r.paths {
                #expect(files.contains { Self.matches($0, pattern) }, "PROVENANCE.toml: '\(pattern)' matches no file")
            }
        }
    }

    @Test func aNewFileWithoutAnEntryIsCaught() throws {
        let resources = try Self.resources()
        #expect(Self.uncovered(["Tests/Fixtures/midi/peers/test-empty.mid"], by: resources).isEmpty)
        #expect(Self.uncovered(["Tests/Fixtures/stems/mix.flac", "themes/new.toml",
                                "Sources/Models/Resources/chart-gen.safetensors"], by: resources).count == 3)
        #expect(Self.matches("Tests/Fixtures/midi/written/demo_song.mid", "Tests/Fixtures/midi/written/*.mid"))
        #expect(!Self.matches("Tests/Fixtures/midi/written/sub/demo.mid", "Tests/Fixtures/midi/written/*.mid"))
        #expect(Self.matches("Tests/Fixtures/x/y/z.bin", "Tests/Fixtures/x/**"))
    }
}
