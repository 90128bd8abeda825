import Charts

/// The session's charts: the simfile being tuned (song timing and every difficulty), which chart is on
/// screen, and the file it came from or was last written to. Part of `Session`, so opening one is undoable.
///
/// Saved in `session.toml` under `[chart]` as the simfile's `.ssc` text (the format the charts are, so a
/// saved project holds exactly what `:chart write` would write), read back through `Charts.SimfileReader`.
public struct ChartBook: SessionPart {
    /// The simfile, or nil before one is opened.
    public var simfile: Simfile?
    /// Index of the chart on screen.
    public var currentChart = 0
    /// Where the simfile was opened from or last written to; writing there again replaces it.
    public var path: String?

    /// No charts yet.
    public init() {}

    /// Saved as `[chart]` in `session.toml`.
    public static let key = "chart"

    /// The chart on screen, if any.
    public var chart: Chart? {
        guard let simfile, simfile.charts.indices.contains(currentChart) else { return nil }
        return simfile.charts[currentChart]
    }

    /// What is wrong with a book read back: a chart index out of range, notes on lanes the chart does not have.
    public func problems() -> [String] {
        guard let simfile else { return currentChart == 0 ? [] : ["current chart \(currentChart) without a simfile"] }
        var out: [String] = []
        if !simfile.charts.isEmpty && !simfile.charts.indices.contains(currentChart) {
            out.append("current chart \(currentChart) is out of range (\(simfile.charts.count) charts)")
        }
        for (i, chart) in simfile.charts.enumerated() {
            if let note = chart.notes.first(where: { $0.lane < 0 || $0.lane >= chart.laneCount }) {
                out.append("chart \(i + 1): a note in lane \(note.lane + 1) of \(chart.laneCount)")
            }
        }
        return out
    }
}

extension ChartBook: Codable {
    private enum Key: String, CodingKey { case ssc, currentChart = "current_chart", path }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        currentChart = try c.decodeIfPresent(Int.self, forKey: .currentChart) ?? 0
        path = try c.decodeIfPresent(String.self, forKey: .path)
        if let text = try c.decodeIfPresent(String.self, forKey: .ssc) {
            var reader = SimfileReader(bytes: Array(text.utf8), name: "session chart", format: .ssc)
            do {
                simfile = try reader.read().simfile
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .ssc, in: c, debugDescription: "\(error)")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(currentChart, forKey: .currentChart)
        try c.encodeIfPresent(path, forKey: .path)
        if let simfile {
            try c.encode(try SimfileWriter(simfile: simfile, format: .ssc, name: "session chart").encode(), forKey: .ssc)
        }
    }
}

extension Session {
    /// The charts: the chart feature's part of the session.
    public var chartBook: ChartBook {
        get { parts[ChartBook.self] }
        set { parts[ChartBook.self] = newValue }
    }
}
