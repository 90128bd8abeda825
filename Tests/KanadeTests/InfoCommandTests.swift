import AudioIO
import Foundation
import TestSupport
import Testing

@Suite struct InfoCommandTests {
    @Test func describesAFile() throws {
        let result = try KanadeProcess.run(["info", fixturePath("audio/sine440-stereo-48k.wav")])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        for line in ["format:   WAV (Microsoft), Signed 16 bit PCM", "rate:     48000 Hz", "channels: 2",
                     "duration: 0:00.5 (24000 frames)", "peak:     -6.02 dBFS", "RMS:      -9.03 dBFS"] {
            #expect(result.stdout.contains(line), "missing \(line) in\n\(result.stdout)")
        }
    }

    @Test func readsCompressedFormats() throws {
        let result = try KanadeProcess.run(["info", fixturePath("audio/sine440-mono-44k.mp3")])
        #expect(result.status == 0 && result.stdout.contains("rate:     44100 Hz"))
    }

    @Test func corruptFilesGiveOneLineNamingTheFile() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixturePath("audio/sine440-stereo-48k.wav")))
        let cases: [(String, Data, String)] = [
            ("empty.wav", Data(), "empty file"),
            ("garbage.wav", Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), "not a readable audio file"),
            ("cut.wav", whole.prefix(2000), "truncated"),
        ]
        for (name, bytes, problem) in cases {
            let path = scratch.file(name)
            #expect(FileManager.default.createFile(atPath: path, contents: bytes))
            let result = try KanadeProcess.run(["info", path])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderrLines.count == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("kanade: \(path): \(problem)"), "\(result.stderr)")
        }
        // A damaged MP3: libmpg123 would print its own decoder errors; kanade prints at most one line.
        var mp3 = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath("audio/sine440-mono-44k.mp3"))))
        for i in stride(from: 600, to: mp3.count, by: 97) { mp3[i] = 0xFF }
        #expect(FileManager.default.createFile(atPath: scratch.file("bad.mp3"), contents: Data(mp3)))
        let damaged = try KanadeProcess.run(["info", scratch.file("bad.mp3")])
        #expect(damaged.stderrLines.count <= 1, "\(damaged.stderr)")
        #expect(!damaged.stderr.contains("mpg123"))

        let missing = try KanadeProcess.run(["info", scratch.file("nope.flac")])
        #expect(missing.status == 1 && missing.stderr == "kanade: \(scratch.file("nope.flac")): no such file\n")
    }
}
