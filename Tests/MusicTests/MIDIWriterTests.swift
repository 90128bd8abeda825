import Foundation
import TestSupport
import Testing
@testable import Music

/// Files we write read back by us, by mido and by fluidsynth to the same notes.
@Suite struct MIDIWriterTests {
    /// A sequence that exercises the writer: tempo and meter changes, a key, names, several channels,
    /// drums, a re-struck pitch and a zero-length note.
    static let song: NoteSequence = {
        let lead = Track(name: "Lead é", program: 80, channel: 0, notes: (0..<16).map { i in
            Note(pitch: 60 + [0, 2, 4, 7, 9, 7, 4, 2][i % 8], velocity: 70 + i * 3, startTick: i * 240,
                 endTick: i * 240 + 200)
        } + [Note(pitch: 72, velocity: 90, startTick: 3840, endTick: 4800),
             Note(pitch: 72, velocity: 100, startTick: 4320, endTick: 5280),
             Note(pitch: 74, velocity: 50, startTick: 5280, endTick: 5280)])
        let bass = Track(name: "Bass", program: 33, channel: 1, notes: (0..<8).map { i in
            Note(pitch: 36 + i % 3, velocity: 100, startTick: i * 480, endTick: i * 480 + 480, channel: 1)
        })
        let drums = Track(name: "Drums", channel: 9, notes: (0..<16).map { i in
            Note(pitch: [36, 42, 38, 42][i % 4], velocity: 110, startTick: i * 240, endTick: i * 240 + 60, channel: 9)
        })
        return NoteSequence(
            tempoMap: TempoMap(ticksPerQuarter: 480, changes: [TempoChange(tick: 0, beatsPerMinute: 96),
                                                                TempoChange(tick: 1920, beatsPerMinute: 144)]),
            timeSignatures: [TimeSignature(tick: 0), TimeSignature(tick: 3840, numerator: 7, denominator: 8)],
            keySignatures: [KeySignature(sharps: 3, isMinor: true)],
            tracks: [lead, bass, drums])
    }()

    static func sortedNotes(_ s: NoteSequence) -> [Note] {
        s.allNotes.map(\.note).sorted {
            ($0.startTick, $0.channel, $0.pitch, $0.endTick) < ($1.startTick, $1.channel, $1.pitch, $1.endTick)
        }
    }

    @Test func roundTripKeepsEverything() throws {
        let bytes = MIDIFileWriter(sequence: Self.song).encode()
        let result = try MIDIFileReader(bytes: bytes, name: "song").read()
        let back = result.sequence
        #expect(result.warnings.isEmpty)
        #expect(result.format == 1)
        #expect(Self.sortedNotes(back) == Self.sortedNotes(Self.song))
        #expect(back.tempoMap == Self.song.tempoMap)
        #expect(back.timeSignatures == Self.song.timeSignatures)
        #expect(back.keySignatures == Self.song.keySignatures)
        #expect(back.tracks.map(\.name) == ["Lead é", "Bass", "Drums"])
        #expect(back.tracks.map(\.program) == [80, 33, 0])
        #expect(back.tracks.map(\.channel) == [0, 1, 9])
    }

    @Test func writeIsAtomicAndReplacesTheFile() throws {
        let folder = TemporaryDirectory("midi")
        defer { folder.remove() }
        let path = folder.file("song.mid")
        try "not midi".write(toFile: path, atomically: false, encoding: .utf8)
        try Self.song.writeMIDIFile(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["song.mid"])
        #expect(Self.sortedNotes(try NoteSequence(midiFile: path)) == Self.sortedNotes(Self.song))
    }

    @Test func writeIntoAMissingFolderNamesTheFile() {
        let path = "/nonexistent-kanade/song.mid"
        do {
            try Self.song.writeMIDIFile(to: path)
            Issue.record("write succeeded")
        } catch {
            #expect(error.path == path)
            #expect(error.description.hasPrefix(path + ": cannot write"))
        }
    }

