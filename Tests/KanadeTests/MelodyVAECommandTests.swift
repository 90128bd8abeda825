import Foundation
import Music
import Testing

/// `kanade interpolate` and `kanade sample` on small melodies written here.
@Suite final class MelodyVAECommandTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kanade-vae-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A 2-bar melody of quarter notes (480 ticks a quarter) written to `name`.
    func writeMelody(_ name: String, pitches: [Int]) throws -> String {
        let notes = pitches.enumerated().map { Note(pitch: $1, startTick: $0 * 480, endTick: $0 * 480 + 420) }
        let path = folder + "/" + name
        try NoteSequence(tracks: [Track(name: name, notes: notes)]).writeMIDIFile(to: path)
        return path
    }

    @Test func interpolateWritesAllStepsOneAfterAnotherAndOneFilePerStep() throws {
        let a = try writeMelody("a.mid", pitches: [60, 62, 64, 65, 67, 65, 64, 62])
        let b = try writeMelody("b.mid", pitches: [72, 71, 69, 67, 69, 71, 72, 72])
        let out = folder + "/out.mid", split = folder + "/steps"
        let result = try KanadeProcess.run(["interpolate", a, b, "--steps", "5", "-o", out, "--split", split, "--seed", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let joined = try NoteSequence(midiFile: out)
        let barTicks = 4 * joined.ticksPerQuarter
        let perStep = try (1...5).map { try NoteSequence(midiFile: split + "/step-0\($0).mid") }
        // Step i sits in bars 2i…2i+1 of the joined file, the same notes as its own file.
        #expect(joined.endTick <= 5 * 2 * barTicks)
        for (i, step) in perStep.enumerated() {
            let inStep = joined.allNotes.map(\.note).filter { $0.startTick >= 2 * i * barTicks && $0.startTick < 2 * (i + 1) * barTicks }
            let scale = joined.ticksPerQuarter / step.ticksPerQuarter
            #expect(inStep.map { [$0.pitch, $0.startTick - 2 * i * barTicks, $0.endTick - 2 * i * barTicks] }
                    == step.allNotes.map { [$0.note.pitch, $0.note.startTick * scale, $0.note.endTick * scale] })
        }
        // Deterministic: a second run writes the same file.
        let again = folder + "/again.mid"
        #expect(try KanadeProcess.run(["interpolate", a, b, "--steps", "5", "-o", again, "--seed", "1"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test func interpolateRefusesToOverwriteAnInputAndBadArguments() throws {
        let a = try writeMelody("a.mid", pitches: [60, 62, 64, 65])
        let before = try Data(contentsOf: URL(fileURLWithPath: a))
        let result = try KanadeProcess.run(["interpolate", a, a, "--steps", "3", "-o", a])
        #expect(result.status != 0 && result.stderr.contains("input"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == before)
        #expect(try KanadeProcess.run(["interpolate", a, a, "--steps", "1", "-o", folder + "/x.mid"]).status != 0)
        #expect(try KanadeProcess.run(["interpolate", a, a, "--bars", "4", "-o", folder + "/x.mid"]).status != 0)
        let missing = try KanadeProcess.run(["interpolate", folder + "/nope.mid", a, "-o", folder + "/x.mid"])
        #expect(missing.status != 0 && missing.stderr.contains("nope.mid"))
    }

    @Test func theSixteenBarModelRunsThroughTheCommand() throws {
        let a = try writeMelody("a.mid", pitches: [60, 62])
        // An empty KANADE_MODELS folder is searched first; the bundled model is still found after it.
        let result = try KanadeProcess.run(["interpolate", a, a, "--steps", "2", "--bars", "16", "-o", folder + "/long.mid"],
                                           environment: ["KANADE_MODELS": folder])
        #expect(result.status == 0, "\(result.stderr)")
        let long = try NoteSequence(midiFile: folder + "/long.mid")
        #expect(long.endTick <= 2 * 16 * 4 * long.ticksPerQuarter)
    }

    @Test func sampleWritesCountFilesDeterministically() throws {
        let one = folder + "/one", two = folder + "/two"
        let r1 = try KanadeProcess.run(["sample", "--count", "3", "--bars", "2", "--temperature", "1", "--seed", "9", "-o", one])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(try KanadeProcess.run(["sample", "--count", "3", "--seed", "9", "-o", two]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: one).sorted()
        #expect(names == ["sample-01.mid", "sample-02.mid", "sample-03.mid"])
        for name in names {
            let melody = try NoteSequence(midiFile: one + "/" + name)
            #expect(melody.endTick <= 2 * 4 * melody.ticksPerQuarter)
            #expect(try Data(contentsOf: URL(fileURLWithPath: one + "/" + name))
                    == Data(contentsOf: URL(fileURLWithPath: two + "/" + name)))
        }
    }

    @Test func sampleDrawsFromTheSamplingFlavorUnlessToldOtherwise() throws {
        let lokl = folder + "/lokl", hikl = folder + "/hikl"
        let r1 = try KanadeProcess.run(["sample", "--count", "2", "--seed", "4", "-o", lokl])
        #expect(r1.status == 0 && r1.stdout.contains("(melody-vae-2bar-lokl, z from N(0, I), temperature 1.0, seed 4)"), "\(r1.stdout)\(r1.stderr)")
        let r2 = try KanadeProcess.run(["sample", "--count", "2", "--seed", "4", "--flavor", "interpolation", "-o", hikl])
        #expect(r2.status == 0 && r2.stdout.contains("(melody-vae-2bar, z from N(0, I), temperature 1.0, seed 4)"), "\(r2.stdout)\(r2.stderr)")
        // Same seed, same z draws, other weights: other melodies.
        #expect(try Data(contentsOf: URL(fileURLWithPath: lokl + "/sample-01.mid"))
                != Data(contentsOf: URL(fileURLWithPath: hikl + "/sample-01.mid")))
        // 16 bars: the one model there is, z from the mixture its file ships.
        let long = folder + "/long"
        let r3 = try KanadeProcess.run(["sample", "--count", "1", "--bars", "16", "--seed", "4", "-o", long])
        #expect(r3.status == 0 && r3.stdout.contains("(melody-vae-16bar, z from a 64-component Gaussian mixture,"),
                "\(r3.stdout)\(r3.stderr)")
        let melody = try NoteSequence(midiFile: long + "/sample-01.mid")
        #expect(!melody.tracks.flatMap(\.notes).isEmpty && melody.endTick <= 16 * 4 * melody.ticksPerQuarter)
        let bad = try KanadeProcess.run(["sample", "--flavor", "wild", "-o", folder + "/x"])
        #expect(bad.status != 0 && bad.stderr.contains("flavor"))
    }
}
