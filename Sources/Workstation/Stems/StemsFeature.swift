import AudioIO
import Models

/// Auditioning separations (issue 17): `:separate` splits the current track into stems off the UI thread while
/// it plays, the stems pane shows a lane per stem beside the original with gain, mute, solo and a meter, A/B
/// switches between the original and the sum of the stems, `:export stems DIR` writes them, and projects keep
/// them in `audio/stems/`.
public enum StemsFeature: Feature {
    public static let name = "stems"
    public static let panes = [PaneSpec(.stems, title: "Stems")]

    /// The methods `:separate` offers, the trained U-Net first: `StemSeparator.Method` decides which exist.
    public static let methodNames = ["unet", "hpss", "repet"]

    public static let commands: [CommandSpec] = [
        CommandSpec("separate", usage: "separate [unet|hpss|repet]",
                    summary: "split the current track into stems while it plays (the U-Net when installed, else HPSS)",
                    argument: .words(methodNames)) { a throws(CommandError) in
            guard a.words.count <= 1 else { throw CommandError("separate: use separate [\(methodNames.joined(separator: "|"))]") }
            if let word = a.words.first, !methodNames.contains(word) {
                throw CommandError("separate: \(word) is not a method (use \(methodNames.joined(separator: ", ")))")
            }
            return .stems(.separate(method: a.words.first))
        },
        CommandSpec("stems", usage: "stems lane next|prev|N, stems mute|solo|ab|residual, stems gain ±DB",
                    summary: "work the stems pane: move between lanes, mute, solo, gain, A/B, the residual lane",
                    argument: .words(StemsCommand.words), describe: { StemsCommand.summary($0) }) { a throws(CommandError) in
            .stems(.command(try StemsCommand(words: a.words)))
        },
    ]

    public static let keyTable = """
        # Keys of the stems pane, while it has the focus (other keys fall through to [keys]).
        [stems]
        "j" = "stems lane next"
        "down" = "stems lane next"
        "k" = "stems lane prev"
        "up" = "stems lane prev"
        "m" = "stems mute"
        "S" = "stems solo"
        "a" = "stems ab"
        "+" = "stems gain +1"
        "=" = "stems gain +1"
        "-" = "stems gain -1"
        "R" = "stems residual"
        "x" = "separate"
        """

    public static let sessionParts: [any SessionPart.Type] = [StemSet.self]

    /// The stems' audio a project keeps, by file relative to the project folder.
    public static func projectAudio(_ session: Session) -> [String: AudioBuffer] {
        let set = session.stems
        var out: [String: AudioBuffer] = [:]
        for (lane, audio) in zip(set.lanes, set.audio) { if let file = lane.file { out[file] = audio } }
        return out
    }

    /// A project or recovered session was opened: load the stems its document names.
    public static func sessionOpened(_ state: inout AppState) -> [Effect] { reduceStemsOpened(&state) }

    /// Undo or redo: the engine plays the stems the restored session has.
    public static func sessionRestored(_ state: inout AppState) -> [Effect] { reduceStemsRestored(&state) }

    /// `:export stems DIR [wav|flac] [replace]`, reached through `:export` (the piano roll's command).
    static func parseExport(_ a: CommandWords) throws(CommandError) -> Action {
        var words = Array(a.words.dropFirst())
        let usage = "export stems DIR [wav|flac] [replace]"
        var replace = false, format = "wav"
        if words.last == "replace" { replace = true; words.removeLast() }
        if let last = words.last, ["wav", "flac"].contains(last), words.count > 1 { format = last; words.removeLast() }
        guard !words.isEmpty else { throw CommandError("export: use \(usage)") }
        return .stems(.export(folder: words.joined(separator: " "), flac: format == "flac", replace: replace))
    }
}

extension PaneKind {
    /// The stems pane.
    public static let stems = PaneKind("stems")
}

/// A `stems …` command: the stems pane's keys.
public enum StemsCommand: Sendable, Equatable {
    /// Move the lane cursor by a step.
    case lane(Int)
    /// Put the lane cursor on a lane (0 the original, then the stems, then the residual).
    case laneAt(Int)
    case mute, solo, ab, residual
    case gain(Double)

    static let words = ["lane", "mute", "solo", "ab", "residual", "gain"]

    init(words: [String]) throws(CommandError) {
        let usage = "stems lane next|prev|N, stems mute|solo|ab|residual, stems gain ±DB"
        switch words.first {
        case "lane" where words.count == 2 && (words[1] == "next" || words[1] == "prev"):
            self = .lane(words[1] == "next" ? 1 : -1)
        case "lane" where words.count == 2 && Int(words[1]) != nil:
            guard let n = Int(words[1]), n >= 0 else { throw CommandError("stems lane: \(words[1]) is not a lane (0 is the original)") }
            self = .laneAt(n)
        case "mute" where words.count == 1: self = .mute
        case "solo" where words.count == 1: self = .solo
        case "ab" where words.count == 1: self = .ab
        case "residual" where words.count == 1: self = .residual
        case "gain" where words.count == 2:
            guard let db = Double(words[1]), db.isFinite else { throw CommandError("stems gain: \(words[1]) is not a number of dB") }
            self = .gain(db)
        default:
            throw CommandError("stems: use \(usage)")
        }
    }

    /// What a bound line does, for the help overlay.
    static func summary(_ words: [String]) -> String {
        switch try? StemsCommand(words: Array(words.dropFirst())) {
        case .lane(let step)?: return step > 0 ? "next stems lane" : "previous stems lane"
        case .laneAt(let n)?: return n == 0 ? "the original's lane" : "stems lane \(n)"
        case .mute?: return "mute or unmute the lane"
        case .solo?: return "solo or unsolo the lane (the original lane: listen to A)"
        case .ab?: return "A/B: switch between the original and the sum of the stems"
        case .residual?: return "show or hide the residual lane (original − sum of the stems)"
        case .gain(let db)?: return "lane gain \(db > 0 ? "+" : "")\(db.formatted()) dB"
        case nil: return "work the stems pane"
        }
    }
}

private extension Double {
    func formatted() -> String { self == rounded() ? String(Int(self)) : String(self) }
}
