import Foundation
import TestSupport
import Testing

@Suite struct RenderCommandTests {
    static let soxPath = ["/usr/bin/sox", "/usr/local/bin/sox"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func sox(_ arguments: [String]) throws -> KanadeProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.soxPath!)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return KanadeProcess.finish(process, out, err)
    }

    @Test(.enabled(if: soxPath != nil, "sox is not installed (scripts/install-deps.sh)"))
    func rendersAWAVOfTheSongsLength() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let folder = scratch.path
        let out = folder + "/song.wav"
        let file = fixturePath("midi/interop/music21_melody.mid")
        let result = try KanadeProcess.run(["render", file, "-o", out, "--sample-rate", "44100"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["song.wav"])
        let info = try sox(["--i", out])
        #expect(info.stdout.contains("Sample Rate    : 44100"))
        #expect(info.stdout.contains("Channels       : 2"))
        // The melody ends at 7.143 s; the piano patch's release (0.25 s time constant, to −80 dB) adds about 2 s.
        let seconds = try sox(["--i", "-D", out])
        let duration = try #require(Double(seconds.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(duration > 7.14 && duration < 10)
        let stat = try sox([out, "-n", "stat"])
        let rmsLine = try #require(stat.stderr.split(separator: "\n").first { $0.hasPrefix("RMS     amplitude") })
        let rms = try #require(Double(rmsLine.split(separator: " ").last!))
        #expect(rms > 0.01)
    }

    @Test(.enabled(if: soxPath != nil, "sox is not installed (scripts/install-deps.sh)"))
    func rendersThroughAMorphPointAndTheSoundFont() throws {
        let scratch = TemporaryDirectory("cli-instrument")
        defer { scratch.remove() }
        let file = fixturePath("midi/interop/music21_melody.mid")
        for (name, instrument) in [("morph", "morph:flute.fluidr3,trumpet.fluidr3,violin.fluidr3,acoustic-bass.fluidr3@0.3,0.7"),
                                   ("sf", "sf:40")] {
            let out = scratch.path + "/\(name).wav"
            let result = try KanadeProcess.run(["render", file, "-o", out, "--instrument", instrument])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let seconds = try sox(["--i", "-D", out])
            let duration = try #require(Double(seconds.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(duration > 7.14 && duration < 12, "\(name): \(duration) s")
            let stat = try sox([out, "-n", "stat"])
            let rmsLine = try #require(stat.stderr.split(separator: "\n").first { $0.hasPrefix("RMS     amplitude") })
            #expect(try #require(Double(rmsLine.split(separator: " ").last!)) > 0.002, "\(name) is silent")
        }
        let bad = try KanadeProcess.run(["render", file, "-o", scratch.path + "/bad.wav", "--instrument", "morph:flute.fluidr3,kazoo,violin.fluidr3,cello.fluidr3@0,0"])
        #expect(bad.status == 1 && bad.stderr.contains("kazoo: no such instrument"), "\(bad.stderr)")
        let shape = try KanadeProcess.run(["render", file, "-o", scratch.path + "/bad.wav", "--instrument", "morph:flute.fluidr3@0,0"])
        #expect(shape.status == 1 && shape.stderr.contains("need four corner instruments"), "\(shape.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/bad.wav"))
    }

    @Test func refusesToOverwriteTheInput() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let folder = scratch.path
        let input = folder + "/song.mid"
        try FileManager.default.copyItem(atPath: fixturePath("midi/interop/mido_format1.mid"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let result = try KanadeProcess.run(["render", input, "-o", input])
        #expect(result.status != 0)
        #expect(result.stderr.contains("refusing to overwrite the input file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    }

    @Test func unreadableInputNamesTheFile() throws {
        let result = try KanadeProcess.run(["render", "/nonexistent/a.mid", "-o", "/tmp/x.wav"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("/nonexistent/a.mid: cannot read"))
    }
}
