import Synth
import Music

/// The piano roll: melody slots A, B, … edited note by note, played through the live synth, read from and
/// written to `.mid`, bounced to WAV.
public enum PianoRollFeature: Feature {
    public static let name = "piano-roll"

    public static let panes = [PaneSpec(.pianoRoll, title: "Piano roll")]

    public static let commands: [CommandSpec] = [
        CommandSpec("roll", usage: "roll SUBCOMMAND", summary: "edit the piano roll (see the piano-roll keys)",
                    argument: .words(PianoRollCommand.words), describe: { PianoRollCommand.summary($0) }) { a throws(CommandError) in
            .pianoRoll(.command(try PianoRollCommand(words: a.words)))
        },
        CommandSpec("export", usage: "export PATH.wav | export stems DIR [wav|flac] [replace]",
                    summary: "bounce the current melody to a WAV file; with stems, write the separated stems", argument: .path) { a throws(CommandError) in
            // `export stems …` belongs to the stems feature: one command name, two features.
            if a.words.first == "stems" { return try StemsFeature.parseExport(a) }
            return .pianoRoll(.export(path: try a.path(usage: "export PATH.wav")))
        },
        CommandSpec("instrument", usage: "instrument morph NAME|grid | gm PROGRAM|drums | synth PATCH",
                    summary: "the edited track's instrument: a saved morph-grid point, a General MIDI program from the SoundFont, or a built-in synth patch",
                    argument: .words(["morph", "gm", "synth"])) { a throws(CommandError) in
            try parseInstrument(a.words)
        },
    ]

    /// `:instrument morph NAME|grid`, `gm PROGRAM|drums` (the SoundFont through libfluidsynth), `synth PATCH`
    /// (`lead`, `sine`, a family word, or `gm:N`'s family patch).
    static func parseInstrument(_ w: [String]) throws(CommandError) -> Action {
        let usage = "instrument morph NAME|grid | gm PROGRAM|drums | synth PATCH"
        guard w.count == 2 else { throw CommandError("instrument: use \(usage)") }
        switch w[0] {
        case "morph":
            return .morphGrid(.assign(w[1]))
        case "gm":
            if w[1] == "drums" { return .pianoRoll(.command(.instrument(.soundFontDrums))) }
            guard let n = Int(w[1]), (0...127).contains(n) else { throw CommandError("instrument gm: \(w[1]) is not a program 0–127 (or drums)") }
            return .pianoRoll(.command(.instrument(.soundFont(program: n))))
        case "synth":
            do {
                let choice = try InstrumentChoice(parsing: w[1])
                if case .soundFont = choice { throw InstrumentChoiceError(text: w[1]) }
                if case .soundFontDrums = choice { throw InstrumentChoiceError(text: w[1]) }
                if case .morph = choice { throw InstrumentChoiceError(text: w[1]) }
                return .pianoRoll(.command(.instrument(choice)))
            } catch {
                throw CommandError("instrument synth: \(w[1]) is not a patch (\(InstrumentChoice.words.joined(separator: ", ")), gm:0–127)")
            }
        default:
            throw CommandError("instrument: use \(usage)")
        }
    }

    /// Whether `path` is a MIDI file (`.mid`, `.midi`), which opens into a melody slot.
    public static func isMIDIPath(_ path: String) -> Bool { fileTypes[0].matches(path) }

    public static let sessionParts: [any SessionPart.Type] = [PianoRoll.self]

    public static let fileTypes = [
        FileType(extensions: ["mid", "midi"], open: { .pianoRoll(.open(path: $0)) }, write: { .pianoRoll(.write(path: $0)) }),
    ]

    public static let keyTable = """
        # Keys of the piano roll, while it has the focus (other keys fall through to [keys]).
        [piano-roll]
        "h" = "roll cursor -1"
        "left" = "roll cursor -1"
        "l" = "roll cursor +1"
        "right" = "roll cursor +1"
        "k" = "roll cursor 0 +1"
        "up" = "roll cursor 0 +1"
        "j" = "roll cursor 0 -1"
        "down" = "roll cursor 0 -1"
        "K" = "roll cursor 0 +12"
        "J" = "roll cursor 0 -12"
        "w" = "roll bar +1"
        "b" = "roll bar -1"
        "0" = "roll home"
        "home" = "roll home"
        "i" = "roll insert"
        "enter" = "roll insert"
        "x" = "roll delete"
        "delete" = "roll delete"
        "H" = "roll move -1"
        "L" = "roll move +1"
        "]" = "roll move 0 +1"
        "[" = "roll move 0 -1"
        "}" = "roll move 0 +12"
        "{" = "roll move 0 -12"
        ">" = "roll length +1"
        "<" = "roll length -1"
        "+" = "roll velocity +10"
        "=" = "roll velocity +10"
        "-" = "roll velocity -10"
        "v" = "roll mark"
        "V" = "roll range"
        "a" = "roll select"
        "A" = "roll select-all"
        "esc" = "roll select-none"
        "y" = "roll copy"
        "d" = "roll cut"
        "p" = "roll paste"
        "Q" = "roll quantize"
        "g" = "roll grid next"
        "G" = "roll grid prev"
        "z" = "roll zoom in"
        "Z" = "roll zoom out"
        "pageup" = "roll scroll left"
        "pagedown" = "roll scroll right"
        "r" = "roll loop"
        "." = "roll slot next"
        "," = "roll slot prev"
        "n" = "roll slot new"
        "t" = "roll track"
        "space" = "roll play"
        "f" = "roll audition"
        "c" = "continue"
        "N" = "take next"
        "P" = "take prev"
        """
}

extension PaneKind {
    /// The piano roll.
    public static let pianoRoll = PaneKind("piano-roll")
}
