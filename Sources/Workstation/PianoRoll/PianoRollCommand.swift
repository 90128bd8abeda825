import Music
import Synth

/// What `roll …` command lines do in the piano roll (the piano-roll keys are bound to these).
public enum PianoRollCommand: Equatable, Sendable {
    /// Moves the cursor by grid steps and semitones.
    case cursor(steps: Int, semitones: Int)
    /// Moves the cursor by bars.
    case cursorBars(Int)
    /// Puts the cursor at the start.
    case cursorHome
    /// Adds a note of one grid step at the cursor (it sounds).
    case insert
    /// Adds a note at a tick and pitch with a length (mouse click).
    case insertAt(tick: Int, pitch: Int, length: Int)
    /// Deletes the selection or the note under the cursor.
    case delete
    /// Moves the selection (or the note under the cursor) by grid steps and semitones; the cursor follows.
    case move(steps: Int, semitones: Int)
    /// Moves the selection by ticks and semitones (mouse drag).
    case moveBy(ticks: Int, semitones: Int)
    /// Lengthens (+) or shortens (−) by grid steps.
    case length(Int)
    /// Lengthens or shortens by ticks (mouse drag of a note's end).
    case lengthBy(Int)
    /// Changes velocity by an amount.
    case velocity(Int)
    /// Starts a box selection at the cursor, or selects the box from the mark to the cursor.
    case mark
    /// Selects every note whose start lies between the mark (or the cursor's bar start) and the cursor.
    case range
    /// Selects the note at a tick and pitch (mouse press), adding to the selection with `add`.
    case selectAt(tick: Int, pitch: Int, add: Bool)
    /// Toggles the note under the cursor in the selection.
    case selectToggle
    case selectAll, selectNone
    case copy, cut, paste
    /// Snaps the selection (or every note) to the grid.
    case quantize
    /// Sets the grid (`1/16`, `1/8T`), or steps through the grids.
    case grid(StepGrid), gridNext, gridPrevious
    case zoomIn, zoomOut
    /// Scrolls by half a screen of columns (±1) or by octaves (pitch).
    case scroll(columns: Int, octaves: Int)
    /// Loop region: the selection's extent, or the bar at the cursor; again to clear.
    case loop
    /// Sets the tempo in BPM at the start.
    case tempo(Double)
    /// Sets the time signature at the start.
    case meter(Int, Int)
    /// Switches to a slot (index), or adds a new empty one.
    case slot(Int), slotNext, slotPrevious, slotNew
    /// Edits the next track of a multi-track melody.
    case trackNext
    /// Sets the edited track's instrument.
    case instrument(InstrumentChoice)
    /// The pane's size in columns and pitch rows (sent by the app after drawing).
    case viewport(columns: Int, rows: Int)
    /// Plays from the cursor, or stops.
    case playToggle
    /// Sounds the pitch at the cursor.
    case audition
}

extension PianoRollCommand {
    /// The `roll` subcommands for completion and help.
    static let words = ["cursor", "bar", "home", "insert", "insert-at", "delete", "move", "move-by", "length", "length-by",
                        "velocity", "mark", "range", "select-at", "select", "select-all", "select-none", "copy", "cut",
                        "paste", "quantize", "grid", "zoom", "scroll", "loop", "tempo", "meter", "slot", "track",
                        "play", "audition", "instrument"]

