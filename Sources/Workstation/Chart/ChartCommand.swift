import Charts

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
    /// Generates charts for the current track with the trained model: the difficulties named (nil: all five).
    case generate(Difficulty?)
    /// Moves the edit cursor by steps of the snap (or, `measures`, by 4-beat measures).
    case cursor(Int, measures: Bool)
    /// Adds or removes a tap (or a mine) on a lane (1-based as typed; stored 0-based) at the cursor.
    case note(lane: Int), mine(lane: Int)
    /// The lane's last step before the cursor becomes a hold to it (again: a roll; again: a tap).
    case hold(lane: Int)
    /// A finer (+1) or coarser (−1) snap, or a snap by notes per measure.
    case snap(Int, absolute: Bool)
    /// Starts or ends a selection at the cursor; clears it.
    case mark, unmark
    /// Selection edits (the selection, or the cursor's row when there is none).
    case delete, copy, cut, paste, mirror, flip, quantise
    /// Moves the selection by steps of the snap.
    case shift(Int)
    /// Lists the lint's findings and moves the cursor to the next one after it.
    case lint
    /// A tap of tap tempo at the playhead.
    case tapTempo
    /// Sets the tempo (at the cursor's BPM segment), or changes it by a delta.
    case bpm(Double, relative: Bool)
    /// Moves the song's offset by milliseconds (positive: the notes come later).
    case offset(milliseconds: Double)
    /// Turns the assist tick (a click on every step, mixed into playback) on or off.
    case assist
    /// Playback speed in percent, 25…100, with the pitch kept.
    case speed(Double)
}

extension ChartCommand {
    /// The `chart` subcommands for completion and help.
    static let words = ["open", "write", "replace", "next", "prev", "generate", "cursor", "measure", "note", "mine",
                        "hold", "snap", "mark", "unmark", "delete", "copy", "cut", "paste", "mirror", "flip", "shift",
                        "quantise", "lint", "tap-tempo", "bpm", "offset", "assist", "speed"]

    /// Parses the words after `chart`; `rest` is the line after the subcommand, as typed (a path may hold spaces).
    init(words: [String], rest: String) throws(CommandError) {
        guard let sub = words.first else {
            throw CommandError("chart: use chart SUBCOMMAND (\(ChartCommand.words.joined(separator: ", ")))")
        }
        let path = rest.drop { $0 == " " }.dropFirst(sub.count).drop { $0 == " " }
        let args = Array(words.dropFirst())
        func needPath() throws(CommandError) -> String {
            guard !path.isEmpty else { throw CommandError("chart \(sub): use chart \(sub) PATH.sm|PATH.ssc") }
            return String(path)
        }
        func none() throws(CommandError) {
            guard args.isEmpty else { throw CommandError("chart \(sub) takes no argument") }
        }
        func lane() throws(CommandError) -> Int {
            guard args.count == 1, let n = Int(args[0]), (1...16).contains(n) else {
                throw CommandError("chart \(sub): use chart \(sub) LANE (1-4 in dance-single)")
            }
            return n - 1
        }
        func signed(_ what: String) throws(CommandError) -> Int {
            guard args.count == 1, let n = Int(args[0].hasPrefix("+") ? String(args[0].dropFirst()) : args[0]) else {
                throw CommandError("chart \(sub): use chart \(sub) \(what)")
            }
            return n
        }
        switch sub {
        case "open": self = .open(try needPath())
        case "write": self = .write(try needPath())
        case "replace": self = .replace(try needPath())
        case "next": try none(); self = .next
        case "prev", "previous": try none(); self = .previous
        case "generate":
            switch args.first?.lowercased() {
            case nil, "all": self = .generate(nil)
            case let name?:
                guard args.count == 1, let d = Difficulty(fileName: name), d != .edit else {
                    throw CommandError("chart generate: use chart generate [beginner|easy|medium|hard|challenge|all]")
                }
                self = .generate(d)
            }
        case "cursor": self = .cursor(try signed("±STEPS"), measures: false)
        case "measure": self = .cursor(try signed("±MEASURES"), measures: true)
        case "note": self = .note(lane: try lane())
        case "mine": self = .mine(lane: try lane())
        case "hold": self = .hold(lane: try lane())
        case "snap":
            switch args.first {
            case "finer" where args.count == 1: self = .snap(1, absolute: false)
            case "coarser" where args.count == 1: self = .snap(-1, absolute: false)
            case let n? where args.count == 1 && Int(n).map({ $0 > 0 && 192 % $0 == 0 }) == true: self = .snap(Int(n)!, absolute: true)
            default: throw CommandError("chart snap: use chart snap finer|coarser|N (N notes a measure: 4, 8, 12, 16, 24, 32, 48, 64, 192)")
            }
        case "mark": try none(); self = .mark
        case "unmark": try none(); self = .unmark
        case "delete": try none(); self = .delete
        case "copy": try none(); self = .copy
        case "cut": try none(); self = .cut
        case "paste": try none(); self = .paste
        case "mirror": try none(); self = .mirror
        case "flip": try none(); self = .flip
        case "quantise", "quantize": try none(); self = .quantise
        case "shift": self = .shift(try signed("±STEPS"))
        case "lint": try none(); self = .lint
        case "tap-tempo": try none(); self = .tapTempo
        case "assist": try none(); self = .assist
        case "speed":
            let text = args.first.map { $0.hasSuffix("%") ? String($0.dropLast()) : $0 }
            guard args.count == 1, let v = text.flatMap(Double.init), v >= 25, v <= 100 else {
                throw CommandError("chart speed: use chart speed PERCENT (25 to 100)")
            }
            self = .speed(v)
        case "bpm":
            guard args.count == 1, let v = Double(args[0]), v.isFinite else { throw CommandError("chart bpm: use chart bpm BPM or chart bpm +D|-D") }
            let relative = args[0].hasPrefix("+") || args[0].hasPrefix("-")
            guard relative || v > 0 else { throw CommandError("chart bpm: the tempo must be positive") }
            self = .bpm(v, relative: relative)
        case "offset":
            let text = args.first.map { $0.hasSuffix("ms") ? String($0.dropLast(2)) : $0 }
            guard args.count == 1, let v = text.flatMap(Double.init), v.isFinite else { throw CommandError("chart offset: use chart offset ±MS") }
            self = .offset(milliseconds: v)
        default: throw CommandError("chart \(sub): no such subcommand (\(ChartCommand.words.joined(separator: ", ")))")
        }
    }

