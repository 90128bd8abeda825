import AudioIO
import Foundation
import Music
import Synchronization

/// What a feature's effect may use: the services, queues to run on, cancellation, and `post` to report back.
public struct EffectContext: Sendable {
    /// Files, models, the demo song.
    public let services: WorkstationServices
    /// Sends an action to the UI thread (it is reduced there, in order).
    public let post: @Sendable (Action) -> Void
    /// A serial queue for file reads and writes, so writes land in the order they were asked for.
    public let files: DispatchQueue
    /// A concurrent queue for computation (analysis, bouncing).
    public let compute: DispatchQueue
    /// The transport, for work that streams audio to it as it is made (separated stems); nil in tests that
    /// run effects without one.
    public let transport: (any Transport)?
    fileprivate let modelQueues: ModelQueues
    fileprivate let cancelled: CancelledJobs

    /// The serial queue of one model's service: each model is loaded once and runs one request at a time,
    /// in order, without holding up another model.
    public func model(_ name: String) -> DispatchQueue { modelQueues.queue(for: name) }

    /// Whether `:cancel` stopped the job; long work checks between chunks and stops early.
    public func isCancelled(_ jobID: Int) -> Bool { cancelled.contains(jobID) }
}

/// Jobs `:cancel` stopped.
final class CancelledJobs: Sendable {
    private let ids = Mutex<Set<Int>>([])
    func insert(_ id: Int) { _ = ids.withLock { $0.insert(id) } }
    func contains(_ id: Int) -> Bool { ids.withLock { $0.contains(id) } }
}

/// One serial queue per model name.
final class ModelQueues: Sendable {
    private let queues = Mutex<[String: DispatchQueue]>([:])
    func queue(for name: String) -> DispatchQueue {
        queues.withLock { q in
            if let existing = q[name] { return existing }
            let made = DispatchQueue(label: "kanade.model.\(name)", qos: .userInitiated)
            q[name] = made
            return made
        }
    }
}

/// Runs the effects `reduce` returns, none of them on the UI thread: files on a serial file queue, analysis
/// and bouncing on a compute queue, each model on its own serial queue, and the engine (transport and melody
/// player) on one serial engine queue, which also reports the playhead 30 times a second while anything
/// plays. Results come back through `post` as actions. `run` returns at once.
public final class EffectRunner: @unchecked Sendable {
    // Invariant: `melody`, `timer`, `transportPlaying` and `melodyPlaying` are touched only on `engine`.
    /// What effects run with.
    public let context: EffectContext
    private let transport: Transport
    private let journal: SessionJournal?
    private let engine = DispatchQueue(label: "kanade.engine", qos: .userInteractive)
    private var melody: MelodyOutput?
    private var timer: DispatchSourceTimer?
    private var transportPlaying = false, melodyPlaying = false
    // Engine-queue only: how fast the tracks the transport holds play against the song (`Effect.setSpeed`).
    private var speed = 1.0

    /// Reports per second while playing.
    static let playingFPS = 30

    /// A runner over a transport, an optional melody output and journal; results go to `post`.
    public init(services: WorkstationServices, transport: Transport, melody: MelodyOutput? = nil,
                journal: SessionJournal? = nil, post: @escaping @Sendable (Action) -> Void) {
        context = EffectContext(services: services, post: post,
                                files: DispatchQueue(label: "kanade.files", qos: .userInitiated),
                                compute: DispatchQueue(label: "kanade.compute", qos: .userInitiated, attributes: .concurrent),
                                transport: transport,
                                modelQueues: ModelQueues(), cancelled: CancelledJobs())
        self.transport = transport
        self.melody = melody
        self.journal = journal
    }

