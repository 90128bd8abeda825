/// The built-in demo song: 16 bars of 4/4 at 100 BPM in A minor with four tracks (lead melody, electric
/// piano chords, bass, drums), for the workstation's first screen, the synth's demo and benchmarks.
///
/// Written out here rather than loaded from a file so it is always there and always the same.
extension NoteSequence {
    /// The demo song (16 bars, 4 tracks, 480 ticks per quarter).
    public static let demoSong: NoteSequence = {
        let q = 480, bar = 4 * 480
        // Am F C G three times, then F G Em Am. Chord roots and triads as MIDI pitches.
        let progression: [(root: Int, triad: [Int])] = [
            (45, [57, 60, 64]), (41, [57, 60, 65]), (48, [55, 60, 64]), (43, [55, 59, 62]),
        ]
        let ending: [(root: Int, triad: [Int])] = [(41, [57, 60, 65]), (43, [55, 59, 62]), (40, [55, 59, 64]), (45, [57, 60, 64])]
        let chords = Array([progression, progression, progression, ending].joined())

        var chordNotes: [Note] = [], bassNotes: [Note] = [], drumNotes: [Note] = [], melody: [Note] = []
        for (b, chord) in chords.enumerated() {
            let start = b * bar
            // Chords: held half notes, voiced in the middle register.
            for half in 0..<2 {
                for pitch in chord.triad {
                    chordNotes.append(Note(pitch: pitch, velocity: 58, startTick: start + half * 2 * q,
                                           endTick: start + half * 2 * q + 2 * q - 20, channel: 1))
                }
            }
            // Bass: root on 1, octave on the "and" of 2, root on 3, fifth on 4.
            for (offset, interval, length) in [(0, 0, q), (q + q / 2, 12, q / 2), (2 * q, 0, q), (3 * q, 7, q)] {
                bassNotes.append(Note(pitch: chord.root + interval, velocity: 96, startTick: start + offset,
                                      endTick: start + offset + length - 30, channel: 2))
            }
            // Drums: kick on 1 and 3, snare on 2 and 4, closed hi-hat on eighths.
            for eighth in 0..<8 {
                let tick = start + eighth * q / 2
                drumNotes.append(Note(pitch: 42, velocity: eighth % 2 == 0 ? 80 : 60, startTick: tick,
                                      endTick: tick + 60, channel: 9))
                if eighth % 4 == 0 { drumNotes.append(Note(pitch: 36, velocity: 110, startTick: tick, endTick: tick + 120, channel: 9)) }
                if eighth % 4 == 2 { drumNotes.append(Note(pitch: 38, velocity: 100, startTick: tick, endTick: tick + 120, channel: 9)) }
            }
        }
        // Melody: a two-bar phrase over chord tones, answered with variations; rests at phrase ends.
        let phrase: [(step: Int, length: Int, degree: Int)] = [  // in eighths; degree indexes the chord tones
            (0, 2, 2), (2, 1, 1), (3, 1, 0), (4, 3, 1), (7, 1, 2),
            (8, 2, 2), (10, 2, 3), (12, 4, 2),
        ]
        for b in stride(from: 0, to: 16, by: 2) {
            let lift = (b / 2) % 4 == 2 ? 2 : 0  // the third phrase of each half climbs a little
            for (i, n) in phrase.enumerated() {
                let chord = chords[b + n.step / 8]
                let tones = chord.triad.map { $0 + 12 } + [chord.triad[0] + 24]
                var pitch = tones[min(n.degree + (i == phrase.count - 1 ? 0 : lift / 2), tones.count - 1)]
                if b == 14 && i == phrase.count - 1 { pitch = 69 }  // end on the tonic, A4
                let tick = b * bar + n.step * q / 2
                melody.append(Note(pitch: pitch, velocity: 84 + (n.step % 4 == 0 ? 12 : 0), startTick: tick,
                                   endTick: tick + n.length * q / 2 - 24, channel: 0))
            }
        }
        return NoteSequence(
            tempoMap: TempoMap(ticksPerQuarter: q, beatsPerMinute: 100),
            timeSignatures: [TimeSignature()],
            keySignatures: [KeySignature(sharps: 0, isMinor: true)],
            tracks: [
                Track(name: "Melody", program: 80, channel: 0, notes: melody),
                Track(name: "Chords", program: 4, channel: 1, notes: chordNotes),
                Track(name: "Bass", program: 33, channel: 2, notes: bassNotes),
                Track(name: "Drums", program: 0, channel: 9, notes: drumNotes),
            ].map { var t = $0; t.sortNotes(); return t })
    }()
}
