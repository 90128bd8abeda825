import AudioIO
import Music
import Synth

/// Everything that can change `AppState`: input, commands, and results of background work. Each feature's
/// own actions travel as `.feature(…)` (`Action.pianoRoll(…)`, `Action.interpolation(…)` are spelled in
/// their folders) and are reduced by the feature.
public enum Action: Sendable {
    /// A key press (the key map or the prompt decides what it does).
    case key(KeyPress)
    /// A command line, as bound to a key or typed after `:`.
    case commandLine(String)
    /// A parsed core command (mouse gestures send these).
    case command(Command)
    /// The transport's real playhead and levels (30 times a second while playing).
    case transport(TransportStatus)
    /// A file finished loading.
    case audioLoaded(jobID: Int, name: String, path: String?, audio: AudioBuffer)
    /// Background work failed; the message names the file and the problem.
    case jobFailed(jobID: Int, message: String)
    /// Background work advanced.
    case jobProgress(jobID: Int, fraction: Double)
    /// Background work ended (successfully, with its own action, or cancelled).
    case jobEnded(jobID: Int)
    /// A track's waveform summary is ready (the spectrogram follows).
    case peaksReady(trackID: Int, PeakSummary)
    /// A track's spectrogram is ready.
    case spectrogramReady(jobID: Int, trackID: Int, LogSpectrogram)
    /// A theme file was read.
    case themeLoaded(Theme)
    /// Completions for the prompt text they were computed for.
    case completions(line: String, [String])
    /// A project was written (`:w NAME.kanade`).
    /// `madeFiles`: the files written for audio Kanade made, by track index (the tracks now name them).
    case projectWritten(jobID: Int, path: String, madeFiles: [Int: String])
    /// A project was read (`kanade NAME.kanade`, `:open NAME.kanade`); its tracks' audio follows.
    case projectOpened(jobID: Int, path: String?, ProjectContents)
    /// The session left by a run that did not quit cleanly, found at start; offered with `:recover`.
    case recoveryFound(SessionDocument)
    /// The start-up session: the demo (`kanade` with no files) sets up its melodies and renders its song.
    case openDemo
    /// The layouts available, with a problem of the person's `layouts.toml` if it had one.
    case layoutsLoaded([Layout], problem: String?)
    /// The melody player's playhead in ticks; nil when it stopped (the piano roll shows it).
    case melodyPlayhead(Double?)
    /// A feature's action.
    case feature(any FeatureAction)
    /// Show a message (from the app shell, e.g. a key-map file problem).
    case notify(String, isError: Bool)
}

/// Work `reduce` asks for: I/O, background computation, the engine. The `EffectRunner` runs them off the
/// UI thread and reports back with actions; only `.redraw` is the shell's own.
public enum Effect: Sendable {
    /// Read an audio file, reporting `audioLoaded` or `jobFailed`.
    case loadAudio(path: String, jobID: Int)
    /// Render the demo song, reporting `audioLoaded` or `jobFailed`.
    case renderDemo(jobID: Int)
    /// Compute peaks and the spectrogram of a track.
    case analyze(trackID: Int, audio: AudioBuffer, jobID: Int)
    /// Read a theme file, reporting `themeLoaded` or `notify`.
    case loadTheme(String)
    /// Compute completions for a prompt line (`layouts`: the names `:layout` completes to).
    case complete(String, layouts: [String], morphPoints: [String] = [])
    /// Write the session as a project folder, reporting `projectWritten` or `jobFailed`. `files`: audio the
    /// features made (stems), by path relative to the folder.
    case writeProject(path: String, SessionDocument, audio: [Int: AudioBuffer], files: [String: AudioBuffer], jobID: Int)
    /// Read a project folder and its tracks' audio, reporting `projectOpened` or `jobFailed`.
    case openProject(path: String, jobID: Int)
    /// Load the audio of a recovered session, reporting `projectOpened`.
    case restoreSession(SessionDocument, jobID: Int)
    /// Tell the transport what to play.
    case setTracks([AudioTrack])
    /// Transport commands.
    case play, pause
    case seek(Double)
    case setLoop(TimeRange?)
    /// The tracks now sent are slowed to `speed` (0.25…1): seeks, loops and the reported playhead are in the
    /// song's own time and the runner scales them (the chart editor's slow playback).
    case setSpeed(Double)
    /// Play a melody from a tick (looping a tick range) through the live synth, each track with its
    /// instrument; stop it.
    case playMelody(NoteSequence, instruments: [InstrumentChoice], fromTick: Int, loop: Range<Int>?)
    case stopMelody
    /// Sound one note briefly (a note placed or moved) through an instrument.
    case audition(pitch: Int, velocity: Int, instrument: InstrumentChoice)
    /// Record the session in the crash-recovery journal (coalesced, written in the background).
    case journal(SessionDocument)
    /// Remove the crash-recovery journal (a clean quit, or the person declined to recover it).
    case discardJournal
    /// Stop a running job.
    case cancel(jobID: Int)
    /// A feature's work.
    case feature(any FeatureEffect)
    /// The screen must be redrawn from scratch (the glyph setting changed). The shell's own.
    case redraw
}
