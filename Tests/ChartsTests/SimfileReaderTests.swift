import Charts
import Foundation
import TestSupport
import Testing

/// Our reader against the Python `simfile` library's reading of hand-made files (charts.md §4), and against
/// damaged input.
@Suite struct SimfileReaderTests {
    static let handmade = ["charts/handmade/handmade.sm", "charts/handmade/handmade.ssc"]

    @Test(arguments: handmade) func readsWhatSimfileReads(_ fixture: String) throws {
        let expected = try SimfileReading.load(fixture)
        let result = try SimfileReader.read(fixturePath(fixture))
        let song = result.simfile
        #expect(song.title == expected.title && song.artist == expected.artist && song.music == expected.music)
        #expect(song.timing.offset == Double(expected.offset))
        #expect(song.timing.bpms.map { SimfileReading.fraction($0.beat) } == expected.bpms.map { $0[0] })
        #expect(song.timing.bpms.map(\.bpm) == expected.bpms.map { Double($0[1]) })
        #expect(song.timing.stops.map { SimfileReading.fraction($0.beat) } == expected.stops.map { $0[0] })
        #expect(song.timing.stops.map(\.seconds) == expected.stops.map { Double($0[1]) })
        try #require(song.charts.count == expected.charts.count)
        #expect(!expected.charts.isEmpty)
        for (chart, reading) in zip(song.charts, expected.charts) {
            #expect(chart.stepsType == reading.stepstype)
            #expect(chart.difficulty.rawValue == reading.difficulty)
            #expect("\(chart.meter)" == reading.meter)
            let timing = song.timing(of: chart)
            #expect(timing.offset == Double(reading.offset))
            #expect(timing.bpms.map { SimfileReading.fraction($0.beat) } == reading.bpms.map { $0[0] })
            #expect(timing.stops.map { SimfileReading.fraction($0.beat) } == reading.stops.map { $0[0] })
            #expect(timing.delays.map { SimfileReading.fraction($0.beat) } == reading.delays.map { $0[0] })
            let entries = SimfileReading.entries(chart)
            #expect(entries == reading.notes)
            #expect(!entries.isEmpty)
            // The same seconds for every note as simfile's timing engine (which rounds to 6 places here).
            try #require(entries.count == reading.seconds.count)
            for (entry, seconds) in zip(entries, reading.seconds) {
                let parts = entry.beat.split(separator: "/").compactMap { Int($0) }
                let ours = timing.seconds(at: Beat(parts[0], parts[1]))
                #expect(abs(ours - (Double(seconds) ?? .nan)) < 1e-6, "\(fixture): \(entry) at \(ours), simfile \(seconds)")
            }
        }
    }

    @Test func handmadeDetails() throws {
        let result = try SimfileReader.read(fixturePath("charts/handmade/handmade.sm"))
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let hard = try #require(result.simfile.charts.first)
        #expect(hard.notes.contains(ChartNote(beat: Beat(4), lane: 0, kind: .hold(end: Beat(6)))))
        #expect(hard.notes.contains(ChartNote(beat: Beat(6), lane: 1, kind: .roll(end: Beat(7)))))
        #expect(hard.notes.contains(ChartNote(beat: Beat(28, 3), lane: 1, kind: .mine)))
        #expect(hard.notes.contains(ChartNote(beat: Beat(16) + Beat(1, 48), lane: 0)))   // a 192nd row
        #expect(result.simfile.otherTags.map(\.name) == ["SAMPLESTART", "SAMPLELENGTH", "DISPLAYBPM"])
        #expect(result.simfile.otherTags.last?.value == "90:150")
        let ssc = try SimfileReader.read(fixturePath("charts/handmade/handmade.ssc")).simfile
        #expect(ssc.charts[0].timing == nil && ssc.charts[1].timing?.delays == [Stop(beat: Beat(6), seconds: 0.1)])
    }