    /// Runs one effect in the background.
    public func run(_ effect: Effect) {
        let context = context, services = context.services, post = context.post
        switch effect {
        case .loadAudio(let path, let job):
            context.files.async {
                do {
                    let audio = try services.loadAudio(expandTilde(path))
                    post(.audioLoaded(jobID: job, name: fileName(path), path: path, audio: audio))
                } catch {
                    post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .renderDemo(let job):
            context.compute.async {
                do { post(.audioLoaded(jobID: job, name: "demo song", path: nil, audio: try services.demoSong())) } catch {
                    post(.jobFailed(jobID: job, message: "demo song: \(error)"))
                }
            }
        case .analyze(let trackID, let audio, let job):
            context.compute.async {
                post(.peaksReady(trackID: trackID, PeakSummary(audio)))
                let progress = ProgressThrottle { post(.jobProgress(jobID: job, fraction: $0)) }
                do {
                    let s = try services.spectrogram(audio) { fraction in
                        progress.report(fraction)
                        return !context.isCancelled(job)
                    }
                    post(.spectrogramReady(jobID: job, trackID: trackID, s))
                } catch {
                    post(.jobFailed(jobID: job, message: "spectrogram: \(error)"))
                }
            }
        case .loadTheme(let name):
            context.files.async {
                do { post(.themeLoaded(try services.themes.load(name))) } catch {
                    post(.notify("\(error)", isError: true))
                }
            }
        case .complete(let line, let layouts, let points):
            context.files.async {
                var completer = Completer(themeNames: services.themes.names(), layoutNames: layouts)
                completer.savedMorphPoints = points
                if line.hasPrefix("morph ") { completer.instrumentNames = (try? MorphVoices.shared().cornerWords) ?? [] }
                post(.completions(line: line, completer.candidates(for: line)))
            }
        case .writeProject(let path, let document, let audio, let files, let job):
            context.files.async {
                do {
                    let made = try ProjectFile.write(document, madeAudio: audio, files: files, to: path, fileSystem: services.fileSystem)
                    post(.projectWritten(jobID: job, path: path, madeFiles: made))
                } catch {
                    post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .openProject(let path, let job):
            context.files.async {
                do {
                    let document = try ProjectFile.read(path, fileSystem: services.fileSystem)
                    post(.projectOpened(jobID: job, path: path, Self.loadAudio(of: document, services: services)))
                } catch {
                    post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .restoreSession(let document, let job):
            context.files.async {
                post(.projectOpened(jobID: job, path: document.project, Self.loadAudio(of: document, services: services)))
            }
        case .journal(let document):
            journal?.record(document)
        case .discardJournal:
            let journal = journal
            context.files.async { journal?.discard() }
        case .cancel(let job):
            context.cancelled.insert(job)
        case .feature(let work):
            work.run(context)
        case .redraw:
            break  // the shell's
        case .setTracks(let tracks): engine.async { self.transport.setTracks(tracks) }
        case .play: engine.async { self.transport.play(); self.transportPlaying = true; self.startReporting() }
        case .pause: engine.async { self.transport.pause(); self.transportPlaying = false }
        case .seek(let t): engine.async { self.transport.seek(to: t / self.speed) }
        case .setLoop(let range):
            engine.async { self.transport.setLoop(range.map { TimeRange($0.start / self.speed, $0.end / self.speed) }) }
        case .setSpeed(let speed): engine.async { self.speed = speed }
        case .playMelody(let sequence, let instruments, let from, let loop):
            engine.async {
                guard let melody = self.melody else { post(.melodyPlayhead(nil)); return }
                melody.play(sequence, instruments: instruments, fromTick: from, loop: loop)
                self.melodyPlaying = true
                self.startReporting()
            }
        case .stopMelody:
            // A report queued before the stop may already have posted a playhead the reducer had just cleared;
            // the stop's own nil comes after it, so the piano roll does not keep a stale playhead.
            engine.async { self.melody?.stop(); self.melodyPlaying = false; post(.melodyPlayhead(nil)) }
        case .audition(let pitch, let velocity, let instrument):
            engine.async { self.melody?.audition(pitch: pitch, velocity: velocity, instrument: instrument) }
        }
    }

    /// Waits until the engine and file queues have run everything asked of them so far (tests, quitting).
    public func waitForEngineAndFiles() {
        engine.sync {}
        context.files.sync {}
    }

    /// Each track's audio, read where the document says (nil path: the demo song, rendered again).
    static func loadAudio(of document: SessionDocument, services: WorkstationServices) -> ProjectContents {
        var audio: [AudioBuffer?] = [], failures: [String] = []
        for track in document.tracks {
            do {
                audio.append(try track.path.map { try services.loadAudio($0) } ?? services.demoSong())
            } catch {
                audio.append(nil)
                failures.append("\(error)")
            }
        }
        return ProjectContents(document: document, audio: audio, failures: failures)
    }

    /// Starts the 30 Hz playhead reports (on the engine queue) if they are not running.
    private func startReporting() {
        guard timer == nil else { return }
        let t = DispatchSource.makeTimerSource(queue: engine)
        let period = 1.0 / Double(Self.playingFPS)
        t.schedule(deadline: .now() + period, repeating: period, leeway: .milliseconds(2))
        t.setEventHandler { [weak self] in self?.report() }
        timer = t
        t.resume()
    }

    private func report() {
        let post = context.post
        if transportPlaying {
            var status = transport.status()
            status.position *= speed
            post(.transport(status))
            if !status.isPlaying { transportPlaying = false }
        }
        if melodyPlaying {
            let tick = melody?.pump()
            post(.melodyPlayhead(tick))
            if tick == nil { melodyPlaying = false }
        }
        if !transportPlaying && !melodyPlaying {
            timer?.cancel()
            timer = nil
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
