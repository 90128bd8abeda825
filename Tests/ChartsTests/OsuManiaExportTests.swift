import Charts
import Testing

@Suite struct OsuManiaExportTests {
    /// The `[HitObjects]` lines as (column, start ms, end ms or nil).
    func hitObjects(_ text: String) -> [(column: Int, start: Int, end: Int?)] {
        guard let section = text.components(separatedBy: "[HitObjects]\n").last else { return [] }
        return section.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 6, let x = Int(fields[0]), let time = Int(fields[2]), let type = Int(fields[3]) else { return nil }
            let end = type & 128 != 0 ? Int(fields[5].split(separator: ":")[0]) : nil
            return (x * 4 / 512, time, end)   // the column osu! computes: floor(x · columns / 512)
        }
    }

    @Test func columnsTimesAndHoldsComeFromTheExactBeats() throws {
        let song = ExampleSongs.song
        let chart = song.charts[0]
        let text = try OsuManiaExport(simfile: song, chart: chart, name: "x.osu").encode()
        #expect(text.hasPrefix("osu file format v14\n"))
        #expect(text.contains("Mode: 3\n") && text.contains("CircleSize:4\n") && text.contains("AudioFilename: song.ogg\n"))
        let objects = hitObjects(text)
        let expected = chart.notes.filter { $0.kind != .mine && $0.kind != .fake }
        try #require(objects.count == expected.count && !expected.isEmpty)
        let timing = song.timing
        for (object, note) in zip(objects, expected) {
            #expect(object.column == note.lane)
            // Within half a millisecond of the exact time: rounded once, never accumulated.
            #expect(abs(Double(object.start) - timing.seconds(at: note.beat) * 1000) <= 0.5)
            if let end = note.end {
                #expect(abs(Double(object.end ?? -1) - timing.seconds(at: end) * 1000) <= 0.5)
            } else {
                #expect(object.end == nil)
            }
        }
    }

    @Test func timingPointsRestartTheGridAfterStops() throws {
        let song = ExampleSongs.song
        let text = try OsuManiaExport(simfile: song, chart: song.charts[1], name: "x.osu").encode()
        let section = try #require(text.components(separatedBy: "[TimingPoints]\n").last?.components(separatedBy: "\n\n").first)
        let points = section.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        // Three tempos and two stops: five red points (uninherited = 1), in time order.
        #expect(points.count == 5)
        #expect(points.allSatisfy { $0.count == 8 && $0[6] == "1" })
        let times = points.compactMap { Int($0[0]) }
        #expect(times == times.sorted())
        #expect(points.first.map { Double($0[1]) } == 60000 / 143.5)
        // The stop at beat 8 (0.418 s): a point where the song resumes.
        let resume = Int(((song.timing.seconds(at: Beat(8)) + 0.418) * 1000).rounded())
        #expect(times.contains(resume))
    }

    @Test func onlyFourLanes() {
        let song = Simfile(timing: Timing(bpm: 120), charts: [Chart(stepsType: "dance-double", difficulty: .easy, meter: 1)])
        #expect(throws: ChartFileError.self) { try OsuManiaExport(simfile: song, chart: song.charts[0], name: "x").encode() }
    }
}
