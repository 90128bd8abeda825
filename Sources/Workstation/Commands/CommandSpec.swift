/// A `:` command, declared once: its name, how to write it, what it does, what its argument completes to,
/// and how its words become an `Action`. The parser, `?` help and Tab completion all read this.
public struct CommandSpec: Sendable {
    /// What Tab completes after the name.
    public enum Argument: Sendable {
        case none, path, theme, setting, layout, pane, words([String])
        /// `morph`'s: its subcommands, then instrument names (the completer's `instrumentNames`) or paths.
        case morph
    }
    /// The command's name.
    public var name: String
    /// Other names the parser accepts (`quit` for `q`).
    public var aliases: [String]
    /// How to write it.
    public var usage: String
    /// What it does.
    public var summary: String
    /// What its first argument completes to.
    public var argument: Argument
    /// Turns the words after the name into an action, or says what is wrong with them.
    public var parse: @Sendable (CommandWords) throws(CommandError) -> Action
    /// What one bound command line does, in words (`seek -5` is "playhead back 5 s"); nil uses `summary`.
    public var describe: (@Sendable (_ words: [String]) -> String)?

    /// A command.
    public init(_ name: String, aliases: [String] = [], usage: String, summary: String, argument: Argument = .none,
                describe: (@Sendable ([String]) -> String)? = nil,
                parse: @escaping @Sendable (CommandWords) throws(CommandError) -> Action) {
        self.name = name; self.aliases = aliases; self.usage = usage; self.summary = summary
        self.argument = argument; self.describe = describe; self.parse = parse
    }

    /// Every command: the core's, then each feature's, in the order help lists them.
    public static let all: [CommandSpec] = CoreCommands.specs + Features.all.flatMap { $0.commands }

    /// The spec of a command name (or alias).
    public static func named(_ name: String) -> CommandSpec? {
        all.first { $0.name == name } ?? all.first { $0.aliases.contains(name) }
    }

    /// Parses a command line such as `seek -5`, `open ~/song.wav` or `set db-range 90` into its action.
    public static func parse(_ line: String) throws(CommandError) -> Action {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else { throw CommandError("empty command") }
        let typed = words.removeFirst()
        guard let spec = named(typed) else { throw CommandError("\(typed): no such command (try :help)") }
        let rest = line.drop { $0 == " " }.dropFirst(typed.count).trimmingCharacters(in: .whitespaces)
        return try spec.parse(CommandWords(name: spec.name, words: words, rest: rest))
    }

    /// What a bound command line does, in words, for the help overlay.
    public static func describe(_ line: String) -> String {
        let words = line.split(separator: " ").map(String.init)
        guard let first = words.first, let spec = named(first) else { return "" }
        return spec.describe?(words) ?? spec.summary
    }
}

/// The words after a command's name, with the checks every parser needs.
public struct CommandWords: Sendable {
    /// The command's name (for messages).
    public var name: String
    /// The words after the name.
    public var words: [String]
    /// Everything after the name as typed (a path may contain spaces).
    public var rest: String

    /// Fails unless there are no words.
    public func none() throws(CommandError) {
        if !words.isEmpty { throw CommandError("\(name) takes no argument") }
    }

    /// The one word, which must be one of `options`.
    public func one(_ options: [String]) throws(CommandError) -> String {
        guard words.count == 1, options.contains(words[0]) else {
            throw CommandError("\(name): use \(options.joined(separator: ", "))")
        }
        return words[0]
    }

    /// Seconds from a word (`12.5`, `1:05`).
    public func time(_ text: String) throws(CommandError) -> Double {
        guard let t = parseTime(text) else { throw CommandError("\(name): \(text) is not a time (seconds or m:ss)") }
        return t
    }

    /// The rest of the line as a path, which must be there.
    public func path(usage: String) throws(CommandError) -> String {
        guard !rest.isEmpty else { throw CommandError("\(name): use \(usage)") }
        return rest
    }
}

/// Seconds from `12.5`, `1:05` or `1:05.5`.
public func parseTime(_ text: String) -> Double? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count) else { return nil }
    var total = 0.0
    for (i, p) in parts.enumerated() {
        guard let v = Double(p), v >= 0, v.isFinite else { return nil }
        if i < parts.count - 1, v != v.rounded() { return nil }
        total = total * 60 + v
    }
    return total
}
