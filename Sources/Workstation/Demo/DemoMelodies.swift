import Music

extension PianoRoll {
    /// The demo session's melodies: slot A is the demo song's opening two-bar phrase (lead, bars 1–2), slot B
    /// a contrasting two bars in the same key (a climbing eighth-note run that falls back to A), so the
    /// interpolation slider has a pair to blend from the first screen.
    public static let demo: PianoRoll = {
        let song = NoteSequence.demoSong
        let q = song.ticksPerQuarter, twoBars = 8 * q
        let lead = song.tracks[0].notes.filter { $0.startTick < twoBars }
        // Eighths up the A minor scale from A4, a turn, then down to a held A4 (MIDI pitches, lengths in eighths).
        let run: [(pitch: Int, eighths: Int)] = [(69, 1), (71, 1), (72, 1), (74, 1), (76, 1), (77, 1), (76, 1), (74, 1),
                                                 (72, 2), (71, 1), (72, 1), (69, 4)]
        var tick = 0
        let answer = run.map { n -> Note in
            defer { tick += n.eighths * q / 2 }
            return Note(pitch: n.pitch, velocity: 96, startTick: tick, endTick: tick + n.eighths * q / 2 - 24, channel: 0)
        }
        var roll = PianoRoll()
        func melody(_ name: String, _ notes: [Note]) -> NoteSequence {
            var m = PianoRoll.emptyMelody(name: name)
            m.tempoMap = song.tempoMap
            m.tracks[0].notes = notes
            return m
        }
        roll.slots = [melody("A", lead), melody("B", answer)]
        return roll
    }()
}
