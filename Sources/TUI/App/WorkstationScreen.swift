import Workstation
#if canImport(Glibc)
import Glibc
#endif

/// The full-screen workstation as the `kanade` executable runs it.
public enum WorkstationScreen {
    /// Runs until `:q`; the terminal is restored on every way out (return, thrown error, signal, crash).
    /// Throws only when the terminal cannot be used at all.
    public static func run(files: [String], themeName: String,
                           services: WorkstationServices = .standard(),
                           transport: Transport? = nil) throws(TerminalError) {
        // Started from a script or a pipe, a full-screen program would wait for keys that never come.
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError(problem: "not a terminal: the workstation needs one (for scripts see kanade --help)")
        }
        var state = AppState()
        let (keyMap, keyError) = KeyMap.load(userFile: KeyMap.userFilePath())
        state.keyMap = keyMap
        var startupMessages: [(String, Bool)] = []
        if let keyError { startupMessages.append((keyError.description + " (using the default keys)", true)) }
        do { state.theme = try services.themes.load(themeName) } catch {
            startupMessages.append((error.description, true))
        }
        let output: Transport
        if let transport { output = transport } else {
            // The device is $KANADE_AUDIO_DEVICE or ALSA "default"; without one the engine plays silently.
            let engine = EngineTransport()
            if let problem = engine.deviceProblem {
                startupMessages.append(("audio: \(problem)", true))
                state.audioWarning = "silent"
            }
            output = engine
        }
        // The session of a run that ended without :q (crash, kill -9) is offered back; a damaged journal is
        // moved aside and reported, never trusted and never fatal.
        let journal = SessionJournal(path: SessionJournal.defaultPath())
        var startupActions: [Action] = []
        switch journal.recover() {
        case .nothing: break
        case .session(let document): startupActions.append(.recoveryFound(document))
        case .damaged(let problem, let movedTo):
            startupMessages.append(("crash-recovery journal damaged (\(problem)); "
                                    + (movedTo.map { "moved aside to \($0)" } ?? "left at \(journal.path)"), true))
        }
        let (layouts, layoutError) = Layout.load(userFile: Layout.userFilePath())
        startupActions.append(.layoutsLoaded(layouts, problem: layoutError?.description))
        let wake = WakeSignal()
        let terminal = try NcursesTerminal(wake: wake)
        TerminalRestorer.install()
        // Libraries' own stderr lines would scribble over the panes: they go to a log meanwhile.
        let logPath = String(SessionJournal.defaultPath().dropLast("journal.json".count)) + "kanade.log"
        let diagnostics = DiagnosticsLog(path: logPath)
        defer {
            terminal.restore()
            TerminalRestorer.uninstall()
            diagnostics?.restore()
        }
        let app = WorkstationApp(state: state, terminal: terminal, transport: output, services: services,
                                 mailbox: Mailbox(wake: wake), melody: (output as? EngineTransport)?.makeMelodyOutput(),
                                 journal: journal)
        for (text, isError) in startupMessages { app.dispatch(.notify(text, isError: isError)) }
        // Last, so the recovery offer is the line a person sees first.
        for action in startupActions { app.dispatch(action) }
        app.start(opening: files)
        app.run()
        (output as? EngineTransport)?.shutDown()
        // A clean quit: nothing to recover next time (unless the recovery offer is still open).
        if app.state.recovery == nil { journal.discard() }
    }
}
