import Foundation
@testable import Models
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

    /// The voice-leading check gives PyTorch's roll exactly (training/coconet/voice_leading.py on the same raw
    /// Gibbs output): the same parallels found, the same notes chosen to mend them.
    @Test func voiceLeadingCheckMatchesPyTorch() throws {
        let file = try SafeTensorsFile(path: fixturePath("coconet/logits.safetensors"))
        let coconet = try Harmonizer(store: bundledModels)
        func rows(_ name: String) throws -> [[Int]] {
            let t = try file.tensor(name)
            let steps = t.shape[1]
            return (0..<4).map { v in (0..<steps).map { Int(t.scalars[v * steps + $0]) } }
        }
        let raw = try rows("vl_raw"), expected = try rows("vl_fixed")
        let known = try rows("vl_known").map { $0.map { $0 != 0 } }
        let lowest = coconet.pitchRange.lowerBound
        var roll = raw.map { $0.map { $0 - lowest } }
        let repairs = coconet.repairParallels(&roll, known: known)
        let fixed = roll.map { $0.map { $0 + lowest } }
        #expect(repairs > 0)
        #expect(fixed == expected)
        #expect(fixed[0] == raw[0])
        #expect(VoiceLeading.parallels(in: fixed).count < VoiceLeading.parallels(in: raw).count)
    }

    @Test func parallelRulesFollowTheTextbook() {
        #expect(VoiceLeading.movesInParallel(67, 69, 60, 62))      // fifths up
        #expect(VoiceLeading.movesInParallel(72, 71, 48, 47))      // octaves (two apart) down
        #expect(VoiceLeading.movesInParallel(60, 62, 60, 62))      // unisons
        #expect(!VoiceLeading.movesInParallel(67, 69, 60, 60))     // one voice holds: oblique
        #expect(!VoiceLeading.movesInParallel(67, 65, 60, 62))     // contrary
        #expect(!VoiceLeading.movesInParallel(67, 69, 60, 65))     // a fifth to a fourth
        #expect(!VoiceLeading.movesInParallel(64, 67, 60, 60))     // not both moving
        #expect(!VoiceLeading.movesInParallel(55, 60, 48, 41))     // contrary into an octave
        // S and A a fifth apart, S and B two octaves, both pairs moving up a tone; A and B are a fourth apart.
        let roll = [[72, 74], [65, 67], [60, 60], [48, 50]]
        #expect(VoiceLeading.parallels(in: roll) == [.init(step: 1, upper: 0, lower: 1), .init(step: 1, upper: 0, lower: 3)])
    }

    /// With the check the harmonisations hold fewer parallels than without it, on the same seeds.
    @Test func theCheckRemovesParallels() throws {
        let coconet = try Harmonizer(store: bundledModels)
        let line = try ChoraleRoll.soprano(of: Self.twinkle(), range: coconet.pitchRange, maximumSteps: Harmonizer.maximumSteps)
        var (raw, checked) = (0, 0)
        for seed in UInt64(1)...4 {
            raw += VoiceLeading.parallels(in: coconet.harmonize(soprano: line.steps, gibbsSteps: 8, seed: seed, voiceLeading: false)).count
            checked += VoiceLeading.parallels(in: coconet.harmonize(soprano: line.steps, gibbsSteps: 8, seed: seed)).count
        }
        #expect(raw > 0)
        #expect(checked < raw)
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
