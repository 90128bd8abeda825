import Foundation
import TestSupport
import Testing
@testable import Music

/// Files written by mido, pretty_midi and music21 (training/midi_fixtures/generate.py) read back to the
/// notes those tools report.
@Suite struct MIDIInteropTests {
    struct Expected: Decodable {
        struct ExpectedNote: Decodable {
            var channel: Int, pitch: Int, velocity: Int, startTick: Int, endTick: Int, start: Double, end: Double
        }
        var file: String
        var format: Int
        var ticksPerQuarter: Int
        var notes: [ExpectedNote]
    }

    static let fixtures = ["mido_format0", "mido_format1", "pretty_midi_song", "music21_melody", "quirks_running_status"]

    func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("midi/interop/\(name).json")))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    @Test(arguments: fixtures) func readsTheSameNotesAsTheWritingTool(_ name: String) throws {
        let want = try expected(name)
        let result = try NoteSequence.readMIDIFile(fixturePath("midi/interop/\(name).mid"))
        let sequence = result.sequence
        #expect(result.format == want.format)
        #expect(sequence.ticksPerQuarter == want.ticksPerQuarter)
        let ours = sequence.allNotes.map(\.note).sorted {
            ($0.startTick, $0.channel, $0.pitch, $0.endTick) < ($1.startTick, $1.channel, $1.pitch, $1.endTick)
        }
        #expect(ours.count == want.notes.count)
        for (note, w) in zip(ours, want.notes) {
            #expect(note.pitch == w.pitch && note.velocity == w.velocity && note.channel == w.channel,
                    "\(name): \(note) vs \(w)")
            #expect(note.startTick == w.startTick && note.endTick == w.endTick, "\(name): \(note) vs \(w)")
            #expect(abs(sequence.seconds(atTick: note.startTick) - w.start) < 1e-9)
            #expect(abs(sequence.seconds(atTick: note.endTick) - w.end) < 1e-9)
        }
    }

    @Test func format0IsSplitByChannelWithPrograms() throws {
        let result = try NoteSequence.readMIDIFile(fixturePath("midi/interop/mido_format0.mid"))
        let s = result.sequence
        #expect(s.tracks.map(\.channel) == [0, 1])
        #expect(s.tracks.map(\.program) == [40, 32])
        #expect(s.timeSignatures.first.map { ($0.numerator, $0.denominator) } ?? (0, 0) == (3, 4))
        #expect(s.keySignatures.first?.sharps == -2)
        #expect(s.tempoMap.changes.count == 2)
        #expect(result.warnings.isEmpty)
    }

    @Test func format1KeepsTrackNamesAndTempoChanges() throws {
        let s = try NoteSequence(midiFile: fixturePath("midi/interop/mido_format1.mid"))
        #expect(s.tracks.map(\.name) == ["Lead", "Bass"])
        #expect(s.tracks.map(\.program) == [73, 33])
        #expect(s.tempoMap.changes.map(\.microsecondsPerQuarter) == [600_000, 400_000])
        #expect(s.timeSignatures.first?.numerator == 6 && s.timeSignatures.first?.denominator == 8)
    }

    @Test func prettyMidiDrumsAndSignatureChanges() throws {
        let s = try NoteSequence(midiFile: fixturePath("midi/interop/pretty_midi_song.mid"))
        #expect(s.tracks.contains { $0.isDrums && $0.notes.count == 16 })
        #expect(s.timeSignatures.map(\.numerator) == [4, 2])
        #expect(s.keySignatures.map(\.name) == ["E major", "E major"] || s.keySignatures.count == 2)
        #expect(s.keySignatures.last?.isMinor == true)
    }
}
