import Testing
@testable import Music

@Suite struct NoteSequenceTests {
    @Test func noteClampsToMIDIRanges() {
        let note = Note(pitch: 200, velocity: 0, startTick: -5, endTick: -10, channel: 20)
        #expect(note.pitch == 127 && note.velocity == 1 && note.startTick == 0 && note.endTick == 0 && note.channel == 15)
    }

    @Test func barStartsFollowTimeSignatureChanges() {
        // Two bars of 4/4, then 3/4, at 480 ticks per quarter.
        let sequence = NoteSequence(timeSignatures: [TimeSignature(tick: 0), TimeSignature(tick: 3840, numerator: 3)])
        #expect(sequence.barStarts(before: 3840 + 1440 * 2) == [0, 1920, 3840, 5280])
        #expect(sequence.timeSignature(atTick: 4000).numerator == 3)
        #expect(TimeSignature(numerator: 6, denominator: 8).ticksPerBar(ticksPerQuarter: 480) == 1440)
        #expect(TimeSignature(denominator: 5).denominator == 4)
    }

    @Test func allNotesAreSortedAcrossTracks() {
        let sequence = NoteSequence(tracks: [
            Track(notes: [Note(pitch: 60, startTick: 480, endTick: 960)]),
            Track(notes: [Note(pitch: 48, startTick: 0, endTick: 1920)]),
        ])
        #expect(sequence.allNotes.map(\.track) == [1, 0])
        #expect(sequence.endTick == 1920)
        #expect(sequence.durationSeconds == 2)
        #expect(sequence.tick(atSeconds: 0.5) == 480)
    }

    @Test func keySignatureNames() {
        #expect(KeySignature(sharps: 2).name == "D major")
        #expect(KeySignature(sharps: -5, isMinor: true).name == "B♭ minor")
        #expect(KeySignature(sharps: 0, isMinor: true).name == "A minor")
    }
}
