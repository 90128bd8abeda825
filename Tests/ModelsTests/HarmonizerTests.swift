import Foundation
import Models
import Music
import Neural
import Testing
import TestSupport

/// Swift's Coconet against PyTorch on `Tests/Fixtures/coconet/logits.safetensors` (training/coconet/export.py,
/// from the bundled weights), and the harmonizer's promises: the soprano comes back unchanged, the other voices
/// stay in the model's range, the same seed gives the same harmony, and melodies it cannot take get a clear error.
@Suite struct HarmonizerTests {
    static let tolerance: Float = 1e-4

    @Test func logitsMatchPyTorch() throws {
        let file = try SafeTensorsFile(path: fixturePath("coconet/logits.safetensors"))
        let roll = try file.tensor("roll"), known = try file.tensor("known"), logits = try file.tensor("logits")
        let coconet = try Harmonizer(store: bundledModels)
        let (examples, steps) = (roll.shape[0], roll.shape[2])
        #expect(examples == 2 && steps == 32)
        for e in 0..<examples {
            let r = roll.slice(e).scalars, k = known.slice(e).scalars
            let rows = (0..<4).map { v in (0..<steps).map { Int(r[v * steps + $0]) } }
            let mask = (0..<4).map { v in (0..<steps).map { k[v * steps + $0] > 0.5 } }
            let ours = coconet.logits(roll: rows, known: mask)
            #expect(ours.shape == [4, steps, 46])
            let error = relativeError(logits.slice(e).scalars, ours.scalars)
            #expect(error <= Self.tolerance, "example \(e): relative error \(error)")
        }
    }

    /// "Twinkle, twinkle" in C, 4 bars of quarters and halves, at 480 ticks a quarter.
    static func twinkle() -> NoteSequence {
        let pitches = [60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60]
        let lengths = [1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2]
        var tick = 0
        var notes: [Note] = []
        for (p, l) in zip(pitches, lengths) {
            notes.append(Note(pitch: p + 7, startTick: tick, endTick: tick + l * 480 - 20))  // a G-major soprano
            tick += l * 480
        }
        return NoteSequence(tracks: [Track(name: "tune", notes: notes)])
    }

    @Test func sopranoIsUnchangedAndVoicesAreInRange() throws {
        let coconet = try Harmonizer(store: bundledModels)
        let melody = Self.twinkle()
        let satb = try coconet.harmonize(melody, gibbsSteps: 8, seed: 3)
        #expect(satb.tracks.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        #expect(satb.tracks[0].notes == melody.tracks[0].notes)
        for voice in 1..<4 {
            let notes = satb.tracks[voice].notes
            #expect(!notes.isEmpty)
            #expect(notes.allSatisfy { coconet.pitchRange.contains($0.pitch) })
            #expect(notes.first?.startTick == 0 && notes.last?.endTick == 16 * 480)
            #expect(zip(notes, notes.dropFirst()).allSatisfy { $0.endTick == $1.startTick })  // one line, no gaps
        }
        let again = try coconet.harmonize(melody, gibbsSteps: 8, seed: 3)
        #expect(again == satb)
        let other = try coconet.harmonize(melody, gibbsSteps: 8, seed: 4)
        #expect(other.tracks[1...] != satb.tracks[1...])
    }

    @Test func infillKeepsTheKnownCells() throws {
        let coconet = try Harmonizer(store: bundledModels)
        let steps = 32
        let roll = (0..<4).map { v in (0..<steps).map { [72, 67, 60, 48][v] + ($0 / 8) % 2 } }
        var known = Array(repeating: Array(repeating: true, count: steps), count: 4)
        for t in 8..<16 { known[2][t] = false; known[3][t] = false }
        let out = coconet.infill(roll: roll, known: known, gibbsSteps: 8, seed: 1)
        for v in 0..<4 {
            for t in 0..<steps where known[v][t] { #expect(out[v][t] == roll[v][t]) }
            #expect(out[v].allSatisfy { coconet.pitchRange.contains($0) })
        }
    }

    @Test func melodiesItCannotTakeAreNamed() throws {
        let coconet = try Harmonizer(store: bundledModels)
        #expect(throws: HarmonizerError.emptyMelody) { try coconet.harmonize(NoteSequence(), seed: 0) }
        var chord = Self.twinkle()
        chord.tracks[0].notes.append(Note(pitch: 64, startTick: 960, endTick: 1400))
        #expect(throws: HarmonizerError.notMonophonic(tick: 960, bar: 1, beat: 3)) { try coconet.harmonize(chord, seed: 0) }
        var high = Self.twinkle()
        high.tracks[0].notes[4].pitch = 90
        #expect(throws: HarmonizerError.outOfRange(pitch: 90, range: 36...81)) { try coconet.harmonize(high, seed: 0) }
        let long = NoteSequence(tracks: [Track(notes: (0..<300).map { Note(pitch: 67, startTick: $0 * 1920, endTick: $0 * 1920 + 1900) })])
        #expect(throws: HarmonizerError.tooLong(steps: 300 * 16, limit: 1024)) { try coconet.harmonize(long, seed: 0) }
        var two = Self.twinkle()
        two.tracks.append(Track(name: "bass", notes: [Note(pitch: 43, startTick: 0, endTick: 1920)]))
        #expect(throws: HarmonizerError.severalTracks(2)) { try coconet.harmonize(two, seed: 0) }
        let message = HarmonizerError.notMonophonic(tick: 960, bar: 1, beat: 3).description
        #expect(message.contains("bar 1, beat 3"))
    }

    @Test func aBrokenModelFileIsNamed() throws {
        let scratch = TemporaryDirectory("coconet-broken")
        defer { scratch.remove() }
        let good = try Data(contentsOf: URL(fileURLWithPath: try bundledModels.locate(Harmonizer.modelName).path))
        _ = try scratch.write(Array(good.prefix(good.count / 2)), to: "coconet.safetensors")
        let store = ModelStore(folders: [(.environment, scratch.path)])
        #expect {
            _ = try Harmonizer(store: store)
        } throws: { error in
            "\(error)".contains(scratch.file("coconet.safetensors"))
        }
    }
}
