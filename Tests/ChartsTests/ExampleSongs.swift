import Charts

/// Songs built in code for the writer's tests and the written fixtures (Tests/Fixtures/charts/written/).
enum ExampleSongs {
    /// Two charts with every kind of note, 12ths, 16ths, 192nds, tempo changes, stops, a negative offset and
    /// a title with the characters MSD gives meaning to.
    static var song: Simfile {
        let timing = Timing(offset: -0.009, bpms: [
            BPMChange(beat: .zero, bpm: 143.5), BPMChange(beat: Beat(16), bpm: 71.75), BPMChange(beat: Beat(97, 4), bpm: 200),
        ], stops: [Stop(beat: Beat(8), seconds: 0.418), Stop(beat: Beat(25, 3), seconds: 0.05)])
        var hard: [ChartNote] = []
        for i in 0..<32 { hard.append(ChartNote(beat: Beat(i, 2), lane: i % 4)) }
        hard += [
            ChartNote(beat: Beat(17), lane: 0, kind: .hold(end: Beat(19))),
            ChartNote(beat: Beat(17), lane: 3, kind: .roll(end: Beat(37, 2))),
            ChartNote(beat: Beat(52, 3), lane: 1, kind: .mine),
            ChartNote(beat: Beat(20) + Beat(1, 48), lane: 2),
            ChartNote(beat: Beat(21) + Beat(3, 4), lane: 1, kind: .lift),
            ChartNote(beat: Beat(22), lane: 2, kind: .fake),
            ChartNote(beat: Beat(41), lane: 0), ChartNote(beat: Beat(41), lane: 3),
        ]
        let easy = (0..<8).map { ChartNote(beat: Beat(2 * $0), lane: [0, 3, 1, 2][$0 % 4]) }
        return Simfile(title: "Kanade: Test; #1 // written", subtitle: "written by SimfileWriter", artist: "Kanade Tests",
                       music: "song.ogg", timing: timing, charts: [
                           Chart(difficulty: .hard, meter: 9, author: "Kanade", notes: hard),
                           Chart(difficulty: .easy, meter: 2, notes: easy),
                       ], otherTags: [("SAMPLESTART", "12.000000"), ("DISPLAYBPM", "72:200")])
    }

    /// `song` with a third chart carrying its own timing with a delay (only `.ssc` holds it).
    static var songWithChartTiming: Simfile {
        var song = song
        let own = Timing(offset: 0.125, bpms: [BPMChange(beat: .zero, bpm: 180), BPMChange(beat: Beat(6), bpm: 90)],
                         stops: [Stop(beat: Beat(3), seconds: 0.25)], delays: [Stop(beat: Beat(5), seconds: 0.1)])
        song.charts.append(Chart(difficulty: .challenge, meter: 12, author: "own timing",
                                 notes: (0..<24).map { ChartNote(beat: Beat($0, 3), lane: ($0 * 3) % 4) }, timing: own))
        return song
    }
}
