/// From `beat` on, the song moves at `bpm` beats per minute (a `#BPMS` entry).
public struct BPMChange: Hashable, Sendable {
    /// Where the tempo starts.
    public var beat: Beat
    /// Beats per minute, positive and finite.
    public var bpm: Double

    /// A tempo change.
    public init(beat: Beat, bpm: Double) {
        self.beat = beat
        self.bpm = bpm
    }
}
