/// What a difficulty allows before the lint speaks up. These are Kanade's own thresholds, chosen to match
/// the usual ladder (Beginner mostly quarter notes … Challenge sixteenths and beyond), not published numbers.
public struct LintLimits: Hashable, Sendable {
    /// The finest snap allowed, as notes per 4-beat measure (4 = quarter notes, 16 = sixteenths, 192 = any).
    public var finestSnap: Int
    /// The shortest time between two steps on the same lane with nothing between (a jack), in seconds.
    public var shortestJack: Double
    /// Whether crossovers (left foot on the right arrow or the reverse, with alternating feet) are allowed.
    public var crossovers: Bool
    /// A 4-beat measure whose steps per second exceed this many times the chart's median is a spike.
    public var spikeRatio: Double
    /// …and only when it also exceeds this many steps per second (slow charts are not flagged for doubling).
    public var spikeFloor: Double

    /// Limits from their parts.
    public init(finestSnap: Int, shortestJack: Double, crossovers: Bool, spikeRatio: Double = 2.5,
                spikeFloor: Double = 3) {
        self.finestSnap = finestSnap
        self.shortestJack = shortestJack
        self.crossovers = crossovers
        self.spikeRatio = spikeRatio
        self.spikeFloor = spikeFloor
    }

    /// The limits for `difficulty`.
    public static func `for`(_ difficulty: Difficulty) -> LintLimits {
        switch difficulty {
        case .beginner: LintLimits(finestSnap: 8, shortestJack: 0.5, crossovers: false, spikeFloor: 2)
        case .easy: LintLimits(finestSnap: 8, shortestJack: 0.35, crossovers: false, spikeFloor: 2.5)
        case .medium: LintLimits(finestSnap: 16, shortestJack: 0.25, crossovers: false)
        case .hard: LintLimits(finestSnap: 24, shortestJack: 0.15, crossovers: true)
        case .challenge, .edit: LintLimits(finestSnap: 192, shortestJack: 0.1, crossovers: true)
        }
    }
}