    /// What a bound `chart …` line does, for the help overlay.
    static func summary(_ words: [String]) -> String {
        let arg = words.count > 2 ? words[2] : ""
        switch words.dropFirst().first {
        case "next": return "next chart (difficulty)"
        case "prev": return "previous chart (difficulty)"
        case "open": return "open a .sm/.ssc file"
        case "write": return "write the charts"
        case "replace": return "write the charts over an existing file"
        case "generate": return "generate charts for the song with the model"
        case "cursor": return arg.hasPrefix("-") ? "cursor earlier by a snap step" : "cursor later by a snap step"
        case "measure": return arg.hasPrefix("-") ? "cursor a measure earlier" : "cursor a measure later"
        case "note": return "tap on lane \(arg) at the cursor (again: remove)"
        case "mine": return "mine on lane \(arg) at the cursor (again: remove)"
        case "hold": return "lane \(arg): last step becomes a hold to the cursor (again: roll, tap)"
        case "snap": return arg == "finer" ? "finer snap" : arg == "coarser" ? "coarser snap" : "set the snap"
        case "mark": return "start/end a selection at the cursor"
        case "unmark": return "clear the selection"
        case "delete": return "delete the selection's notes"
        case "copy": return "copy the selection"
        case "cut": return "cut the selection"
        case "paste": return "paste at the cursor"
        case "mirror": return "mirror the selection (left ↔ right)"
        case "flip": return "flip the selection (down ↔ up)"
        case "quantise", "quantize": return "quantise the selection to the snap"
        case "shift": return arg.hasPrefix("-") ? "move the selection a snap step earlier" : "move the selection a snap step later"
        case "lint": return "list the lint's findings, jump to the next"
        case "tap-tempo": return "tap tempo at the playhead"
        case "assist": return "assist tick on/off (a click on every step)"
        case "speed": return "playback speed \(arg) % with the pitch kept"
        case "bpm": return "set or nudge the BPM"
        case "offset": return arg.hasPrefix("-") ? "offset earlier (ms)" : "offset later (ms)"
        default: return "charts"
        }
    }
}
