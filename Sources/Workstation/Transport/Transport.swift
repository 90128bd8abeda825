/// What the transport reports each frame: the real playhead and output levels.
public struct TransportStatus: Sendable, Equatable {
    /// Whether audio is running.
    public var isPlaying: Bool
    /// The playhead in seconds, as the output has reached it.
    public var position: Double
    /// Peak level per output channel, 0…1, over the last frame.
    public var levels: [Float]
    /// Peak level of each stems lane of the track with stems (each stem, the residual, then the original),
    /// empty when no stems play.
    public var stemLevels: [Float]
    /// Creates a status.
    public init(isPlaying: Bool, position: Double, levels: [Float], stemLevels: [Float] = []) {
        self.isPlaying = isPlaying; self.position = position; self.levels = levels; self.stemLevels = stemLevels
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

    /// Stems for a track (issue 17): `stemCount` stems arriving chunk by chunk at `sampleRate`; until a frame
    /// arrives the stems side plays the track there. `generation` names this separation in later calls.
    func beginStems(trackID: Int, generation: Int, stemCount: Int, sampleRate: Double, channelCount: Int)
    /// A run of the stems, `parts[stem][channel]`, from the song's frame `start` (runs may come out of order).
    func appendStems(generation: Int, _ parts: [[[Float]]], at start: Int)
    /// The stems of `generation` are complete.
    func finishStems(generation: Int)
    /// The track plays without stems again.
    func endStems(trackID: Int)
    /// Each lane's linear gain (each stem, then the residual) and which side sounds: the stems or the original.
    func setStemMix(trackID: Int, laneGains: [Float], listenToStems: Bool)
}

extension Transport {
    // A transport without sound has nothing to do with stems.
    public func beginStems(trackID: Int, generation: Int, stemCount: Int, sampleRate: Double, channelCount: Int) {}
    public func appendStems(generation: Int, _ parts: [[[Float]]], at start: Int) {}
    public func finishStems(generation: Int) {}
    public func endStems(trackID: Int) {}
    public func setStemMix(trackID: Int, laneGains: [Float], listenToStems: Bool) {}
}
