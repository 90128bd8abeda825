import Foundation
import TOMLKit

/// A pane's name, as layouts and key-map tables write it (`piano-roll`). Features declare theirs
/// (`extension PaneKind { static let stems = PaneKind("stems") }`) with a `PaneSpec`.
public struct PaneKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name.
    public var rawValue: String
    /// A pane kind by name (not checked: `PaneKind.named` checks against the registered panes).
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A pane kind by name.
    public init(_ name: String) { rawValue = name }

    /// The registered pane of this name, or nil.
    public static func named(_ name: String) -> PaneKind? {
        Features.panes.first { $0.kind.rawValue == name }?.kind
    }

    /// Every registered pane, in feature order.
    public static var allCases: [PaneKind] { Features.panes.map(\.kind) }

    /// The pane's title (its name when no feature registered it).
    public var title: String { Features.panes.first { $0.kind == self }?.title ?? rawValue }

    public var description: String { rawValue }
}

/// An arrangement of panes: rows top to bottom, panes left to right within a row.
public struct Layout: Sendable, Equatable, Codable {
    /// Name used by `:layout NAME`.
    public var name: String
    /// Rows of panes.
    public var rows: [[PaneKind]]
    /// Relative row heights before any resizing.
    public var rowWeights: [Int]

    /// A layout.
    public init(name: String, rows: [[PaneKind]], rowWeights: [Int]) {
        self.name = name; self.rows = rows; self.rowWeights = rowWeights
    }

    /// The panes in focus order (row by row).
    public var panes: [PaneKind] { rows.flatMap { $0 } }

    /// The built-in layouts, switched with the number keys 1–6 or `:layout NAME`.
    public static let builtIn: [Layout] = {
        // Built-in layouts may name panes of features not registered in this build: those are left out.
        do { return try Layout.parse(toml: builtInTOML, source: "built-in layouts", skippingUnknownPanes: true) } catch {
            preconditionFailure("built-in layouts do not parse: \(error)")  // a programming error, tested
        }
    }()

    /// The built-in layouts as `layouts.toml` text: the format a person's own file uses.
    public static let builtInTOML = """
        # Kanade layouts. Copy to ~/.config/kanade/layouts.toml to add or replace layouts; each [[layout]]
        # has a name, rows of pane names (top to bottom, left to right) and optional row weights.
        [[layout]]
        name = "listen"
        rows = [["waveform"], ["spectrogram"]]
        weights = [2, 3]

        [[layout]]
        name = "compose"
        rows = [["piano-roll"], ["interpolation", "morph-grid"]]
        weights = [3, 2]

        [[layout]]
        name = "stems"
        rows = [["stems"], ["waveform", "spectrogram"]]
        weights = [3, 2]

        [[layout]]
        name = "chart"
        rows = [["chart", "spectrogram"], ["waveform"]]
        weights = [3, 2]

        [[layout]]
        name = "all"
        rows = [["waveform", "spectrogram"], ["piano-roll", "stems"], ["interpolation", "morph-grid", "chart"]]
        weights = [2, 2, 2]

        [[layout]]
        name = "morph"
        rows = [["morph-grid", "interpolation"], ["piano-roll"]]
        weights = [1, 1]

        """

    /// Layouts from `layouts.toml` text. Pane names are checked against the registered panes: an unknown
    /// one is an error naming the file, the line and the pane.
    public static func parse(toml text: String, source: String,
                             skippingUnknownPanes: Bool = false) throws(LayoutError) -> [Layout] {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw LayoutError(file: source, line: nil, problem: "not valid TOML: \(error)")
        }
        guard let list = table["layout"]?.array else {
            throw LayoutError(file: source, line: nil, problem: "no [[layout]] tables")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        /// The first line at or after `from` that mentions `needle` (TOMLKit does not report positions).
        func line(of needle: String, from: Int) -> Int? {
            guard from < lines.count else { return nil }
            return lines[from...].firstIndex { $0.contains(needle) }.map { $0 + 1 }
        }
        var layouts: [Layout] = []
        var searchFrom = 0
        for (i, item) in list.enumerated() {
            // Where this [[layout]] starts, so problems point at its lines.
            let start = (lines.indices.dropFirst(searchFrom).filter {
                lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("[[layout]]")
            }.first ?? searchFrom)
            searchFrom = start + 1
            guard let t = item.table else {
                throw LayoutError(file: source, line: start + 1, problem: "layout \(i + 1) is not a table")
            }
            guard let name = t["name"]?.string, !name.isEmpty else {
                throw LayoutError(file: source, line: start + 1, problem: "layout \(i + 1) has no name")
            }
            guard let rowsValue = t["rows"]?.array, !rowsValue.isEmpty else {
                throw LayoutError(file: source, line: start + 1, problem: "layout \"\(name)\" has no rows")
            }
            var rows: [[PaneKind]] = []
            for row in rowsValue {
                guard let cells = row.array, !cells.isEmpty else {
                    throw LayoutError(file: source, line: line(of: "rows", from: start), problem: "layout \"\(name)\": each row is a list of pane names")
                }
                var panes: [PaneKind] = []
                for cell in cells {
                    guard let paneName = cell.string else {
                        throw LayoutError(file: source, line: line(of: "rows", from: start), problem: "layout \"\(name)\": pane names are strings")
                    }
                    guard let pane = PaneKind.named(paneName) else {
                        if skippingUnknownPanes { continue }
                        let known = PaneKind.allCases.map(\.rawValue).joined(separator: ", ")
                        throw LayoutError(file: source, line: line(of: "\"\(paneName)\"", from: start),
                                          problem: "layout \"\(name)\": no pane \"\(paneName)\" (have: \(known))")
                    }
                    panes.append(pane)
                }
                if !panes.isEmpty { rows.append(panes) }
            }
            if rows.isEmpty { continue }
            var weights = rows.map { _ in 1 }
            if let w = t["weights"]?.array, !(skippingUnknownPanes && w.count != rows.count) {
                let values = w.compactMap { $0.int }
                guard values.count == rows.count, values.allSatisfy({ (1...12).contains($0) }) else {
                    throw LayoutError(file: source, line: line(of: "weights", from: start),
                                      problem: "layout \"\(name)\": weights must be \(rows.count) whole numbers 1–12, one per row")
                }
                weights = values
            }
            layouts.append(Layout(name: name, rows: rows, rowWeights: weights))
        }
        return layouts
    }

    /// The built-in layouts with the person's file applied: a layout of the same name is replaced, a new
    /// name is added after the built-in ones. A broken file is reported and the built-in layouts are used.
    public static func load(userFile path: String) -> ([Layout], LayoutError?) {
        guard FileManager.default.fileExists(atPath: path) else { return (builtIn, nil) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (builtIn, LayoutError(file: path, line: nil, problem: "cannot be read as UTF-8 text"))
        }
        do {
            var all = builtIn
            for layout in try parse(toml: text, source: path) {
                if let i = all.firstIndex(where: { $0.name == layout.name }) { all[i] = layout } else { all.append(layout) }
            }
            return (all, nil)
        } catch {
            return (builtIn, error)
        }
    }

    /// `~/.config/kanade/layouts.toml` (or under `$XDG_CONFIG_HOME`).
    public static func userFilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return "\(x)/kanade/layouts.toml" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.config/kanade/layouts.toml"
    }
}

/// A layouts file that could not be used: the file, the line when known, and the problem.
public struct LayoutError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// What is wrong.
    public var problem: String
    /// One line for the status bar.
    public var description: String { line.map { "\(file):\($0): \(problem)" } ?? "\(file): \(problem)" }
}