    @Test func lenientReadsWarnWithTheLine() throws {
        let text = """
        #TITLE:x;
        #BPMS:0=120,bogus,4=-60;
        #NOTES:dance-single::Expert:x::
        1000
        0300
        2000
        00Z0
        ,
        0000
        ;
        """
        var reader = SimfileReader(bytes: Array(text.utf8), name: "lenient.sm", format: .sm)
        let result = try reader.read()
        let chart = try #require(result.simfile.charts.first)
        #expect(chart.difficulty == .challenge && chart.meter == 1)
        #expect(chart.notes == [ChartNote(beat: .zero, lane: 0), ChartNote(beat: Beat(2), lane: 0)])
        #expect(result.simfile.timing.bpms == [BPMChange(beat: .zero, bpm: 120)])
        let lines = result.warnings.map(\.line)
        #expect(lines.contains(2) && lines.contains(3) && lines.contains(5) && lines.contains(6) && lines.contains(7),
                "\(result.warnings)")
    }

    @Test func missingSemicolonEndsAtTheNextTag() throws {
        let text = "#TITLE:a\n#BPMS:0=128;\n#NOTES:dance-single::Easy:2::\n1000\n0000\n0000\n0000\n"
        var reader = SimfileReader(bytes: Array(text.utf8), name: "cut.sm", format: .sm)
        let result = try reader.read()
        #expect(result.simfile.title == "a")
        #expect(result.simfile.charts.first?.notes.count == 1)
        #expect(result.warnings.contains { $0.line == 1 } && result.warnings.contains { $0.line == 3 })
    }

    @Test func errorsNameTheFileAndLine() {
        func failure(_ text: String) -> ChartFileError? {
            var reader = SimfileReader(bytes: Array(text.utf8), name: "bad.sm", format: .sm)
            do { _ = try reader.read(); return nil } catch { return error }
        }
        #expect(failure("hello")?.problem == .notASimfile)
        #expect(failure("#TITLE:x;")?.problem == .noTempo)
        let offset = failure("#TITLE:x;\n#OFFSET:abc;\n#BPMS:0=120;")
        #expect(offset?.line == 2 && offset?.description.hasPrefix("bad.sm:2: bad #OFFSET") == true)
        let row = failure("#BPMS:0=120;\n#NOTES:dance-single::Easy:1::\n1000\n010\n;")
        #expect(row?.line == 4, "\(String(describing: row))")
        #expect(row?.description.hasPrefix("bad.sm:4: bad note row") == true)
        do {
            _ = try SimfileReader.read("/nonexistent/song.sm")
            Issue.record("read a missing file")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/song.sm: cannot read"))
        }
    }

    @Test(arguments: handmade) func everyPrefixIsAValueOrANamedError(_ fixture: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(fixture))))
        let format = SimfileFormat(path: fixture) ?? .sm
        var errors = 0, reads = 0
        for n in 0...bytes.count {
            var reader = SimfileReader(bytes: Array(bytes[..<n]), name: "cut", format: format)
            do { _ = try reader.read(); reads += 1 } catch {
                errors += 1
                #expect(error.description.hasPrefix("cut"), "prefix \(n): \(error)")
            }
        }
        // Prefixes before #BPMS has a value cannot be timed; most after it read.
        #expect(errors > 50, "\(errors) of \(bytes.count + 1) prefixes failed")
        #expect(reads > bytes.count / 2, "\(reads) of \(bytes.count + 1) prefixes read")
    }

    /// The hand-made file with 1…8 random bytes overwritten, 2000 times from one printed seed.
    @Test func randomBytesNeverCrash() throws {
        let seed: UInt64 = 0x4B61_6E61_6465_534D
        print("SimfileReaderTests.randomBytesNeverCrash: seed 0x\(String(seed, radix: 16))")
        var random = TestRandom(seed: seed)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("charts/handmade/handmade.ssc"))))
        let alphabet = Array("#:;,/\\\n0123M&{[]}x".utf8)
        var errors = 0, reads = 0
        for round in 0..<2000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let byte = Bool.random(using: &random) ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = byte
            }
            var reader = SimfileReader(bytes: bytes, name: "random", format: round % 2 == 0 ? .ssc : .sm)
            do { _ = try reader.read(); reads += 1 } catch {
                errors += 1
                #expect(error.description.hasPrefix("random"), "seed 0x\(String(seed, radix: 16)), round \(round): \(error)")
            }
        }
        #expect(errors > 0 && reads > 0, "seed 0x\(String(seed, radix: 16)): \(reads) read, \(errors) errors")
    }
}
