import Foundation
import TestSupport
import Testing

@Suite struct NotesCommandTests {
    struct Listing: Decodable {
        struct Row: Decodable { var track, channel, pitch, velocity, startTick, endTick: Int; var start, end: Double }
        var format: Int
        var ticksPerQuarter: Int
        var notes: [Row]
    }

    @Test func jsonMatchesTheNotesPrettyMidiAndMidoSee() throws {
        let file = fixturePath("midi/interop/pretty_midi_song.mid")
        let result = try KanadeProcess.run(["notes", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let ours = try JSONDecoder().decode(Listing.self, from: Data(result.stdout.utf8))
        let expected = try JSONDecoder().decode(Listing.self, from: Data(contentsOf: URL(fileURLWithPath:
            fixturePath("midi/interop/pretty_midi_song.json"))))
        func key(_ r: Listing.Row) -> String { "\(r.startTick) \(r.channel) \(r.pitch) \(r.endTick) \(r.velocity)" }
        #expect(ours.notes.map(key).sorted() == expected.notes.map(key).sorted())
        let seconds = Dictionary(expected.notes.map { (key($0), ($0.start, $0.end)) }, uniquingKeysWith: { a, _ in a })
        for row in ours.notes {
            let want = try #require(seconds[key(row)])
            #expect(abs(row.start - want.0) < 1e-9 && abs(row.end - want.1) < 1e-9)
        }
        #expect(ours.ticksPerQuarter == 220)
    }

    @Test func tableHasOneLinePerNote() throws {
        let result = try KanadeProcess.run(["notes", fixturePath("midi/interop/music21_melody.mid")])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 13)
        #expect(lines[1].contains("A#4") && lines[1].hasSuffix("1.071"))
    }

    @Test func malformedFileIsOneLineOnStderrAndAFailure() throws {
        let file = fixturePath("midi/malformed/data_byte_over_127.mid")
        let result = try KanadeProcess.run(["notes", file])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(file + ": malformed MIDI event"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func leniencyWarningsGoToStderr() throws {
        let file = fixturePath("midi/malformed/missing_end_of_track.mid")
        let result = try KanadeProcess.run(["notes", file, "--json"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no end-of-track"))
        let quiet = try KanadeProcess.run(["notes", file, "--json", "--quiet"])
        #expect(quiet.stderr.isEmpty)
        #expect(try JSONDecoder().decode(Listing.self, from: Data(quiet.stdout.utf8)).notes.count == 3)
    }
}
