import AudioIO
import Music

/// Everything that can change `AppState`: input, commands, and results of background work.
public enum Action: Sendable {
    /// A key press (the key map or the prompt decides what it does).
    case key(KeyPress)
    /// A command line, as bound to a key or typed after `:`.
    case commandLine(String)
    /// A parsed command (mouse gestures send these).
    case command(Command)
    /// The transport's real playhead and levels (30 times a second while playing).
    case transport(TransportStatus)
    /// A file finished loading.
    case audioLoaded(jobID: Int, name: String, path: String?, audio: AudioBuffer)
    /// Background work failed; the message names the file and the problem.
    case jobFailed(jobID: Int, message: String)
    /// Background work advanced.
    case jobProgress(jobID: Int, fraction: Double)
    /// A track's waveform summary is ready (the spectrogram follows).
    case peaksReady(trackID: Int, PeakSummary)
    /// A track's spectrogram is ready.
    case spectrogramReady(jobID: Int, trackID: Int, LogSpectrogram)
    /// A theme file was read.
    case themeLoaded(Theme)
    /// Completions for the prompt text they were computed for.
    case completions(line: String, [String])
    /// `:w` finished.
    case sessionWritten(path: String)
    /// A `.mid` file was read into the current melody slot.
    case melodyLoaded(path: String, NoteSequence)
    /// A melody was written (`.mid`) or exported (`.wav`).
    case melodyWritten(path: String)
    /// The melody player's playhead in ticks; nil when it stopped.
    case melodyPlayhead(Double?)
    /// The melody model decoded the slider's path for `key`.
    case interpolationReady(InterpolationSlider.Key, [NoteSequence])
    /// The melody model sampled or varied a melody.
    case melodyGenerated(InterpolationSlider.Generated)
    /// The melody model could not run (the message names the model file and the problem).
    case modelFailed(String)
    /// Show a message (from the app shell, e.g. a key-map file problem).
    case notify(String, isError: Bool)
}

/// Work `reduce` asks the app shell to do: I/O, background computation, the transport.
public enum Effect: Sendable {
    /// Read an audio file (off the UI thread), reporting `audioLoaded` or `jobFailed`.
    case loadAudio(path: String, jobID: Int)
    /// Compute peaks and the spectrogram of a track (off the UI thread).
    case analyze(trackID: Int, audio: AudioBuffer, jobID: Int)
    /// Read a theme file, reporting `themeLoaded` or `notify`.
    case loadTheme(String)
    /// Compute completions for a prompt line.
    case complete(String)
    /// Write text atomically (temp file + rename), reporting `sessionWritten` or `notify`.
    case write(path: String, contents: String)
    /// Tell the transport what to play.
    case setTracks([AudioTrack])
    /// Transport commands.
    case play, pause
    case seek(Double)
    case setLoop(TimeRange?)
    /// Play a melody from a tick (looping a tick range) through the live synth; stop it.
    case playMelody(NoteSequence, fromTick: Int, loop: Range<Int>?)
    case stopMelody
    /// Remove the crash-recovery journal (the person declined to recover it).
    case discardJournal
    /// Sound one note briefly (a note placed or moved).
    case audition(pitch: Int, velocity: Int)
    /// Read a `.mid` file, reporting `melodyLoaded` or `notify`.
    case readMIDI(path: String)
    /// Write a melody as `.mid` atomically, reporting `melodyWritten` or `notify`.
    case writeMIDI(path: String, NoteSequence)
    /// Bounce a melody to a WAV file (off the UI thread), reporting `melodyWritten` or `notify`.
    case exportWAV(path: String, NoteSequence)
    /// Decode the slider's path from A to B with the melody model (off the UI thread), reporting
    /// `interpolationReady` or `modelFailed`.
    case interpolate(InterpolationSlider.Key)
    /// Sample (`melody` nil) or vary a melody with the melody model (off the UI thread), reporting
    /// `melodyGenerated` or `modelFailed`.
    case generateMelody(MelodyRequest)
    /// The glyph setting changed (`:set glyphs`).
    case glyphsChanged(String)
}
