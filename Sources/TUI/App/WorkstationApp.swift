import Foundation
import Music
import Workstation

/// The workstation's loop: input and posted results → `reduce` → effects; state → frame → diff → terminal.
///
/// It sleeps in `poll` until a key, a mouse event, a resize or a background result arrives, so an idle
/// screen costs no CPU; while audio plays it wakes 30 times a second to move the playhead.
public final class WorkstationApp {
    /// The current state.
    public private(set) var state: AppState
    private let terminal: Terminal
    private let transport: Transport
    private let services: WorkstationServices
    private let mailbox: Mailbox
    private var screen = Screen()
    private let renderer = FrameRenderer()
    private var mouse = MouseRouter()
    private var lastTick = ContinuousClock.now
    /// Runs the melody model's work one request at a time, in order, off the UI thread.
    private let modelQueue = DispatchQueue(label: "kanade.melody-model", qos: .userInitiated)
    /// Plays the piano roll's melody (nil: the melody is silent).
    public var melody: MelodyOutput?
    /// Appends edits to the crash-recovery journal (nil: no journal).
    public var journal: SessionJournal?
    /// Frames drawn and cells written, for diagnostics (`KANADE_STATS`).
    public private(set) var framesDrawn = 0, cellsWritten = 0

    /// Frames per second while playing.
    static let playingFPS = 30

    /// An app over a terminal, a transport and services. Results of background work arrive in `mailbox`.
    public init(state: AppState, terminal: Terminal, transport: Transport, services: WorkstationServices, mailbox: Mailbox) {
        self.state = state; self.terminal = terminal; self.transport = transport
        self.services = services; self.mailbox = mailbox
    }

