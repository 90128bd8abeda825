/// A stretch of a song at one steady tempo.
public struct TempoSegment: Hashable, Sendable {
    /// When its first beat plays, in seconds.
    public var start: Double
    /// Beats per minute.
    public var bpm: Double
    /// How many beats it spans.
    public var beatCount: Int

    /// A segment.
    public init(start: Double, bpm: Double, beatCount: Int) {
        self.start = start
        self.bpm = bpm
        self.beatCount = beatCount
    }
}
