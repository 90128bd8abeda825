import Foundation
import Models
import Music
import Neural
import Testing
import TestSupport

/// Swift's MelodyRNN against PyTorch on `Tests/Fixtures/melody-rnn/logits.safetensors` (training/melody_rnn/export.py,
/// from the bundled weights), and the continuer's promises: takes start with the primer unchanged, are as long as
/// asked, follow the seed, stay in the primer's key when it has one, and bad primers get a clear error.
@Suite struct MelodyContinuerTests {
    static let tolerance: Float = 1e-4

    @Test func logitsMatchPyTorch() throws {
        let file = try SafeTensorsFile(path: fixturePath("melody-rnn/logits.safetensors"))
        let events = try file.tensor("events"), logits = try file.tensor("logits")
        let rnn = try MelodyContinuer(store: bundledModels)
        #expect(events.shape[0] == 2)
        for row in 0..<events.shape[0] {
            let classes = events.slice(row).scalars.map { Int($0) }
            let ours = rnn.logits(after: classes)
            #expect(ours.shape == [classes.count, 90])
            let error = relativeError(logits.slice(row).scalars, ours.scalars)
            #expect(error <= Self.tolerance, "row \(row): relative error \(error)")
        }
    }

    /// Two bars in G major: quarter notes.
    static func primer() -> NoteSequence {
        let pitches = [67, 71, 74, 71, 72, 69, 66, 67]
        return NoteSequence(tracks: [Track(name: "tune", notes: pitches.enumerated().map {
            Note(pitch: $1, startTick: $0 * 480, endTick: $0 * 480 + 440)
        })])
    }

    @Test func takesKeepThePrimerAndStayInItsKey() throws {
        let rnn = try MelodyContinuer(store: bundledModels)
        let primer = Self.primer()
        let takes = try rnn.continuations(of: primer, bars: 4, variations: 3, temperature: 1, seed: 5)
        #expect(takes.count == 3)
        let gMajor: Set<Int> = [7, 9, 11, 0, 2, 4, 6]
        for take in takes {
            let notes = take.tracks[0].notes
            #expect(Array(notes.prefix(8)) == primer.tracks[0].notes)
            let added = notes.dropFirst(8)
            #expect(added.allSatisfy { $0.startTick >= 2 * 1920 && $0.endTick <= 6 * 1920 })
            #expect(added.allSatisfy { gMajor.contains($0.pitch % 12) })
        }
        #expect(takes[0] != takes[1] || takes[1] != takes[2])  // variations differ
        #expect(try rnn.continuations(of: primer, bars: 4, variations: 3, temperature: 1, seed: 5) == takes)
    }

    @Test func keyMaskOnlyForPrimersInAKey() {
        #expect(MelodyContinuer.keyMask([60, 62, 64, 65, 67]) != nil)
        #expect(MelodyContinuer.keyMask([60, 61, 62, 63, 64, 65, 66, 67]) == nil)  // chromatic: no key
        #expect(MelodyContinuer.keyMask([]) == nil)
    }

    @Test func badPrimersAreNamed() throws {
        let rnn = try MelodyContinuer(store: bundledModels)
        #expect(throws: ContinuerError.emptyPrimer) { try rnn.continuations(of: NoteSequence(), bars: 2, variations: 1, temperature: 1, seed: 0) }
        var chord = Self.primer()
        chord.tracks[0].notes.append(Note(pitch: 79, startTick: 480, endTick: 900))
        #expect(throws: ContinuerError.notMonophonic(bar: 1, beat: 2)) { try rnn.continuations(of: chord, bars: 2, variations: 1, temperature: 1, seed: 0) }
        let long = NoteSequence(tracks: [Track(notes: (0..<70).map { Note(pitch: 67, startTick: $0 * 1920, endTick: $0 * 1920 + 960) })])
        #expect(throws: ContinuerError.primerTooLong(bars: 70, limit: 64)) { try rnn.continuations(of: long, bars: 2, variations: 1, temperature: 1, seed: 0) }
        #expect(throws: ContinuerError.badVariations(9, limit: 8)) { try rnn.continuations(of: Self.primer(), bars: 2, variations: 9, temperature: 1, seed: 0) }
        #expect(throws: ContinuerError.badLength(bars: 0, limit: 32)) { try rnn.continuations(of: Self.primer(), bars: 0, variations: 1, temperature: 1, seed: 0) }
    }

    @Test func aBrokenModelFileIsNamed() throws {
        let scratch = TemporaryDirectory("melody-rnn-broken")
        defer { scratch.remove() }
        let good = try Data(contentsOf: URL(fileURLWithPath: try bundledModels.locate(MelodyContinuer.modelName).path))
        _ = try scratch.write(Array(good.prefix(100)), to: "melody-rnn.safetensors")
        #expect {
            _ = try MelodyContinuer(store: ModelStore(folders: [(.environment, scratch.path)]))
        } throws: { error in
            "\(error)".contains(scratch.file("melody-rnn.safetensors"))
        }
    }
}
