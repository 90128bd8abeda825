/// Everything the workstation can do. Keys and mouse gestures are bound to command lines
/// (as in cmus), and `:` runs the same command lines.
public enum Command: Equatable, Sendable {
    case playPause, stop
    /// Moves the playhead by seconds (negative: back).
    case seek(Double)
    /// Puts the playhead at a time.
    case seekTo(Double)
    case seekStart, seekEnd
    case zoomIn, zoomOut, zoomFit
    /// Scrolls the view by a fraction of its width.
    case scroll(Double)
    /// `v`: start a selection at the playhead, or finish it there.
    case selectToggle
    case select(TimeRange)
    case selectClear
    case loopToggle
    case focusNext, focusPrevious
    case focus(PaneKind)
    case layout(String)
    case layoutNext
    case resize(ResizeDirection)
    case trackNext, trackPrevious
    case mute, solo
    case undo, redo
    case help
    /// Opens the `:` prompt.
    case commandLine
    case quit
    case open(String)
    case write(String?)
    case theme(String)
    case set(String, String)
    /// A piano-roll command (`roll insert`, `roll grid 1/8T` …).
    case roll(PianoRollCommand)
    /// Bounces the current melody to a WAV file.
    case export(String)
    /// An interpolation-slider command (`interp move +1`, `interp sample` …).
    case interp(InterpolationCommand)

    /// Which way `resize` changes the focused pane.
    public enum ResizeDirection: String, Sendable, CaseIterable { case taller, shorter, wider, narrower }
}

/// The commands, as typed: name, usage, what it does, and what its argument completes to.
public struct CommandSpec: Sendable {
    /// What Tab completes after the name.
    public enum Argument: Sendable { case none, path, theme, setting, words([String]) }
    /// The command's name.
    public var name: String
    /// How to write it.
    public var usage: String
    /// What it does.
    public var summary: String
    /// What its first argument completes to.
    public var argument: Argument

    /// Every command, in the order `:help` lists them.
    public static let all: [CommandSpec] = [
        .init(name: "play-pause", usage: "play-pause", summary: "start or pause playback", argument: .none),
        .init(name: "stop", usage: "stop", summary: "pause and go back to the start (or the selection's start)", argument: .none),
        .init(name: "seek", usage: "seek ±SECONDS", summary: "move the playhead (seek -5, seek +30)", argument: .none),
        .init(name: "seek-to", usage: "seek-to TIME", summary: "put the playhead at TIME (seconds or m:ss)", argument: .none),
        .init(name: "seek-start", usage: "seek-start", summary: "playhead to the start", argument: .none),
        .init(name: "seek-end", usage: "seek-end", summary: "playhead to the end", argument: .none),
        .init(name: "zoom", usage: "zoom in|out|fit", summary: "zoom the time panes around the playhead", argument: .words(["in", "out", "fit"])),
        .init(name: "scroll", usage: "scroll left|right", summary: "scroll the time panes by half a screen", argument: .words(["left", "right"])),
        .init(name: "select-toggle", usage: "select-toggle", summary: "start a selection at the playhead, or end it there", argument: .none),
        .init(name: "select", usage: "select FROM TO", summary: "select a time range", argument: .none),
        .init(name: "select-clear", usage: "select-clear", summary: "drop the selection", argument: .none),
        .init(name: "loop", usage: "loop", summary: "loop playback over the selection on/off", argument: .none),
        .init(name: "focus", usage: "focus next|prev|PANE", summary: "move the focus between panes",
              argument: .words(["next", "prev"] + PaneKind.allCases.map(\.rawValue))),
        .init(name: "layout", usage: "layout next|NAME", summary: "switch the pane layout",
              argument: .words(["next"] + Layout.all.map(\.name))),
        .init(name: "resize", usage: "resize taller|shorter|wider|narrower", summary: "resize the focused pane",
              argument: .words(Command.ResizeDirection.allCases.map(\.rawValue))),
        .init(name: "track", usage: "track next|prev", summary: "show the next or previous open track", argument: .words(["next", "prev"])),
        .init(name: "mute", usage: "mute", summary: "mute or unmute the current track", argument: .none),
        .init(name: "solo", usage: "solo", summary: "solo or unsolo the current track", argument: .none),
        .init(name: "undo", usage: "undo", summary: "undo the last edit", argument: .none),
        .init(name: "redo", usage: "redo", summary: "redo what was undone", argument: .none),
        .init(name: "help", usage: "help", summary: "show or hide the key and command overview", argument: .none),
        .init(name: "command-line", usage: "command-line", summary: "open the : prompt", argument: .none),
        .init(name: "open", usage: "open PATH", summary: "open an audio file as a new track, or a .mid file into the melody slot", argument: .path),
        .init(name: "w", usage: "w [PATH]", summary: "write the session as TOML, or the melody when PATH ends in .mid or .midi", argument: .path),
        .init(name: "q", usage: "q", summary: "quit", argument: .none),
        .init(name: "theme", usage: "theme NAME", summary: "switch colours live (themes/*.toml)", argument: .theme),
        .init(name: "set", usage: "set KEY VALUE", summary: "change a setting (see the settings list)", argument: .setting),
        .init(name: "roll", usage: "roll SUBCOMMAND", summary: "edit the piano roll (see the piano-roll keys)",
              argument: .words(PianoRollCommand.words)),
        .init(name: "export", usage: "export PATH.wav", summary: "bounce the current melody to a WAV file", argument: .path),
        .init(name: "interp", usage: "interp SUBCOMMAND", summary: "drive the interpolation slider (see its keys)",
              argument: .words(InterpolationCommand.words)),
    ]

