import Foundation
import TOMLKit

/// Which key runs which command line. Defaults come from `KeyMap.defaultTOML` (vim-like keys plus
/// arrows); `~/.config/kanade/keys.toml` overrides or adds bindings, and `"none"` unbinds a key.
public struct KeyMap: Sendable, Equatable {
    /// A key and its command line.
    public struct Binding: Sendable, Equatable {
        /// The key.
        public var key: KeyPress
        /// The command line it runs (`seek -5`).
        public var command: String
        /// The pane whose focus the binding needs (`[piano-roll]` table); nil for the global `[keys]`.
        public var pane: PaneKind? = nil
    }

    /// Bindings in the order the help overlay lists them.
    public private(set) var bindings: [Binding]

    /// Bindings parsed from key-map TOML text: a `[keys]` table of `"KEY" = "COMMAND LINE"`.
    public init(toml text: String, source: String) throws(KeyMapError) {
        bindings = []
        try merge(toml: text, source: source)
    }

    /// The built-in key map.
    public static let defaults: KeyMap = {
        do { return try KeyMap(toml: defaultTOML, source: "built-in key map") } catch {
            preconditionFailure("built-in key map does not parse: \(error)")  // a programming error, tested
        }
    }()

    /// The defaults overlaid with the user's file, if it exists. A broken user file is reported, not fatal.
    public static func load(userFile path: String) -> (KeyMap, KeyMapError?) {
        var map = KeyMap.defaults
        guard FileManager.default.fileExists(atPath: path) else { return (map, nil) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (map, KeyMapError(file: path, problem: "cannot be read as UTF-8 text"))
        }
        do { try map.merge(toml: text, source: path) } catch { return (KeyMap.defaults, error) }
        return (map, nil)
    }

    /// `~/.config/kanade/keys.toml` (or under `$XDG_CONFIG_HOME`).
    public static func userFilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_CONFIG_HOME"] { return "\(x)/kanade/keys.toml" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.config/kanade/keys.toml"
    }

    /// Adds or replaces bindings from TOML text. Every command line is checked by the parser.
    public mutating func merge(toml text: String, source: String) throws(KeyMapError) {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw KeyMapError(file: source, problem: "not valid TOML: \(error)")
        }
        guard let keys = table["keys"]?.table else { throw KeyMapError(file: source, problem: "missing [keys] table") }
        try merge(keys, pane: nil, text: text, source: source)
        // Pane tables (`[piano-roll]`) bind keys only while that pane has the focus.
        for pane in PaneKind.allCases {
            if let paneKeys = table[pane.rawValue]?.table { try merge(paneKeys, pane: pane, text: text, source: source) }
        }
    }

    private mutating func merge(_ keys: TOMLTable, pane: PaneKind?, text: String, source: String) throws(KeyMapError) {
        let prefix = pane.map { "\($0.rawValue)." } ?? "keys."
        // TOMLKit's table keys come back unordered: keep the file's order by scanning this table's lines.
        let header = "[\(pane?.rawValue ?? "keys")]"
        var inTable = false
        let lines = text.split(separator: "\n").filter { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") { inTable = t.hasPrefix(header) }
            return inTable
        }
        let order = lines.compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("\""), let end = t.dropFirst().firstIndex(of: "\"") else { return nil }
            return String(t[t.index(after: t.startIndex)..<end])
        }
        var names: [String] = []
        for name in order + keys.keys.sorted() where keys.keys.contains(name) && !names.contains(name) { names.append(name) }
        for name in names {
            guard let command = keys[name]?.string else {
                throw KeyMapError(file: source, problem: "\(prefix)\(name) must be a string")
            }
            guard let key = KeyPress(name: name) else {
                throw KeyMapError(file: source, problem: "\"\(name)\" is not a key name (examples: a, A, C-r, space, left, f1)")
            }
            bindings.removeAll { $0.key == key && $0.pane == pane }
            if command == "none" { continue }
            do { _ = try Command.parse(command) } catch {
                throw KeyMapError(file: source, problem: "\(prefix)\(name): \(error.message)")
            }
            bindings.append(Binding(key: key, command: command, pane: pane))
        }
    }

    /// The command line bound to a key.
    public func command(for key: KeyPress) -> String? { bindings.first { $0.key == key && $0.pane == nil }?.command }

    /// The command line bound to a key while `pane` has the focus: the pane's binding, else the global one.
    public func command(for key: KeyPress, in pane: PaneKind) -> String? {
        bindings.first { $0.key == key && $0.pane == pane }?.command ?? command(for: key)
    }

    /// Keys bound to a command line, for the help overlay (`h left`).
    public func keys(for command: String, pane: PaneKind? = nil) -> [KeyPress] {
        bindings.filter { $0.command == command && $0.pane == pane }.map(\.key)
    }

    /// The built-in bindings.
    static let coreTOML = """
        # Kanade key map. Copy to ~/.config/kanade/keys.toml and change what you like;
        # a key bound to "none" is unbound. Values are command lines, as typed after ':'.
        [keys]
        "space" = "play-pause"
        "s" = "stop"
        "h" = "seek -5"
        "left" = "seek -5"
        "l" = "seek +5"
        "right" = "seek +5"
        "b" = "seek -30"
        "w" = "seek +30"
        "0" = "seek-start"
        "home" = "seek-start"
        "$" = "seek-end"
        "end" = "seek-end"
        "+" = "zoom in"
        "=" = "zoom in"
        "-" = "zoom out"
        "z" = "zoom fit"
        "H" = "scroll left"
        "pageup" = "scroll left"
        "L" = "scroll right"
        "pagedown" = "scroll right"
        "v" = "select-toggle"
        "esc" = "select-clear"
        "r" = "loop"
        "tab" = "focus next"
        "backtab" = "focus prev"
        "1" = "layout listen"
        "2" = "layout compose"
        "3" = "layout stems"
        "4" = "layout chart"
        "5" = "layout all"
        "6" = "layout morph"
        "}" = "resize taller"
        "{" = "resize shorter"
        ">" = "resize wider"
        "<" = "resize narrower"
        "j" = "track next"
        "down" = "track next"
        "k" = "track prev"
        "up" = "track prev"
        "m" = "mute"
        "S" = "solo"
        "u" = "undo"
        "C-r" = "redo"
        "?" = "help"
        ":" = "command-line"
        "q" = "q"
        "C-c" = "q"

        """

    /// The built-in bindings: the core's `[keys]`, then each feature's pane tables.
    public static let defaultTOML: String = ([coreTOML] + Features.all.map { $0.keyTable }.filter { !$0.isEmpty })
        .joined(separator: "\n")
}

/// A key-map file that could not be used.
public struct KeyMapError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// What is wrong.
    public var problem: String
    /// One line for the status bar.
    public var description: String { "\(file): \(problem)" }
}
