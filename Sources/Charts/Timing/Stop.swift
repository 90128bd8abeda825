/// The song's beat stands still for `seconds` at `beat` (a `#STOPS` or `#DELAYS` entry).
public struct Stop: Hashable, Sendable {
    /// Where the beat stops.
    public var beat: Beat
    /// How long it stands still, positive.
    public var seconds: Double

    /// A stop.
    public init(beat: Beat, seconds: Double) {
        self.beat = beat
        self.seconds = seconds
    }
}