    /// Opens the given files, or renders the demo song when there are none.
    public func start(opening paths: [String]) {
        if paths.isEmpty {
            // The demo session has two melodies in slots A and B, so the slider has something to blend.
            if state.session.pianoRoll == PianoRoll() {
                state.session.pianoRoll = .demo
                state.view.pianoRoll.reveal(PianoRoll.demo.melody)
                state.view.pianoRoll.cursorPitch = 69
            }
            let job = dispatchJob("rendering demo song")
            let services = services, mailbox = mailbox
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    let audio = try services.demoSong()
                    mailbox.post(.audioLoaded(jobID: job, name: "demo song", path: nil, audio: audio))
                } catch {
                    mailbox.post(.jobFailed(jobID: job, message: "demo song: \(error)"))
                }
            }
        } else {
            // Each MIDI file gets its own melody slot (A, B, …), so `kanade a.mid b.mid` opens ready to blend.
            var melodies = 0
            for path in paths {
                if Command.isMIDIPath(path) {
                    if melodies > 0 { dispatch(.command(.roll(.slotNew))) }
                    melodies += 1
                }
                dispatch(.command(.open(path)))
            }
        }
    }

    /// Runs until `:q`. The terminal is restored when this returns.
    public func run() {
        defer { terminal.restore() }
        var dirty = true
        while true {
            for action in mailbox.drain() { dispatch(action); dirty = true }
            if state.shouldQuit { break }
            if dirty { draw(); dirty = false }
            let ticking = state.transport.isPlaying || state.view.pianoRoll.playhead != nil
            let timeout: Int? = ticking ? max(1, 1000 / Self.playingFPS - millisecondsSinceTick()) : nil
            if let event = terminal.nextEvent(timeoutMilliseconds: timeout) {
                handle(event)
                dirty = true
            }
            if ticking && millisecondsSinceTick() >= 1000 / Self.playingFPS - 2 {
                tick()
                dirty = true
            }
        }
    }

    /// Reads the transport's real position and levels into the state.
    public func tick() {
        lastTick = ContinuousClock.now
        if state.transport.isPlaying { dispatch(.transport(transport.status())) }
        if state.view.pianoRoll.playhead != nil { dispatch(.melodyPlayhead(melody?.pump())) }
    }

    private func millisecondsSinceTick() -> Int {
        let d = ContinuousClock.now - lastTick
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Handles one terminal event.
    public func handle(_ event: InputEvent) {
        switch event {
        case .key(let key): dispatch(.key(key))
        case .mouse(let m):
            let size = terminal.size
            for command in mouse.commands(for: m, state: state, width: size.width, height: size.height) {
                dispatch(.command(command))
            }
        case .resize:
            screen.invalidate()
        case .wake:
            break
        }
    }

    /// Draws the current state on the terminal (only changed cells are written).
    public func draw() {
        let size = terminal.size
        let frame = renderer.render(state, width: size.width, height: size.height, glyphs: glyphs)
        cellsWritten += screen.present(frame, on: terminal)
        framesDrawn += 1
        // The piano roll scrolls in whole screens it can only know once laid out: tell reduce its size.
        if let (columns, rows) = renderer.pianoRollViewport,
           columns != state.view.pianoRoll.viewportColumns || rows != state.view.pianoRoll.viewportRows {
            dispatch(.command(.roll(.viewport(columns: columns, rows: rows))))
            draw()
        }
    }

    /// The glyph set for the `glyphs` setting and the terminal's locale.
    var glyphs: Glyphs {
        switch state.settings.glyphs {
        case "unicode": return .unicode
        case "ascii": return .ascii
        default: return terminal.capabilities.unicode ? .unicode : .ascii
        }
    }

    /// Applies an action and performs the effects `reduce` returns.
    public func dispatch(_ action: Action) {
        let before = state.history.past.count
        for effect in reduce(&state, action) { perform(effect) }
        // Any change of the undo history is an edit, an undo or a redo: the journal follows the melodies.
        if let journal, state.history.past.count != before, state.view.pianoRoll.recovery == nil {
            journal.record(state.session.pianoRoll)
        }
    }

    private func dispatchJob(_ label: String) -> Int { state.startJobForShell(label) }

    private func perform(_ effect: Effect) {
        let services = services, mailbox = mailbox
        switch effect {
        case .loadAudio(let path, let job):
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    let audio = try services.loadAudio(expandTilde(path))
                    let name = path.split(separator: "/").last.map(String.init) ?? path
                    mailbox.post(.audioLoaded(jobID: job, name: name, path: path, audio: audio))
                } catch {
                    mailbox.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .analyze(let trackID, let audio, let job):
            DispatchQueue.global(qos: .utility).async {
                mailbox.post(.peaksReady(trackID: trackID, PeakSummary(audio)))
                let progress = ProgressThrottle { mailbox.post(.jobProgress(jobID: job, fraction: $0)) }
                do {
                    let s = try services.spectrogram(audio) { progress.report($0) }
                    mailbox.post(.spectrogramReady(jobID: job, trackID: trackID, s))
                } catch {
                    mailbox.post(.jobFailed(jobID: job, message: "spectrogram: \(error)"))
                }
            }
        case .loadTheme(let name):
            do { dispatch(.themeLoaded(try services.themes.load(name))) } catch {
                dispatch(.notify(error.description, isError: true))
            }
        case .complete(let line):
            let completer = Completer(themeNames: services.themes.names())
            dispatch(.completions(line: line, completer.candidates(for: line)))
        case .write(let path, let contents):
            do {
                try AtomicFile.write(contents, to: expandTilde(path))
                dispatch(.sessionWritten(path: path))
            } catch {
                dispatch(.notify("\(path): cannot write: \(error.reason)", isError: true))
            }
        case .setTracks(let tracks): transport.setTracks(tracks)
        case .play: transport.play(); lastTick = .now
        case .pause: transport.pause()
        case .seek(let t): transport.seek(to: t)
        case .setLoop(let range): transport.setLoop(range)
        case .glyphsChanged: screen.invalidate()
        case .playMelody(let sequence, let from, let loop):
            melody?.play(sequence, fromTick: from, loop: loop)
            lastTick = .now
            if melody == nil { dispatch(.melodyPlayhead(nil)) }
        case .stopMelody: melody?.stop()
        case .discardJournal: journal?.discard()
        case .audition(let pitch, let velocity): melody?.audition(pitch: pitch, velocity: velocity)
        case .readMIDI(let path):
            do { dispatch(.melodyLoaded(path: path, try NoteSequence(midiFile: expandTilde(path)))) } catch {
                dispatch(.notify("\(error)", isError: true))
            }
        case .writeMIDI(let path, let sequence):
            do {
                try sequence.writeMIDIFile(to: expandTilde(path))
                dispatch(.melodyWritten(path: path))
            } catch {
                dispatch(.notify("\(error)", isError: true))
            }
        case .interpolate(let key):
            modelQueue.async { mailbox.post(MelodyModelJobs.answer(key, services: services)) }
        case .generateMelody(let request):
            modelQueue.async { mailbox.post(MelodyModelJobs.answer(request, services: services)) }
        case .exportWAV(let path, let sequence):
            let job = state.startJobForShell("exporting \(path)")
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    try MelodyExport.wav(sequence, to: expandTilde(path))
                    mailbox.post(.melodyWritten(path: path))
                } catch {
                    mailbox.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        }
    }
}

/// Passes on progress at most every 2 % so the UI is not flooded.
private final class ProgressThrottle: @unchecked Sendable {
    // Invariant: used from the one background thread running the job.
    private var last = -1.0
    private let send: (Double) -> Void
    init(send: @escaping (Double) -> Void) { self.send = send }
    func report(_ f: Double) {
        if f - last >= 0.02 || f >= 1 { last = f; send(f) }
    }
}
