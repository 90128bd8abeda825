/// One note on one lane of a chart.
public struct ChartNote: Hashable, Sendable, Comparable {
    /// What the player does.
    public enum Kind: Hashable, Sendable {
        /// Step on it.
        case tap
        /// Step and hold until `end`.
        case hold(end: Beat)
        /// Step and keep tapping until `end`.
        case roll(end: Beat)
        /// Do not step on it.
        case mine
        /// Release the panel at the beat (StepMania `L`).
        case lift
        /// Drawn but not judged (StepMania `F`).
        case fake
    }

    /// When it is hit.
    public var beat: Beat
    /// Which lane (column), from 0 (the left arrow in `dance-single`).
    public var lane: Int
    /// Tap, hold, roll, mine, lift or fake.
    public var kind: Kind

    /// A note.
    public init(beat: Beat, lane: Int, kind: Kind = .tap) {
        self.beat = beat
        self.lane = lane
        self.kind = kind
    }

    /// Where a hold or roll ends; nil for other notes.
    public var end: Beat? {
        switch kind {
        case .hold(let end), .roll(let end): end
        default: nil
        }
    }

    /// Whether the player steps on it (taps, holds, rolls and lifts; not mines or fakes).
    public var isStep: Bool {
        switch kind {
        case .tap, .hold, .roll, .lift: true
        case .mine, .fake: false
        }
    }

    /// Beat order, then lane.
    public static func < (a: ChartNote, b: ChartNote) -> Bool {
        a.beat != b.beat ? a.beat < b.beat : a.lane < b.lane
    }
}
