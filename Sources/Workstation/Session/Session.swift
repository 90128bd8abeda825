import AudioIO

/// The document: what a person made and would want back after undo, a restart or `:w` and reopening.
///
/// The tracks, the selection and the loop are the core's; every feature keeps its own part in `parts`
/// (`session.pianoRoll` is `parts[PianoRoll.self]`). View state (zoom, focus), derived data (spectrograms)
/// and the transport live beside it in `AppState`. `SessionDocument` is how it is written and read.
public struct Session: Sendable {
    /// Open tracks, in the order they were opened.
    public var tracks: [AudioTrack] = []
    /// Index into `tracks` of the track the waveform and spectrogram show.
    public var currentTrackIndex = 0
    /// The selected time range, if any.
    public var selection: TimeRange?
    /// Whether playback loops over the selection.
    public var loopSelection = false
    /// The project folder (`NAME.kanade`) the session was opened from or last written to.
    public var path: String?
    /// Each feature's saved part.
    public var parts = PartStore()
    /// The next track id to hand out.
    var nextTrackID = 1

    /// An empty session.
    public init() {}

    /// The track on screen, if any.
    public var currentTrack: AudioTrack? {
        tracks.indices.contains(currentTrackIndex) ? tracks[currentTrackIndex] : nil
    }

    /// The longest track's length: the session's timeline.
    public var duration: Double { tracks.map(\.duration).max() ?? 0 }

    /// Adds a track and makes it current; returns its id.
    @discardableResult
    public mutating func add(name: String, path: String?, audio: AudioIO.AudioBuffer) -> Int {
        let id = nextTrackID
        nextTrackID += 1
        tracks.append(AudioTrack(id: id, name: name, path: path, audio: audio))
        currentTrackIndex = tracks.count - 1
        return id
    }
}
