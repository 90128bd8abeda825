/// What `chart …` command lines do.
public enum ChartCommand: Equatable, Sendable {
    /// Reads a `.sm` or `.ssc` file into the session.
    case open(String)
    /// Writes the session's simfile as `.sm` or `.ssc` (by extension); an existing file is replaced only when
    /// it is the one the charts came from or were last written to.
    case write(String)
    /// Writes, replacing whatever file is there (the person asked).
    case replace(String)
    /// Shows the next or previous chart (difficulty).
    case next, previous
}

extension ChartCommand {
    /// The `chart` subcommands for completion and help.
    static let words = ["open", "write", "replace", "next", "prev"]

    /// Parses the words after `chart`; `rest` is the line after the subcommand, as typed (a path may hold spaces).
    init(words: [String], rest: String) throws(CommandError) {
        guard let sub = words.first else {
            throw CommandError("chart: use chart SUBCOMMAND (\(ChartCommand.words.joined(separator: ", ")))")
        }
        let path = rest.drop { $0 == " " }.dropFirst(sub.count).drop { $0 == " " }
        func needPath() throws(CommandError) -> String {
            guard !path.isEmpty else { throw CommandError("chart \(sub): use chart \(sub) PATH.sm|PATH.ssc") }
            return String(path)
        }
        switch sub {
        case "open": self = .open(try needPath())
        case "write": self = .write(try needPath())
        case "replace": self = .replace(try needPath())
        case "next": self = .next
        case "prev", "previous": self = .previous
        default: throw CommandError("chart \(sub): no such subcommand (\(ChartCommand.words.joined(separator: ", ")))")
        }
        if case .next = self, words.count > 1 { throw CommandError("chart next takes no argument") }
        if case .previous = self, words.count > 1 { throw CommandError("chart prev takes no argument") }
    }

    /// What a bound `chart …` line does, for the help overlay.
    static func summary(_ words: [String]) -> String {
        switch words.dropFirst().first {
        case "next": "next chart (difficulty)"
        case "prev": "previous chart (difficulty)"
        case "open": "open a .sm/.ssc file"
        case "write": "write the charts"
        case "replace": "write the charts over an existing file"
        default: "charts"
        }
    }
}