    /// Parses the words after `roll`.
    init(words w: [String]) throws(CommandError) {
        func int(_ i: Int) throws(CommandError) -> Int {
            guard w.count > i, let v = Int(w[i].hasPrefix("+") ? String(w[i].dropFirst()) : w[i]) else {
                throw CommandError("roll \(w.first ?? ""): expected a whole number")
            }
            return v
        }
        guard let sub = w.first else { throw CommandError("roll: use roll SUBCOMMAND (\(PianoRollCommand.words.joined(separator: ", ")))") }
        switch sub {
        case "cursor": self = .cursor(steps: try int(1), semitones: w.count > 2 ? try int(2) : 0)
        case "bar": self = .cursorBars(try int(1))
        case "home": self = .cursorHome
        case "insert": self = .insert
        case "insert-at": self = .insertAt(tick: try int(1), pitch: try int(2), length: try int(3))
        case "delete": self = .delete
        case "move": self = .move(steps: try int(1), semitones: w.count > 2 ? try int(2) : 0)
        case "move-by": self = .moveBy(ticks: try int(1), semitones: try int(2))
        case "length": self = .length(try int(1))
        case "length-by": self = .lengthBy(try int(1))
        case "velocity": self = .velocity(try int(1))
        case "mark": self = .mark
        case "range": self = .range
        case "select-at": self = .selectAt(tick: try int(1), pitch: try int(2), add: w.count > 3 && w[3] == "add")
        case "select": self = .selectToggle
        case "select-all": self = .selectAll
        case "select-none": self = .selectNone
        case "copy": self = .copy
        case "cut": self = .cut
        case "paste": self = .paste
        case "quantize": self = .quantize
        case "grid":
            guard w.count == 2 else { throw CommandError("roll grid: use roll grid next|prev|1/4|1/8|1/16|1/32 (T for triplets)") }
            if w[1] == "next" { self = .gridNext; return }
            if w[1] == "prev" { self = .gridPrevious; return }
            guard let g = StepGrid.standard.first(where: { $0.label == w[1].uppercased() }) else {
                throw CommandError("roll grid: \(w[1]) is not one of \(StepGrid.standard.map(\.label).joined(separator: " "))")
            }
            self = .grid(g)
        case "zoom":
            guard w.count == 2, w[1] == "in" || w[1] == "out" else { throw CommandError("roll zoom: use roll zoom in|out") }
            self = w[1] == "in" ? .zoomIn : .zoomOut
        case "scroll":
            switch w.count == 2 ? w[1] : "" {
            case "left": self = .scroll(columns: -1, octaves: 0)
            case "right": self = .scroll(columns: 1, octaves: 0)
            case "up": self = .scroll(columns: 0, octaves: 1)
            case "down": self = .scroll(columns: 0, octaves: -1)
            default: throw CommandError("roll scroll: use roll scroll left|right|up|down")
            }
        case "loop": self = .loop
        case "tempo":
            guard w.count == 2, let bpm = Double(w[1]), bpm >= 10, bpm <= 400 else {
                throw CommandError("roll tempo: use roll tempo BPM (10–400)")
            }
            self = .tempo(bpm)
        case "meter":
            let parts = w.count == 2 ? w[1].split(separator: "/").compactMap { Int($0) } : []
            guard parts.count == 2, (1...32).contains(parts[0]), [1, 2, 4, 8, 16, 32].contains(parts[1]) else {
                throw CommandError("roll meter: use roll meter N/D (3/4, 6/8 …)")
            }
            self = .meter(parts[0], parts[1])
        case "slot":
            guard w.count == 2 else { throw CommandError("roll slot: use roll slot next|prev|new|A|B|…") }
            switch w[1] {
            case "next": self = .slotNext
            case "prev": self = .slotPrevious
            case "new": self = .slotNew
            default:
                guard let index = PianoRoll.slotIndex(named: w[1]) else {
                    throw CommandError("roll slot: \(w[1]) is not a slot (A, B, …)")
                }
                self = .slot(index)
            }
        case "track": self = .trackNext
        case "instrument":
            guard w.count == 2 else {
                throw CommandError("roll instrument: use roll instrument NAME (\(InstrumentChoice.words.joined(separator: ", ")), gm:0–127)")
            }
            do { self = .instrument(try InstrumentChoice(parsing: w[1])) } catch { throw CommandError("roll instrument: \(error)") }
        case "viewport": self = .viewport(columns: try int(1), rows: try int(2))
        case "play": self = .playToggle
        case "audition": self = .audition
        default: throw CommandError("roll \(sub): no such piano-roll command")
        }
    }
}

extension PianoRollCommand {
    /// What a `roll …` command line does, for the help overlay.
    public static func summary(_ words: [String]) -> String {
        /// "a semitone up", "an octave down", "3 semitones up".
        func interval(_ text: String) -> String {
            let n = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) ?? 0
            let size = abs(n) == 12 ? "an octave" : abs(n) == 1 ? "a semitone" : "\(abs(n)) semitones"
            return size + (n < 0 ? " down" : " up")
        }
        let arg = words.count > 2 ? words[2] : words.count > 1 ? words[1] : ""
        switch words.count > 1 ? words[1] : "" {
        case "cursor":
            if words.count > 3 && words[3] != "0" { return "cursor " + interval(words[3]) }
            return "cursor a grid step \(arg.hasPrefix("-") ? "back" : "on")"
        case "bar": return "cursor to the \(arg.hasPrefix("-") ? "previous" : "next") bar"
        case "home": return "cursor to the start"
        case "insert": return "add a note of one grid step at the cursor (it sounds); cursor moves on"
        case "delete": return "delete the selected notes (or the one under the cursor)"
        case "move":
            if words.count > 3 { return "transpose the notes " + interval(words[3]) }
            return "move the notes a grid step \(arg.hasPrefix("-") ? "earlier" : "later")"
        case "length": return arg.hasPrefix("-") ? "shorten the notes by a grid step" : "lengthen the notes by a grid step"
        case "velocity": return "change velocity by \(arg)"
        case "mark": return "box select: mark a corner, move, mark again"
        case "range": return "select every note starting from the mark (or bar) to the cursor"
        case "select": return "add or remove the note under the cursor from the selection"
        case "select-all": return "select every note"
        case "select-none": return "clear the selection"
        case "copy": return "copy the notes"
        case "cut": return "cut the notes"
        case "paste": return "paste at the cursor"
        case "quantize": return "snap the selection (or all notes) to the grid"
        case "grid": return arg == "next" ? "finer grid (1/4 … 1/32, triplets)" : "coarser grid"
        case "zoom": return "zoom time \(arg)"
        case "scroll": return "scroll \(arg) half a screen"
        case "loop": return "loop the selection (or the cursor's bar) on/off"
        case "slot": return arg == "new" ? "add a new melody slot" : "\(arg) melody slot (A, B, …)"
        case "track": return "edit the next track of the melody"
        case "instrument": return "the edited track's instrument (\(arg))"
        case "play": return "play from the cursor / stop"
        case "audition": return "sound the pitch at the cursor"
        case "tempo": return "set the tempo (BPM)"
        case "meter": return "set the time signature"
        default: return ""
        }
    }
}
