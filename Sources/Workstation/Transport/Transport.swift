/// What the transport reports each frame: the real playhead and output levels.
public struct TransportStatus: Sendable, Equatable {
    /// Whether audio is running.
    public var isPlaying: Bool
    /// The playhead in seconds, as the output has reached it.
    public var position: Double
    /// Peak level per output channel, 0…1, over the last frame.
    public var levels: [Float]
    /// Creates a status.
    public init(isPlaying: Bool, position: Double, levels: [Float]) {
        self.isPlaying = isPlaying; self.position = position; self.levels = levels
    }
}

/// Plays the session's tracks. The UI sends commands and reads `status()` at 30 fps while playing.
public protocol Transport: AnyObject, Sendable {
    /// Replaces what is played (tracks with their gain, mute and solo).
    func setTracks(_ tracks: [AudioTrack])
    /// Starts playback from the playhead.
    func play()
    /// Stops playback, keeping the playhead.
    func pause()
    /// Moves the playhead.
    func seek(to seconds: Double)
    /// Loops between two times, or plays through when nil.
    func setLoop(_ range: TimeRange?)
    /// The real position and levels now.
    func status() -> TransportStatus
    /// A short name for the status bar ("ALSA default", "null").
    var outputName: String { get }
}
