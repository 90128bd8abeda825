import Testing
@testable import Music

@Suite struct DemoSongTests {
    let song = NoteSequence.demoSong

    @Test func sixteenBarsFourTracks() {
        #expect(song.tracks.map(\.name) == ["Melody", "Chords", "Bass", "Drums"])
        #expect(song.barStarts(before: song.endTick).count == 16)
        #expect(song.tracks[3].isDrums)
        #expect(abs(song.durationSeconds - 16 * 4 * 0.6) < 0.1)
    }

    @Test func melodyIsMonophonicAndEncodes() {
        let melody = song.tracks[0].notes
        #expect(melody.count > 1)
        for (a, b) in zip(melody, melody.dropFirst()) { #expect(a.endTick <= b.startTick) }
        let events = MelodyEncoding.events(from: melody, ticksPerQuarter: song.ticksPerQuarter, bars: 16)
        #expect(events.count == 256)
        let back = MelodyEncoding.notes(from: events, ticksPerQuarter: song.ticksPerQuarter)
        #expect(back.map(\.pitch) == melody.map(\.pitch))
        #expect(back.map(\.startTick) == melody.map(\.startTick))
        #expect(melody.last?.pitch == 69)
    }

    @Test func survivesAMIDIRoundTrip() throws {
        let back = try MIDIFileReader(bytes: MIDIFileWriter(sequence: song).encode(), name: "demo").read().sequence
        #expect(back.tracks.map(\.notes) == song.tracks.map(\.notes))
    }
}
