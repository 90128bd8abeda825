import Foundation
import Testing

@Suite struct RenderCommandTests {
    @Test(.enabled(if: MusicCommandRunner.find("sox") != nil, "sox is not installed (scripts/install-deps.sh)"))
    func rendersAWAVOfTheSongsLength() throws {
        let folder = try MusicCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/song.wav"
        let file = fixturePath("midi/interop/music21_melody.mid")
        let result = try MusicCommandRunner.run(MusicCommandRunner.kanade, ["render", file, "-o", out, "--sample-rate", "44100"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["song.wav"])
        let sox = MusicCommandRunner.find("sox")!
        let info = try MusicCommandRunner.run(sox, ["--i", out])
        #expect(info.stdout.contains("Sample Rate    : 44100"))
        #expect(info.stdout.contains("Channels       : 2"))
        // The melody ends at 7.143 s; the release tail adds well under a second.
        let seconds = try MusicCommandRunner.run(sox, ["--i", "-D", out])
        let duration = try #require(Double(seconds.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(duration > 7.14 && duration < 8.2)
        let stat = try MusicCommandRunner.run(sox, [out, "-n", "stat"])
        let rmsLine = try #require(stat.stderr.split(separator: "\n").first { $0.hasPrefix("RMS     amplitude") })
        let rms = try #require(Double(rmsLine.split(separator: " ").last!))
        #expect(rms > 0.01)
    }

    @Test func refusesToOverwriteTheInput() throws {
        let folder = try MusicCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/song.mid"
        try FileManager.default.copyItem(atPath: fixturePath("midi/interop/mido_format1.mid"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let result = try MusicCommandRunner.run(MusicCommandRunner.kanade, ["render", input, "-o", input])
        #expect(result.status != 0)
        #expect(result.stderr.contains("refusing to overwrite the input file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    }

    @Test func unreadableInputNamesTheFile() throws {
        let result = try MusicCommandRunner.run(MusicCommandRunner.kanade, ["render", "/nonexistent/a.mid", "-o", "/tmp/x.wav"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("/nonexistent/a.mid: cannot read"))
    }
}