    /// Aliases accepted by the parser.
    static let aliases: [String: String] = ["quit": "q", "write": "w", "e": "open", "edit": "open"]

    /// The spec of a command name (or alias).
    public static func named(_ name: String) -> CommandSpec? {
        let n = aliases[name] ?? name
        return all.first { $0.name == n }
    }
}

extension Command {
    /// Whether `open PATH` reads a melody into the piano roll (`.mid`, `.midi`) rather than audio into a track.
    public static func isMIDIPath(_ path: String) -> Bool {
        let p = path.lowercased()
        return p.hasSuffix(".mid") || p.hasSuffix(".midi")
    }

    /// Parses a command line such as `seek -5`, `open ~/song.wav` or `set db-range 90`.
    public init(parsing line: String) throws(CommandError) {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else { throw CommandError("empty command") }
        let typed = words.removeFirst()
        guard let spec = CommandSpec.named(typed) else { throw CommandError("\(typed): no such command (try :help)") }
        let name = spec.name
        let rest = line.drop { $0 == " " }.dropFirst(typed.count).trimmingCharacters(in: .whitespaces)
        func one(_ options: [String]) throws(CommandError) -> String {
            guard words.count == 1, options.contains(words[0]) else {
                throw CommandError("\(name): use \(options.joined(separator: ", "))")
            }
            return words[0]
        }
        func time(_ text: String) throws(CommandError) -> Double {
            guard let t = parseTime(text) else { throw CommandError("\(name): \(text) is not a time (seconds or m:ss)") }
            return t
        }
        func none() throws(CommandError) {
            if !words.isEmpty { throw CommandError("\(name) takes no argument") }
        }
        switch name {
        case "play-pause": try none(); self = .playPause
        case "stop": try none(); self = .stop
        case "seek":
            guard words.count == 1, let s = Double(words[0]) else { throw CommandError("seek: use seek ±SECONDS") }
            self = .seek(s)
        case "seek-to":
            guard words.count == 1 else { throw CommandError("seek-to: use seek-to TIME") }
            self = .seekTo(try time(words[0]))
        case "seek-start": try none(); self = .seekStart
        case "seek-end": try none(); self = .seekEnd
        case "zoom":
            switch try one(["in", "out", "fit"]) { case "in": self = .zoomIn; case "out": self = .zoomOut; default: self = .zoomFit }
        case "scroll":
            self = try one(["left", "right"]) == "left" ? .scroll(-0.5) : .scroll(0.5)
        case "select-toggle": try none(); self = .selectToggle
        case "select":
            guard words.count == 2 else { throw CommandError("select: use select FROM TO") }
            self = .select(TimeRange(try time(words[0]), try time(words[1])))
        case "select-clear": try none(); self = .selectClear
        case "loop": try none(); self = .loopToggle
        case "focus":
            guard words.count == 1 else { throw CommandError("focus: use focus next|prev|PANE") }
            if words[0] == "next" { self = .focusNext } else if words[0] == "prev" { self = .focusPrevious }
            else if let p = PaneKind(rawValue: words[0]) { self = .focus(p) }
            else { throw CommandError("focus: no pane \"\(words[0])\"") }
        case "layout":
            guard words.count == 1 else { throw CommandError("layout: use layout next|NAME") }
            if words[0] == "next" { self = .layoutNext; return }
            guard Layout.all.contains(where: { $0.name == words[0] }) || Int(words[0]).map({ (1...Layout.all.count).contains($0) }) == true
            else { throw CommandError("layout: no layout \"\(words[0])\" (have: \(Layout.all.map(\.name).joined(separator: ", ")))") }
            self = .layout(words[0])
        case "resize":
            self = .resize(Command.ResizeDirection(rawValue: try one(Command.ResizeDirection.allCases.map(\.rawValue)))!)
        case "track": self = try one(["next", "prev"]) == "next" ? .trackNext : .trackPrevious
        case "mute": try none(); self = .mute
        case "solo": try none(); self = .solo
        case "undo": try none(); self = .undo
        case "redo": try none(); self = .redo
        case "help": try none(); self = .help
        case "command-line": try none(); self = .commandLine
        case "q": try none(); self = .quit
        case "open":
            guard !rest.isEmpty else { throw CommandError("open: use open PATH") }
            self = .open(rest)
        case "w": self = .write(rest.isEmpty ? nil : rest)
        case "roll": self = .roll(try PianoRollCommand(words: words))
        case "interp": self = .interp(try InterpolationCommand(words: words))
        case "export":
            guard !rest.isEmpty else { throw CommandError("export: use export PATH.wav") }
            self = .export(rest)
        case "theme":
            guard words.count == 1 else { throw CommandError("theme: use theme NAME") }
            self = .theme(words[0])
        case "set":
            guard words.count == 2 else { throw CommandError("set: use set KEY VALUE") }
            self = .set(words[0], words[1])
        default:
            throw CommandError("\(name): no such command")
        }
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
