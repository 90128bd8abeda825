import Foundation
import Music
import TestSupport
import Testing

@Suite struct AtomicFileTests {
    @Test func writesAndReplacesWithoutLeavingTemporaries() throws {
        let dir = TemporaryDirectory("atomic")
        defer { dir.remove() }
        try AtomicFile.write("one", to: dir.file("s.toml"))
        try AtomicFile.write("two", to: dir.file("s.toml"))
        #expect(try String(contentsOfFile: dir.file("s.toml"), encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s.toml"])
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("x", to: dir.file("missing/dir/s.toml")) }
    }

    @Test func readRefusesFilesOverTheLimitBeforeReading() throws {
        let dir = TemporaryDirectory("atomic")
        defer { dir.remove() }
        let path = dir.file("big")
        try AtomicFile.write(Array(repeating: 7, count: 100), to: path)
        #expect(try AtomicFile.read(path, limit: 100).count == 100)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.read(path, limit: 99) }
    }
}
