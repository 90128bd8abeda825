import Foundation
import Music
import Workstation

/// The workstation's shell: input and posted results → `reduce` → effects to the `EffectRunner`;
/// state → frame → diff → terminal. It reads input, draws and runs nothing else: files, models and the
/// engine are the runner's, off this thread, and every change of state goes through `reduce`.
///
/// It sleeps in `poll` until a key, a mouse event, a resize or a posted result arrives, so an idle screen
/// costs no CPU; while audio plays the runner posts the playhead 30 times a second, which wakes it.
public final class WorkstationApp {
    /// The current state.
    public private(set) var state: AppState
    private let terminal: Terminal
    /// Runs effects off the UI thread.
    public let runner: EffectRunner
    private let mailbox: Mailbox
    private var screen = Screen()
    private let renderer = FrameRenderer()
    private var mouse = MouseRouter()
    /// Frames drawn and cells written, for diagnostics (`KANADE_STATS`).
    public private(set) var framesDrawn = 0, cellsWritten = 0

    /// An app over a terminal, a transport and services. Results of background work arrive in `mailbox`.
    public init(state: AppState, terminal: Terminal, transport: Transport, services: WorkstationServices, mailbox: Mailbox,
                melody: MelodyOutput? = nil, journal: SessionJournal? = nil) {
        self.state = state; self.terminal = terminal; self.mailbox = mailbox
        runner = EffectRunner(services: services, transport: transport, melody: melody, journal: journal,
                              post: { [mailbox] in mailbox.post($0) })
    }

    /// Opens the given files (projects, `.mid` melodies one slot each, audio as tracks), or the demo session
    /// when there are none — unless a crashed session is on offer, which `:recover` brings back whole.
    public func start(opening paths: [String]) {
        guard !paths.isEmpty else {
            if state.recovery == nil { dispatch(.openDemo) }
            return
        }
        // Each MIDI file gets its own melody slot (A, B, …), so `kanade a.mid b.mid` opens ready to blend.
        var melodies = 0
        for path in paths {
            if PianoRollFeature.isMIDIPath(path) {
                if melodies > 0 { dispatch(.pianoRoll(.command(.slotNew))) }
                melodies += 1
            }
            dispatch(.command(.open(path)))
        }
    }

    /// Runs until `:q`, then lets the runner finish writing. The terminal is restored when this returns.
    public func run() {
        defer { terminal.restore() }
        var dirty = true
        while true {
            for action in mailbox.drain() { dispatch(action); dirty = true }
            if state.shouldQuit { break }
            if dirty { draw(); dirty = false }
            if let event = terminal.nextEvent(timeoutMilliseconds: nil) {
                handle(event)
                dirty = true
            }
        }
        runner.waitForEngineAndFiles()
    }

    /// Applies every result posted so far (tests; the loop does this itself).
    public func applyPosted() { for action in mailbox.drain() { dispatch(action) } }

    /// Handles one terminal event.
    public func handle(_ event: InputEvent) {
        switch event {
        case .key(let key): dispatch(.key(key))
        case .mouse(let m):
            let size = terminal.size
            for action in mouse.actions(for: m, state: state, width: size.width, height: size.height, memory: renderer.memory) {
                dispatch(action)
            }
        case .resize:
            screen.invalidate()
        case .wake:
            break
        }
    }

    /// Draws the current state on the terminal (only changed cells are written). Panes that need to know
    /// their size (the piano roll) are told through `reduce` first.
    public func draw() {
        let size = terminal.size
        if size.width >= PaneLayout.minimumWidth, size.height >= PaneLayout.minimumHeight {
            let area = PaneLayout.paneArea(width: size.width, height: size.height)
            for (kind, rect) in PaneLayout.frames(for: state.view, in: area) {
                for action in PaneRegistry.pane(kind)?.sizeActions(inside: rect.inset(1), state: state) ?? [] { dispatch(action) }
            }
        }
        let frame = renderer.render(state, width: size.width, height: size.height, glyphs: glyphs)
        cellsWritten += screen.present(frame, on: terminal)
        framesDrawn += 1
    }

    /// The glyph set for the `glyphs` setting and the terminal's locale.
    var glyphs: Glyphs {
        switch state.settings.glyphs {
        case "unicode": return .unicode
        case "ascii": return .ascii
        default: return terminal.capabilities.unicode ? .unicode : .ascii
        }
    }

    /// Applies an action and hands the effects `reduce` returns to the runner.
    public func dispatch(_ action: Action) {
        for effect in reduce(&state, action) {
            if case .redraw = effect { screen.invalidate() } else { runner.run(effect) }
        }
    }
}
