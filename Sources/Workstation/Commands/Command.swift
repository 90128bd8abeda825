/// The core's commands: transport, time view, tracks, layout and focus, undo, the prompt, files, themes,
/// settings, recovery and jobs. Features add their own through `Feature.commands`; keys and mouse gestures
/// are bound to command lines (as in cmus), and `:` runs the same command lines.
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
    /// Opens a file by what it is: a project, a feature's file type, or audio as a new track.
    case open(String)
    /// Writes the project (nil: where it was opened or last written), or a feature's file by extension.
    case write(String?)
    case theme(String)
    case set(String, String)
    /// Restores the session found in the journal at start (`true`), or drops the offer (`false`).
    case recover(Bool)
    /// Stops a running job (nil: the newest).
    case cancel(Int?)

    /// Which way `resize` changes the focused pane.
    public enum ResizeDirection: String, Sendable, CaseIterable { case taller, shorter, wider, narrower }

    /// Parses a command line (any command, core or feature) into its action.
    public static func parse(_ line: String) throws(CommandError) -> Action { try CommandSpec.parse(line) }
}

/// The core's command declarations (the tracks feature declares the transport and time commands).
enum CoreCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("focus", usage: "focus next|prev|PANE", summary: "move the focus between panes", argument: .pane,
                    describe: { w in w.count > 1 && w[1] == "next" ? "focus the next pane"
                        : w.count > 1 && w[1] == "prev" ? "focus the previous pane" : "move the focus between panes" }) { a throws(CommandError) in
            guard a.words.count == 1 else { throw CommandError("focus: use focus next|prev|PANE") }
            if a.words[0] == "next" { return .command(.focusNext) }
            if a.words[0] == "prev" { return .command(.focusPrevious) }
            guard let p = PaneKind.named(a.words[0]) else { throw CommandError("focus: no pane \"\(a.words[0])\"") }
            return .command(.focus(p))
        },
        CommandSpec("layout", usage: "layout next|NAME", summary: "switch the pane layout", argument: .layout,
                    describe: { w in w.count > 1 ? (w[1] == "next" ? "switch to the next layout" : "switch to the \(w[1]) layout")
                        : "switch the pane layout" }) { a throws(CommandError) in
            guard a.words.count == 1 else { throw CommandError("layout: use layout next|NAME") }
            return .command(a.words[0] == "next" ? .layoutNext : .layout(a.words[0]))
        },
        CommandSpec("resize", usage: "resize taller|shorter|wider|narrower", summary: "resize the focused pane",
                    argument: .words(Command.ResizeDirection.allCases.map(\.rawValue)),
                    describe: { w in w.count > 1 ? "make the focused pane \(w[1])" : "resize the focused pane" }) { a throws(CommandError) in
            .command(.resize(Command.ResizeDirection(rawValue: try a.one(Command.ResizeDirection.allCases.map(\.rawValue)))!))
        },
        CommandSpec("undo", usage: "undo", summary: "undo the last edit") { a throws(CommandError) in try a.none(); return .command(.undo) },
        CommandSpec("redo", usage: "redo", summary: "redo what was undone") { a throws(CommandError) in try a.none(); return .command(.redo) },
        CommandSpec("help", usage: "help", summary: "show or hide the key and command overview") { a throws(CommandError) in
            try a.none(); return .command(.help)
        },
        CommandSpec("command-line", usage: "command-line", summary: "open the : prompt") { a throws(CommandError) in
            try a.none(); return .command(.commandLine)
        },
        CommandSpec("open", aliases: ["e", "edit"], usage: "open PATH",
                    summary: "open a project (NAME.kanade), a .mid file into the melody slot, or audio as a new track",
                    argument: .path) { a throws(CommandError) in
            .command(.open(try a.path(usage: "open PATH")))
        },
        CommandSpec("w", aliases: ["write"], usage: "w [PATH]",
                    summary: "write the project (NAME.kanade), or the melody when PATH ends in .mid", argument: .path) { a throws(CommandError) in
            .command(.write(a.rest.isEmpty ? nil : a.rest))
        },
        CommandSpec("q", aliases: ["quit"], usage: "q", summary: "quit") { a throws(CommandError) in try a.none(); return .command(.quit) },
        CommandSpec("theme", usage: "theme NAME", summary: "switch colours live (themes/*.toml)", argument: .theme) { a throws(CommandError) in
            guard a.words.count == 1 else { throw CommandError("theme: use theme NAME") }
            return .command(.theme(a.words[0]))
        },
        CommandSpec("set", usage: "set KEY VALUE", summary: "change a setting (see the settings list)", argument: .setting) { a throws(CommandError) in
            guard a.words.count == 2 else { throw CommandError("set: use set KEY VALUE") }
            return .command(.set(a.words[0], a.words[1]))
        },
        CommandSpec("recover", usage: "recover [drop]",
                    summary: "restore the session a crash left behind, or drop the offer", argument: .words(["drop"])) { a throws(CommandError) in
            if a.words.isEmpty { return .command(.recover(true)) }
            _ = try a.one(["drop"])
            return .command(.recover(false))
        },
        CommandSpec("cancel", usage: "cancel [JOB]", summary: "stop a running job (the newest, or its number in the status bar)") { a throws(CommandError) in
            if a.words.isEmpty { return .command(.cancel(nil)) }
            guard a.words.count == 1, let id = Int(a.words[0]) else { throw CommandError("cancel: use cancel [JOB NUMBER]") }
            return .command(.cancel(id))
        },
    ]
}
