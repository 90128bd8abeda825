import Foundation
import TestSupport
import Testing
@testable import Music

/// The 72 files of jazz-soft's test-midi-files (MIT; Tests/Fixtures/midi/peers) read the way mido 1.3 reads
/// them: the same notes where mido reads a file; where mido refuses one, a refusal that names the file and
/// the byte, or a reading whose warnings say what was skipped. mido's readings are the fixture
/// `peers/mido.json`, written by `training/midi_fixtures/peer_readings.py`.
@Suite struct PeerConformanceTests {
    struct Reading: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var readable: Bool
        var notes: [[Int]]?
        var error: String?
        var testDescription: String { file }
    }

    static let readings: [Reading] = {
        guard let data = FileManager.default.contents(atPath: fixturePath("midi/peers/mido.json")),
              let all = try? JSONDecoder().decode([Reading].self, from: data) else { return [] }
        return all
    }()

    @Test func theWholeSuiteIsThere() {
        #expect(Self.readings.count == 72)
        #expect(Self.readings.filter(\.readable).count == 62)
    }

    @Test(arguments: readings) func readsLikeMido(_ reading: Reading) throws {
        let path = fixturePath("midi/peers/\(reading.file)")
        do {
            let result = try NoteSequence.readMIDIFile(path)
            let ours = result.sequence.allNotes.map { [$0.note.channel, $0.note.pitch, $0.note.startTick, $0.note.endTick] }
                .sorted { $0.lexicographicallyPrecedes($1) }
            if let notes = reading.notes {
                #expect(ours == notes, "\(reading.file): \(ours.count) notes, mido \(notes.count)")
            } else {
                // mido refuses it and we read it: only with a warning that says what was read past.
                #expect(!result.warnings.isEmpty, "\(reading.file): read without a warning where mido says \(reading.error ?? "")")
            }
        } catch {
            #expect(!reading.readable, "\(reading.file): refused (\(error)) but mido reads it")
            #expect(error.description.contains(reading.file), "\(error.description)")
            #expect(error.description.contains("byte"), "no byte offset: \(error.description)")
        }
    }
}
