import Music

/// Reads `.sm` and `.ssc` files leniently: what StepMania would play is read, what it would skip is skipped
/// with a warning naming the line, and only what leaves no playable song is an error (`ChartFileError`).
public struct SimfileReader {
    /// What a read gives: the simfile and what was skipped or repaired on the way.
    public struct Result: Sendable {
        /// The song and its charts.
        public var simfile: Simfile
        /// What was skipped or repaired, in line order.
        public var warnings: [ChartFileWarning]
    }

    /// Larger files are refused before reading (the biggest real simfiles are a few hundred kilobytes).
    public static let maximumFileSize = 16 << 20

    let text: String
    let name: String
    let format: SimfileFormat
    private var warnings: [ChartFileWarning] = []

    /// A reader of `bytes` (invalid UTF-8 is replaced, as StepMania does); `name` is used in errors.
    public init(bytes: [UInt8], name: String, format: SimfileFormat) {
        text = String(decoding: bytes, as: UTF8.self)
        self.name = name
        self.format = format
    }

    /// Reads the file at `path`, in the format its extension names (`.ssc`, else `.sm`).
    public static func read(_ path: String) throws(ChartFileError) -> Result {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, limit: maximumFileSize)
        } catch {
            if error.reason.hasPrefix("file too large") {
                throw ChartFileError(path: path, problem: .tooLarge(bytes: fileSize(error.reason)))
            }
            throw ChartFileError(path: path, problem: .cannotRead(error.reason))
        }
        var reader = SimfileReader(bytes: bytes, name: path, format: SimfileFormat(path: path) ?? .sm)
        return try reader.read()
    }

    private static func fileSize(_ reason: String) -> Int {
        Int(reason.split(separator: "(").last?.split(separator: " ").first ?? "") ?? 0
    }

    /// Reads the simfile.
    public mutating func read() throws(ChartFileError) -> Result {
        let tags = MSDTag.parse(text)
        guard !tags.isEmpty, tags.contains(where: { !$0.name.isEmpty }) else {
            throw ChartFileError(path: name, problem: .notASimfile)
        }
        var title = "", subtitle = "", artist = "", music = ""
        var offset: Double?
        var bpms: [BPMChange]?, stops: [Stop] = [], delays: [Stop] = []
        var bpmLine = 1
        var others: [(name: String, value: String)] = []
        var charts: [Chart] = []
        var chartTags: [MSDTag]?   // an .ssc chart being collected

        for tag in tags {
            if tag.unterminated {
                warn(tag.line, "#\(tag.name) has no closing ';' (read up to the next tag or the end)")
            }
            if chartTags != nil {   // not bound to a name, so the append below does not copy the array
                if tag.name == "NOTEDATA" {
                    if let chart = try sscChart(chartTags ?? []) { charts.append(chart) }
                    chartTags = []
                } else {
                    chartTags?.append(tag)
                }
                continue
            }
            switch tag.name {
            case "TITLE": title = tag.value
            case "SUBTITLE": subtitle = tag.value
            case "ARTIST": artist = tag.value
            case "MUSIC": music = tag.value
            case "OFFSET": offset = try number(tag)
            case "BPMS":
                bpms = try tempoList(tag)
                bpmLine = tag.line
            case "STOPS", "FREEZES": stops = try pauseList(tag)
            case "DELAYS": delays = try pauseList(tag)
            case "NOTES" where format == .sm || tag.parameters.count >= 6:
                if let chart = try smChart(tag) { charts.append(chart) }
            case "NOTEDATA": chartTags = []
            case "", "VERSION": continue
            default: others.append((tag.name, tag.value))
            }
        }
        if let pending = chartTags, let chart = try sscChart(pending) { charts.append(chart) }
        guard let tempo = bpms, !tempo.isEmpty else {
            throw ChartFileError(path: name, problem: .noTempo, line: bpms == nil ? nil : bpmLine)
        }
        let timing = Timing(offset: offset ?? 0, bpms: tempo, stops: stops, delays: delays)
        // Charts with their own timing but no #BPMS of their own (a placeholder NaN) play at the song's tempo.
        charts = charts.map { chart in
            var chart = chart
            if var own = chart.timing, own.bpms.first?.bpm.isNaN == true {
                own.bpms = timing.bpms
                chart.timing = own
            }
            return chart
        }
        let simfile = Simfile(title: title, subtitle: subtitle, artist: artist, music: music, timing: timing,
                              charts: charts, otherTags: others)
        return Result(simfile: simfile, warnings: warnings.sorted { $0.line < $1.line })
    }

    // MARK: Charts

    /// `#NOTES:type:author:difficulty:meter:radar:data;`
    private mutating func smChart(_ tag: MSDTag) throws(ChartFileError) -> Chart? {
        guard tag.parameters.count >= 6 else {
            warn(tag.line, "#NOTES has \(tag.parameters.count) of its 6 fields; chart skipped")
            return nil
        }
        let p = tag.parameters.map { String($0.trimmingWhitespace()) }
        let stepsType = p[0].isEmpty ? "dance-single" : p[0]
        let difficulty = self.difficulty(p[2], line: tag.parameterLines[2])
        let meter = self.meter(p[3], line: tag.parameterLines[3])
        let data = tag.parameters[5...].joined(separator: ":")
        let (lanes, notes) = try noteData(data, stepsType: stepsType, line: tag.parameterLines[5])
        return Chart(stepsType: stepsType, laneCount: lanes, difficulty: difficulty, meter: meter, author: p[1],
                     radarValues: p[4], notes: notes)
    }

    /// The tags of one `#NOTEDATA` block.
    private mutating func sscChart(_ tags: [MSDTag]) throws(ChartFileError) -> Chart? {
        var stepsType = "dance-single", author = "", radar = "", difficulty = Difficulty.edit, meter = 1
        var notesTag: MSDTag?
        var offset: Double?, bpms: [BPMChange]?, stops: [Stop]?, delays: [Stop]?
        for tag in tags {
            switch tag.name {
            case "STEPSTYPE": stepsType = String(tag.value.trimmingWhitespace())
            case "DESCRIPTION", "CREDIT": if author.isEmpty { author = tag.value }
            case "DIFFICULTY": difficulty = self.difficulty(tag.value, line: tag.line)
            case "METER": meter = self.meter(tag.value, line: tag.line)
            case "RADARVALUES": radar = tag.value
            case "NOTES", "NOTES2": notesTag = tag
            case "OFFSET": offset = try number(tag)
            case "BPMS": bpms = try tempoList(tag)
            case "STOPS": stops = try pauseList(tag)
            case "DELAYS": delays = try pauseList(tag)
            default: continue
            }
        }
        guard let notesTag else {
            if let first = tags.first { warn(first.line, "#NOTEDATA block without #NOTES; chart skipped") }
            return nil
        }
        let (lanes, notes) = try noteData(notesTag.value, stepsType: stepsType, line: notesTag.parameterLines.first ?? notesTag.line)
        var timing: Timing?
        if offset != nil || bpms != nil || stops != nil || delays != nil {
            // Any timing tag gives the chart its own timing (charts.md §4, .ssc); a missing list is empty,
            // a missing tempo is the song's (filled in by `read`, which knows it).
            if let bpms, bpms.isEmpty {
                throw ChartFileError(path: name, problem: .noTempo, line: notesTag.line)
            }
            timing = Timing(offset: offset ?? 0, bpms: bpms ?? [BPMChange(beat: .zero, bpm: .nan)],
                            stops: stops ?? [], delays: delays ?? [])
        }
        return Chart(stepsType: stepsType, laneCount: lanes, difficulty: difficulty, meter: meter, author: author,
                     radarValues: radar, notes: notes, timing: timing)
    }

    private mutating func difficulty(_ text: String, line: Int) -> Difficulty {
        if let difficulty = Difficulty(fileName: text) { return difficulty }
        warn(line, "unknown difficulty '\(text.trimmingWhitespace())', read as Edit")
        return .edit
    }

    private mutating func meter(_ text: String, line: Int) -> Int {
        if let meter = Int(text.trimmingWhitespace()), meter >= 0 { return meter }
        warn(line, "meter '\(text.trimmingWhitespace())' is not a whole number, read as 1")
        return 1
    }

    /// Measures separated by `,`, one row per line, one character per lane.
    private mutating func noteData(_ data: String, stepsType: String, line firstLine: Int)
        throws(ChartFileError) -> (lanes: Int, notes: [ChartNote]) {
        var lanes = Chart.laneCount(ofStepsType: stepsType)
        var notes: [ChartNote] = []
        var heads: [Int: (beat: Beat, roll: Bool, line: Int)] = [:]
        var measures: [[(row: Substring, line: Int)]] = [[]]
        var line = firstLine
        var warnedOffTick = false
        for rawLine in data.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            // A second player's data (`&`, routine charts) is not read.
            var rest = rawLine[...]
            if let amp = rest.firstIndex(of: "&") {
                warn(line, "second player's note data (&) skipped")
                rest = rest[..<amp]
                measures[measures.count - 1].append(contentsOf: rows(rest, line: line))
                break
            }
            while let comma = rest.firstIndex(of: ",") {
                measures[measures.count - 1].append(contentsOf: rows(rest[..<comma], line: line))
                measures.append([])
                rest = rest[rest.index(after: comma)...]
            }
            measures[measures.count - 1].append(contentsOf: rows(rest, line: line))
        }
        if measures.last?.isEmpty == true && measures.count > 1 { measures.removeLast() }
        for (m, measure) in measures.enumerated() {
            for (i, entry) in measure.enumerated() {
                let columns = Array(stripBrackets(entry.row))
                if lanes == nil { lanes = columns.count }
                guard columns.count == lanes else {
                    throw ChartFileError(path: name, problem: .badNoteRow(
                        "'\(entry.row)' has \(columns.count) columns, \(stepsType) has \(lanes ?? 0)"), line: entry.line)
                }
                var beat = Beat(4 * m) + Beat(4 * i, measure.count)
                if !beat.isOnTick {
                    // As StepMania and simfile: rows between 192nds land on the nearest one.
                    if !warnedOffTick {
                        warn(entry.line, "measure of \(measure.count) rows: rows rounded to the nearest 192nd")
                        warnedOffTick = true
                    }
                    beat = beat.roundedToTick
                }
                for (lane, c) in columns.enumerated() {
                    switch c {
                    case "0", "K", "A": continue
                    case "1": notes.append(ChartNote(beat: beat, lane: lane))
                    case "2", "4":
                        if let open = heads[lane] {
                            warn(open.line, "hold in lane \(lane + 1) at beat \(open.beat) has no end; read as a tap")
                            notes.append(ChartNote(beat: open.beat, lane: lane))
                        }
                        heads[lane] = (beat, c == "4", entry.line)
                    case "3":
                        guard let open = heads.removeValue(forKey: lane) else {
                            warn(entry.line, "hold end in lane \(lane + 1) at beat \(beat) without a start; skipped")
                            continue
                        }
                        notes.append(ChartNote(beat: open.beat, lane: lane,
                                               kind: open.roll ? .roll(end: beat) : .hold(end: beat)))
                    case "M", "m": notes.append(ChartNote(beat: beat, lane: lane, kind: .mine))
                    case "L", "l": notes.append(ChartNote(beat: beat, lane: lane, kind: .lift))
                    case "F", "f": notes.append(ChartNote(beat: beat, lane: lane, kind: .fake))
                    default:
                        warn(entry.line, "unknown note '\(c)' in lane \(lane + 1) skipped")
                    }
                }
            }
        }
        for (lane, open) in heads.sorted(by: { $0.key < $1.key }) {
            warn(open.line, "hold in lane \(lane + 1) at beat \(open.beat) has no end; read as a tap")
            notes.append(ChartNote(beat: open.beat, lane: lane))
        }
        return (lanes ?? 4, notes.sorted())
    }

    /// The rows on one line (normally one, or none on a blank line).
    private func rows(_ text: Substring, line: Int) -> [(row: Substring, line: Int)] {
        let row = text.trimmingWhitespace()
        return row.isEmpty ? [] : [(row, line)]
    }

    /// A row without `{attack}` and `[keysound]` annotations (StepMania 5 note data).
    private func stripBrackets(_ row: Substring) -> [Character] {
        var out: [Character] = []
        var depth = 0
        for c in row {
            if c == "{" || c == "[" { depth += 1; continue }
            if c == "}" || c == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }

    // MARK: Values

    private func number(_ tag: MSDTag) throws(ChartFileError) -> Double {
        let text = tag.value.trimmingWhitespace()
        guard let value = Double(text), value.isFinite else {
            throw ChartFileError(path: name, problem: .badValue(tag: tag.name, reason: "'\(text)' is not a number"),
                                 line: tag.line)
        }
        return value
    }

    /// `beat=value,beat=value…` entries; each unreadable entry is skipped with a warning.
    private mutating func entries(_ tag: MSDTag) -> [(beat: Beat, value: Double)] {
        var out: [(Beat, Double)] = []
        var line = tag.parameterLines.first ?? tag.line
        for piece in tag.value.split(separator: ",", omittingEmptySubsequences: false) {
            defer { line += piece.filter { $0 == "\n" }.count }
            let entry = piece.trimmingWhitespace()
            if entry.isEmpty { continue }
            let parts = entry.split(separator: "=")
            guard parts.count >= 2, let beat = Beat(decimal: parts[0]),
                  let value = Double(parts[1].trimmingWhitespace()), value.isFinite else {
                warn(line, "#\(tag.name) entry '\(entry)' is not beat=value; skipped")
                continue
            }
            // Timing sits on rows, as in StepMania: a beat between 192nds goes to the nearest one.
            out.append((beat.roundedToTick, value))
        }
        return out
    }

    private mutating func tempoList(_ tag: MSDTag) throws(ChartFileError) -> [BPMChange] {
        var changes: [BPMChange] = []
        for (beat, bpm) in entries(tag) {
            guard bpm > 0 else {
                warn(tag.line, "#\(tag.name) tempo \(bpm) at beat \(beat) is not positive (a warp); skipped")
                continue
            }
            changes.append(BPMChange(beat: beat, bpm: bpm))
        }
        changes.sort { $0.beat < $1.beat }
        if let first = changes.first, first.beat != .zero {
            warn(tag.line, "#\(tag.name) starts at beat \(first.beat), not 0; its first tempo is used from beat 0")
            changes[0].beat = .zero
        }
        return changes
    }

    private mutating func pauseList(_ tag: MSDTag) throws(ChartFileError) -> [Stop] {
        var pauses: [Stop] = []
        for (beat, seconds) in entries(tag) {
            guard seconds > 0 else {
                if seconds < 0 { warn(tag.line, "#\(tag.name) negative pause at beat \(beat) (a warp); skipped") }
                continue
            }
            pauses.append(Stop(beat: beat, seconds: seconds))
        }
        return pauses
    }

    private mutating func warn(_ line: Int, _ message: String) {
        warnings.append(ChartFileWarning(line: line, message: message))
    }
}
