import Charts
import Foundation
import TestSupport

/// What `training/charts/read_with_simfile.py` wrote: the Python `simfile` library's reading of a file.
struct SimfileReading: Decodable {
    struct ChartReading: Decodable {
        var stepstype: String
        var difficulty: String
        var meter: String
        var offset: String
        var bpms: [[String]]
        var stops: [[String]]
        var delays: [[String]]
        var notes: [NoteEntry]
        var seconds: [String]
    }

    /// `["n/d", column, "1"]`.
    struct NoteEntry: Decodable, Equatable, CustomStringConvertible {
        var beat: String
        var column: Int
        var type: String
        init(beat: String, column: Int, type: String) { self.beat = beat; self.column = column; self.type = type }
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            beat = try c.decode(String.self)
            column = try c.decode(Int.self)
            type = try c.decode(String.self)
        }
        var description: String { "\(beat)@\(column)=\(type)" }
    }

    var title: String
    var artist: String
    var music: String
    var offset: String
    var bpms: [[String]]
    var stops: [[String]]
    var delays: [[String]]
    var charts: [ChartReading]

    /// The reading committed next to `fixture` (a path under Tests/Fixtures/).
    static func load(_ fixture: String) throws -> SimfileReading {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath(fixture + ".simfile.json")))
        return try JSONDecoder().decode(SimfileReading.self, from: data)
    }

    /// A chart's notes as simfile lists them: heads, tails, taps, mines… by beat then column.
    static func entries(_ chart: Chart) -> [NoteEntry] {
        var out: [(Beat, Int, String)] = []
        for note in chart.notes {
            switch note.kind {
            case .tap: out.append((note.beat, note.lane, "1"))
            case .hold(let end): out += [(note.beat, note.lane, "2"), (end, note.lane, "3")]
            case .roll(let end): out += [(note.beat, note.lane, "4"), (end, note.lane, "3")]
            case .mine: out.append((note.beat, note.lane, "M"))
            case .lift: out.append((note.beat, note.lane, "L"))
            case .fake: out.append((note.beat, note.lane, "F"))
            }
        }
        return out.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { NoteEntry(beat: "\($0.0.numerator)/\($0.0.denominator)", column: $0.1, type: $0.2) }
    }

    /// `[["n/d", "value"]]` as (beat, value) pairs.
    static func pairs(_ list: [[String]]) -> [(beat: String, value: Double)] {
        list.map { ($0[0], Double($0[1]) ?? .nan) }
    }

    static func fraction(_ beat: Beat) -> String { "\(beat.numerator)/\(beat.denominator)" }
}