    /// The committed files are what the writer makes today, and mido's reading of them (committed by
    /// training/midi_fixtures/mido_notes.py) has our notes. Set KANADE_UPDATE_FIXTURES=1 to rewrite them.
    @Test(arguments: ["kanade_song", "demo_song"])
    func committedFileReadByMidoHasOurNotes(_ name: String) throws {
        let sequence = name == "demo_song" ? NoteSequence.demoSong : Self.song
        let path = fixturePath("midi/written/\(name).mid")
        let bytes = MIDIFileWriter(sequence: sequence).encode()
        if ProcessInfo.processInfo.environment["KANADE_UPDATE_FIXTURES"] == "1" {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        let mido = try JSONDecoder().decode(MidoReading.self,
                                            from: Data(contentsOf: URL(fileURLWithPath: fixturePath("midi/written/\(name).mido.json"))))
        try expectSameNotes(mido, sequence)
    }

    @Test(.enabled(if: Tools.pythonWithMido != nil, "mido is not installed (set KANADE_PYTHON to a python with mido)"))
    func midoReadsWhatWeWrite() throws {
        let folder = TemporaryDirectory("midi")
        defer { folder.remove() }
        let path = folder.file("song.mid")
        try Self.song.writeMIDIFile(to: path)
        let script = fixturePath("../../training/midi_fixtures/mido_notes.py")
        let output = try Tools.run(Tools.pythonWithMido!, [script, path])
        #expect(output.status == 0, "\(output.stderr)")
        try expectSameNotes(try JSONDecoder().decode(MidoReading.self, from: Data(output.stdout.utf8)), Self.song)
    }

    @Test(.enabled(if: Tools.find("fluidsynth") != nil, "fluidsynth is not installed (scripts/install-deps.sh)"))
    func fluidsynthPlaysWhatWeWriteWithoutWarnings() throws {
        let folder = TemporaryDirectory("midi")
        defer { folder.remove() }
        let path = folder.file("song.mid")
        try Self.song.writeMIDIFile(to: path)
        // -d dumps every event fluidsynth's player sends; no soundfont is needed to parse and play the file.
        let output = try Tools.run(Tools.find("fluidsynth")!, ["-ni", "-d", "-F", folder.file("out.wav"), "-r", "22050", path])
        #expect(output.status == 0)
        #expect(!output.stderr.contains("warning") && !output.stderr.contains("error"), "\(output.stderr)")
        // Pair fluidsynth's note-ons and note-offs first in, first out, and compare with our notes.
        var open: [String: [Int]] = [:]
        var played: [(channel: Int, pitch: Int, velocity: Int)] = []
        for line in output.stdout.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 4, let c = Int(f[1]), let p = Int(f[2]), let v = Int(f[3]) else { continue }
            if f[0] == "event_post_noteon" && v > 0 { open["\(c) \(p)", default: []].append(v) }
            else if f[0] == "event_post_noteoff" || f[0] == "event_post_noteon", var list = open["\(c) \(p)"], !list.isEmpty {
                played.append((c, p, list.removeFirst()))
                open["\(c) \(p)"] = list
            }
        }
        let ours = Self.sortedNotes(Self.song).map { "\($0.channel) \($0.pitch) \($0.velocity)" }.sorted()
        #expect(played.map { "\($0.channel) \($0.pitch) \($0.velocity)" }.sorted() == ours)
    }

    struct MidoReading: Decodable {
        struct MidoNote: Decodable { var channel, pitch, velocity, startTick, endTick: Int; var start, end: Double }
        var format: Int
        var ticksPerQuarter: Int
        var notes: [MidoNote]
    }

    func expectSameNotes(_ mido: MidoReading, _ sequence: NoteSequence) throws {
        #expect(mido.format == 1 && mido.ticksPerQuarter == sequence.ticksPerQuarter)
        let ours = Self.sortedNotes(sequence)
        try #require(mido.notes.count == ours.count)
        for (m, n) in zip(mido.notes, ours) {
            #expect((m.channel, m.pitch, m.velocity, m.startTick, m.endTick) ==
                    (n.channel, n.pitch, n.velocity, n.startTick, n.endTick))
            #expect(abs(m.start - sequence.seconds(atTick: n.startTick)) < 1e-9)
            #expect(abs(m.end - sequence.seconds(atTick: n.endTick)) < 1e-9)
        }
    }
}

extension MIDIWriterTests {
    @Test func gapsLongerThanAVariableLengthNumberAreBridged() throws {
        let far = MIDIFileWriter.maximumDelta * 2 + 1234
        let sequence = NoteSequence(tracks: [Track(notes: [Note(pitch: 60, startTick: 0, endTick: 10),
                                                           Note(pitch: 62, startTick: far, endTick: far + 10)])])
        let back = try MIDIFileReader(bytes: MIDIFileWriter(sequence: sequence).encode(), name: "far").read()
        #expect(back.warnings.isEmpty)
        #expect(Self.sortedNotes(back.sequence) == Self.sortedNotes(sequence))
    }
}
