/// A time signature from `tick` on, e.g. 3/4 or 6/8.
public struct TimeSignature: Sendable, Hashable, Codable {
    /// Where it starts, in ticks.
    public var tick: Int
    /// Beats per bar (the upper number).
    public var numerator: Int
    /// The note value of a beat (the lower number): 2, 4, 8, 16 …
    public var denominator: Int

    /// A time signature; a numerator below 1 becomes 1, a denominator is rounded down to a power of two (≥ 1).
    public init(tick: Int = 0, numerator: Int = 4, denominator: Int = 4) {
        self.tick = max(tick, 0)
        self.numerator = max(numerator, 1)
        var d = 1
        while d * 2 <= max(denominator, 1) && d < 1 << 30 { d *= 2 }
        self.denominator = d
    }

    /// Ticks in one bar at `ticksPerQuarter`.
    public func ticksPerBar(ticksPerQuarter: Int) -> Int { ticksPerQuarter * 4 * numerator / denominator }

    /// Ticks in one beat (one `denominator` note) at `ticksPerQuarter`.
    public func ticksPerBeat(ticksPerQuarter: Int) -> Int { ticksPerQuarter * 4 / denominator }
}

/// A key signature from `tick` on, as SMF stores it: sharps (positive) or flats (negative) and mode.
public struct KeySignature: Sendable, Hashable, Codable {
    /// Where it starts, in ticks.
    public var tick: Int
    /// −7…7: number of flats (negative) or sharps (positive).
    public var sharps: Int
    /// Minor key if true, major otherwise.
    public var isMinor: Bool

    /// A key signature; `sharps` is clamped to −7…7.
    public init(tick: Int = 0, sharps: Int = 0, isMinor: Bool = false) {
        self.tick = max(tick, 0)
        self.sharps = min(max(sharps, -7), 7)
        self.isMinor = isMinor
    }

    /// The key's name, e.g. `D major`, `B♭ minor`.
    public var name: String {
        let majors = ["C♭", "G♭", "D♭", "A♭", "E♭", "B♭", "F", "C", "G", "D", "A", "E", "B", "F♯", "C♯"]
        let minors = ["A♭", "E♭", "B♭", "F", "C", "G", "D", "A", "E", "B", "F♯", "C♯", "G♯", "D♯", "A♯"]
        return isMinor ? "\(minors[sharps + 7]) minor" : "\(majors[sharps + 7]) major"
    }
}
