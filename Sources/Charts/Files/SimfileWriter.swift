import Foundation
import Music

/// Writes a `Simfile` as `.sm` or `.ssc` text, and to disk atomically (`Music.AtomicFile`).
///
/// Each measure gets the fewest rows (4, 8, 12, 16, 24, 32, 48, 64, 96 or 192) that hold its notes
/// exactly; numbers get six decimals, so a beat on a 192nd reads back to the same fraction.
public struct SimfileWriter {
    /// The simfile to write.
    public let simfile: Simfile
    /// The format.
    public let format: SimfileFormat
    /// The path (or a name) errors mention.
    public let name: String

    /// Rows per measure StepMania's editor writes, smallest first.
    static let rowCounts = [4, 8, 12, 16, 24, 32, 48, 64, 96, 192]

    /// A writer of `simfile` in `format`; `name` is used in errors.
    public init(simfile: Simfile, format: SimfileFormat, name: String) {
        self.simfile = simfile
        self.format = format
        self.name = name
    }

    /// Writes to `path` through a temporary file and a rename. An existing file is replaced only when
    /// `replacing` is true, so a person's file is never overwritten unasked.
    public static func write(_ simfile: Simfile, to path: String, format: SimfileFormat? = nil,
                             replacing: Bool = false) throws(ChartFileError) {
        let writer = SimfileWriter(simfile: simfile, format: format ?? SimfileFormat(path: path) ?? .sm, name: path)
        let text = try writer.encode()
        if !replacing && FileManager.default.fileExists(atPath: path) {
            throw ChartFileError(path: path, problem: .alreadyExists)
        }
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw ChartFileError(path: path, problem: .cannotWrite(error.reason))
        }
    }

    /// The file's text.
    public func encode() throws(ChartFileError) -> String {
        var out = ""
        if format == .ssc { out += "#VERSION:0.83;\n" }
        out += tag("TITLE", simfile.title)
        out += tag("SUBTITLE", simfile.subtitle)
        out += tag("ARTIST", simfile.artist)
        out += tag("MUSIC", simfile.music)
        out += try timingTags(simfile.timing, chart: nil)
        for (tagName, value) in simfile.otherTags where !Self.handledTags.contains(tagName) {
            // Their colons separate parameters (`#DISPLAYBPM:72:200`), so they stay unescaped.
            out += "#\(tagName):\(escape(value, colons: false));\n"
        }
        for (index, chart) in simfile.charts.enumerated() {
            out += "\n"
            let data = try noteData(chart, index: index)
            switch format {
            case .sm:
                if let own = chart.timing, own != simfile.timing {
                    throw unwritable("chart \(index + 1) (\(chart.difficulty.rawValue)) has its own timing; write .ssc")
                }
                out += comment(chart)
                out += "#NOTES:\n"
                out += "     \(escape(chart.stepsType)):\n"
                out += "     \(escape(chart.author)):\n"
                out += "     \(chart.difficulty.rawValue):\n"
                out += "     \(chart.meter):\n"
                out += "     \(radar(chart)):\n"
                out += data + ";\n"
            case .ssc:
                out += comment(chart)
                out += "#NOTEDATA:;\n"
                out += tag("STEPSTYPE", chart.stepsType)
                out += tag("DESCRIPTION", chart.author)
                out += tag("DIFFICULTY", chart.difficulty.rawValue)
                out += tag("METER", "\(chart.meter)")
                out += "#RADARVALUES:\(radar(chart));\n"
                if let own = chart.timing { out += try timingTags(own, chart: index) }
                out += "#NOTES:\n" + data + ";\n"
            }
        }
        return out
    }

    /// Tags written from the model; a copy among `otherTags` would contradict it.
    static let handledTags: Set<String> = ["VERSION", "TITLE", "SUBTITLE", "ARTIST", "MUSIC", "OFFSET", "BPMS",
                                           "STOPS", "FREEZES", "DELAYS", "NOTES", "NOTEDATA"]

    private func timingTags(_ timing: Timing, chart: Int?) throws(ChartFileError) -> String {
        if format == .sm && !timing.delays.isEmpty {
            throw unwritable("delays are .ssc only; write .ssc")
        }
        for change in timing.bpms where !change.beat.isOnTick || change.beat < .zero {
            throw unwritable("tempo change at beat \(change.beat) is not on a 192nd at or after beat 0")
        }
        for pause in timing.stops + timing.delays where !pause.beat.isOnTick {
            throw unwritable("stop at beat \(pause.beat) is not on a 192nd")
        }
        var out = "#OFFSET:\(Self.number(timing.offset));\n"
        out += "#BPMS:" + timing.bpms.map { "\(Self.beatNumber($0.beat))=\(Self.number($0.bpm))" }
            .joined(separator: ",\n") + ";\n"
        out += "#STOPS:" + timing.stops.map { "\(Self.beatNumber($0.beat))=\(Self.number($0.seconds))" }
            .joined(separator: ",\n") + ";\n"
        if format == .ssc {
            out += "#DELAYS:" + timing.delays.map { "\(Self.beatNumber($0.beat))=\(Self.number($0.seconds))" }
                .joined(separator: ",\n") + ";\n"
        }
        return out
    }

    /// The line StepMania's editor writes before each chart; a comment, so it must stay on one line.
    private func comment(_ chart: Chart) -> String {
        let words = "\(chart.stepsType) - \(chart.author)".map { $0.isNewline ? " " : $0 }
        return "//---------------\(String(words))----------------\n"
    }

    private func radar(_ chart: Chart) -> String { escape(chart.radarValues) }

    /// The measures of `chart`, each with the fewest rows that hold it exactly.
    private func noteData(_ chart: Chart, index: Int) throws(ChartFileError) -> String {
        // Every character to write: heads and taps at their beat, hold and roll ends at theirs.
        var marks: [Beat: [Int: Character]] = [:]
        func put(_ beat: Beat, _ lane: Int, _ c: Character) throws(ChartFileError) {
            guard beat.isOnTick, beat >= .zero else {
                throw unwritable("chart \(index + 1): a note at beat \(beat) is \(beat < .zero ? "before beat 0" : "between 192nds")")
            }
            guard lane >= 0 && lane < chart.laneCount else {
                throw unwritable("chart \(index + 1): a note in lane \(lane + 1) of \(chart.laneCount)")
            }
            if marks[beat]?[lane] != nil {
                throw unwritable("chart \(index + 1): two notes at beat \(beat) in lane \(lane + 1)")
            }
            marks[beat, default: [:]][lane] = c
        }
        for note in chart.notes {
            switch note.kind {
            case .tap: try put(note.beat, note.lane, "1")
            case .hold(let end):
                try put(note.beat, note.lane, "2")
                try put(end, note.lane, "3")
            case .roll(let end):
                try put(note.beat, note.lane, "4")
                try put(end, note.lane, "3")
            case .mine: try put(note.beat, note.lane, "M")
            case .lift: try put(note.beat, note.lane, "L")
            case .fake: try put(note.beat, note.lane, "F")
            }
        }
        let lastMeasure = marks.keys.map { $0.floor / 4 }.max() ?? 0
        var byMeasure = [[Beat]](repeating: [], count: lastMeasure + 1)
        for beat in marks.keys { byMeasure[beat.floor / 4].append(beat) }
        let empty = String(repeating: "0", count: chart.laneCount)
        var measures: [String] = []
        for (m, beats) in byMeasure.enumerated() {
            // Ticks into the measure (0..<192); the row count must divide each one's position.
            let ticks = beats.map { ($0 - Beat(4 * m)).ticks ?? 0 }
            let rows = Self.rowCounts.first { n in ticks.allSatisfy { $0 % (192 / n) == 0 } } ?? 192
            var lines = [String](repeating: empty, count: rows)
            for (beat, tick) in zip(beats, ticks) {
                var row = Array(empty)
                for (lane, c) in marks[beat] ?? [:] { row[lane] = c }
                lines[tick / (192 / rows)] = String(row)
            }
            measures.append(lines.joined(separator: "\n") + "\n")
        }
        return "\n" + measures.joined(separator: ",\n")
    }

    private func tag(_ name: String, _ value: String) -> String { "#\(name):\(escape(value));\n" }

    /// Backslash before the characters MSD gives meaning to, as StepMania 5 writes them.
    private func escape(_ value: String, colons: Bool = true) -> String {
        var out = ""
        for c in value {
            if (colons && c == ":") || c == ";" || c == "#" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        // `//` would start a comment.
        return out.replacingOccurrences(of: "//", with: "/\\/")
    }

    private func unwritable(_ reason: String) -> ChartFileError {
        ChartFileError(path: name, problem: .unwritable(reason))
    }

    /// A beat on a tick with six decimals: read back, it rounds to the same tick.
    static func beatNumber(_ beat: Beat) -> String { String(format: "%.6f", beat.value) }

    /// Six decimals, as StepMania 5 writes them, or more when six would change the value (an offset read as
    /// `-0.0090006` is written back as it was; found by `make fuzz-charts`).
    static func number(_ value: Double) -> String {
        var places = 6
        var text = String(format: "%.\(places)f", value)
        while Double(text) != value && places < 20 {
            places += 1
            text = String(format: "%.\(places)f", value)
        }
        return text == "-0.000000" ? "0.000000" : text
    }
}
