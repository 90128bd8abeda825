import Foundation
import Music
import Testing

@Suite struct AtomicFileTests {
    @Test func writesAndReplacesWithoutLeavingTemporaries() throws {
        let dir = NSTemporaryDirectory() + "kanade-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("one", to: dir + "/s.toml")
        try AtomicFile.write("two", to: dir + "/s.toml")
        #expect(try String(contentsOfFile: dir + "/s.toml", encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s.toml"])
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("x", to: dir + "/missing/dir/s.toml") }
    }

    @Test func readRefusesFilesOverTheLimitBeforeReading() throws {
        let path = NSTemporaryDirectory() + "kanade-atomic-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try AtomicFile.write(Array(repeating: 7, count: 100), to: path)
        #expect(try AtomicFile.read(path, limit: 100).count == 100)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.read(path, limit: 99) }
    }
}
