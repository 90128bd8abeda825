@testable import Charts
import Foundation
import TestSupport
import Testing

@Suite struct SimfileWriterTests {
    static let written: [(fixture: String, song: Simfile)] = [
        ("charts/written/song.sm", ExampleSongs.song),
        ("charts/written/song.ssc", ExampleSongs.songWithChartTiming),
    ]

    @Test(arguments: [SimfileFormat.sm, .ssc]) func roundTrips(_ format: SimfileFormat) throws {
        let song = format == .sm ? ExampleSongs.song : ExampleSongs.songWithChartTiming
        let text = try SimfileWriter(simfile: song, format: format, name: "mem").encode()
        var reader = SimfileReader(bytes: Array(text.utf8), name: "mem", format: format)
        let result = try reader.read()
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.simfile == song)
        #expect(result.simfile.charts.count == song.charts.count && song.charts.count >= 2)
    }

    /// The committed files are what the writer writes today (`KANADE_WRITE_FIXTURES=1` rewrites them); their
    /// `.simfile.json` is the Python `simfile` library's reading of them (training/charts/read_with_simfile.py).
    @Test func writtenFixturesAreTheWritersOutputAndSimfileReadsThemBack() throws {
        for (fixture, song) in Self.written {
            let path = fixturePath(fixture)
            let text = try SimfileWriter(simfile: song, format: SimfileFormat(path: path) ?? .sm, name: path).encode()
            if ProcessInfo.processInfo.environment["KANADE_WRITE_FIXTURES"] == "1" {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "\(fixture) is stale")
            let reading = try SimfileReading.load(fixture)
            #expect(reading.title == song.title)
            #expect(Double(reading.offset) == song.timing.offset)
            #expect(reading.bpms.map { $0[0] } == song.timing.bpms.map { SimfileReading.fraction($0.beat) })
            #expect(reading.bpms.map { Double($0[1]) } == song.timing.bpms.map(\.bpm))
            #expect(reading.stops.map { Double($0[1]) } == song.timing.stops.map(\.seconds))
            try #require(reading.charts.count == song.charts.count)
            for (chart, read) in zip(song.charts, reading.charts) {
                #expect(read.notes == SimfileReading.entries(chart), "\(fixture) \(chart.difficulty)")
                #expect(read.difficulty == chart.difficulty.rawValue && read.meter == "\(chart.meter)")
                let timing = song.timing(of: chart)
                #expect(read.delays.map { $0[0] } == timing.delays.map { SimfileReading.fraction($0.beat) })
                #expect(Double(read.offset) == timing.offset)
                for (entry, seconds) in zip(read.notes, read.seconds) {
                    let parts = entry.beat.split(separator: "/").compactMap { Int($0) }
                    #expect(abs(timing.seconds(at: Beat(parts[0], parts[1])) - (Double(seconds) ?? .nan)) < 1e-6)
                }
            }
        }
    }

    @Test func measuresUseTheFewestRows() throws {
        let song = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .easy, meter: 1, notes: [
            ChartNote(beat: .zero, lane: 0), ChartNote(beat: Beat(2), lane: 1),                 // quarters: 4 rows
            ChartNote(beat: Beat(4) + Beat(1, 3), lane: 2),                                      // a triplet: 12 rows
            ChartNote(beat: Beat(8) + Beat(1, 48), lane: 3),                                     // a 192nd: 192 rows
        ])])
        let text = try SimfileWriter(simfile: song, format: .sm, name: "mem").encode()
        let data = try #require(text.components(separatedBy: "#NOTES:").last?.split(separator: ":").last)
        let measures = data.split(separator: ",").map { $0.split(separator: "\n").filter { $0.count == 4 }.count }
        #expect(measures == [4, 12, 192])
    }

    @Test func refusesWhatTheFormatCannotHold() {
        func problem(_ song: Simfile, _ format: SimfileFormat) -> ChartFileError.Problem? {
            do { _ = try SimfileWriter(simfile: song, format: format, name: "x").encode(); return nil } catch { return error.problem }
        }
        let offGrid = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .easy, meter: 1, notes: [
            ChartNote(beat: Beat(1, 5), lane: 0)])])
        let negative = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .easy, meter: 1, notes: [
            ChartNote(beat: Beat(-1), lane: 0)])])
        let clash = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .easy, meter: 1, notes: [
            ChartNote(beat: .zero, lane: 0, kind: .hold(end: Beat(1))), ChartNote(beat: Beat(1), lane: 0)])])
        for song in [offGrid, negative, clash] {
            guard case .unwritable = problem(song, .sm) else { Issue.record("wrote \(song.charts)"); continue }
        }
        guard case .unwritable = problem(ExampleSongs.songWithChartTiming, .sm) else {
            Issue.record("wrote a chart's own timing to .sm")
            return
        }
        #expect(problem(ExampleSongs.songWithChartTiming, .ssc) == nil)
    }

    @Test func writesAtomicallyAndNeverReplacesUnasked() throws {
        let dir = TemporaryDirectory("charts-writer")
        defer { dir.remove() }
        let path = dir.file("mine.sm")
        try "a person's file".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ChartFileError(path: path, problem: .alreadyExists)) {
            try SimfileWriter.write(ExampleSongs.song, to: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a person's file")
        try SimfileWriter.write(ExampleSongs.song, to: path, replacing: true)
        #expect(try SimfileReader.read(path).simfile == ExampleSongs.song)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["mine.sm"])   // no temp left
        do {
            try SimfileWriter.write(ExampleSongs.song, to: dir.file("missing/folder.sm"))
            Issue.record("wrote into a missing folder")
        } catch {
            #expect(error.description.hasPrefix(dir.file("missing/folder.sm") + ": cannot write"))
        }
    }
}

@Suite struct SimfileWriterNumberTests {
    /// Found by `make fuzz-charts`: an offset with seven decimals lost its last digit on the way back.
    @Test func numbersKeepTheirValue() throws {
        for value in [-0.0090006, 0.1 + 0.2, 143.5, 1e-9, 123456.000001, -0.0] {
            let text = SimfileWriter.number(value)
            #expect(Double(text) == value, "\(value) written as \(text)")
            #expect(!text.contains("e"))
        }
        #expect(SimfileWriter.number(120) == "120.000000")
        let song = Simfile(timing: Timing(offset: -0.0090006, bpm: 143.123456789))
        let text = try SimfileWriter(simfile: song, format: .ssc, name: "mem").encode()
        var reader = SimfileReader(bytes: Array(text.utf8), name: "mem", format: .ssc)
        #expect(try reader.read().simfile == song)
    }
}
