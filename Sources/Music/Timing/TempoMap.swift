/// A tempo change: from `tick` on, a quarter note lasts `microsecondsPerQuarter`.
public struct TempoChange: Sendable, Hashable, Codable {
    /// Where the new tempo starts, in ticks.
    public var tick: Int
    /// Length of a quarter note in microseconds (500,000 = 120 BPM), as SMF stores it.
    public var microsecondsPerQuarter: Int

    /// A tempo change at `tick`.
    public init(tick: Int, microsecondsPerQuarter: Int) {
        self.tick = max(tick, 0)
        self.microsecondsPerQuarter = max(microsecondsPerQuarter, 1)
    }

    /// A tempo change given in beats (quarters) per minute.
    public init(tick: Int, beatsPerMinute: Double) {
        let bpm = beatsPerMinute.isFinite && beatsPerMinute > 0 ? beatsPerMinute : 120
        self.init(tick: tick, microsecondsPerQuarter: Int((60_000_000 / bpm).rounded()))
    }

    /// Quarters per minute.
    public var beatsPerMinute: Double { 60_000_000 / Double(microsecondsPerQuarter) }
}

/// Converts between ticks and seconds for a sequence with tempo changes.
///
/// Before the first change (or with none) the tempo is 120 BPM, the SMF default. The seconds at each
/// change are precomputed so each conversion is one binary search.
public struct TempoMap: Sendable, Hashable {
    /// Ticks per quarter note (SMF "division"), at least 1.
    public let ticksPerQuarter: Int
    /// Tempo changes sorted by tick; at most one per tick (the last one given wins).
    public let changes: [TempoChange]
    /// Seconds at `changes[i].tick`, parallel to `changes`.
    private let secondsAtChange: [Double]

    /// The SMF default tempo, 120 BPM.
    public static let defaultMicrosecondsPerQuarter = 500_000

    /// A tempo map; `changes` may be unsorted and may repeat a tick (the last one given wins).
    public init(ticksPerQuarter: Int, changes: [TempoChange] = []) {
        self.ticksPerQuarter = max(ticksPerQuarter, 1)
        var byTick: [TempoChange] = []
        for change in changes.enumerated().sorted(by: { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) })
            .map(\.element) {
            if byTick.last?.tick == change.tick { byTick[byTick.count - 1] = change } else { byTick.append(change) }
        }
        if byTick.first?.tick != 0 {
            byTick.insert(TempoChange(tick: 0, microsecondsPerQuarter: Self.defaultMicrosecondsPerQuarter), at: 0)
        }
        self.changes = byTick
        var seconds = [Double](repeating: 0, count: byTick.count)
        for i in 1..<byTick.count {
            seconds[i] = seconds[i - 1] + Self.span(ticks: byTick[i].tick - byTick[i - 1].tick,
                                                    microsecondsPerQuarter: byTick[i - 1].microsecondsPerQuarter,
                                                    ticksPerQuarter: self.ticksPerQuarter)
        }
        secondsAtChange = seconds
    }

    /// A map with one constant tempo.
    public init(ticksPerQuarter: Int, beatsPerMinute: Double) {
        self.init(ticksPerQuarter: ticksPerQuarter, changes: [TempoChange(tick: 0, beatsPerMinute: beatsPerMinute)])
    }

    private static func span(ticks: Int, microsecondsPerQuarter: Int, ticksPerQuarter: Int) -> Double {
        Double(ticks) * Double(microsecondsPerQuarter) / (Double(ticksPerQuarter) * 1_000_000)
    }

    /// The tempo change in force at `tick`.
    public func change(atTick tick: Int) -> TempoChange { changes[index(atTick: tick)] }

    /// Quarters per minute at `tick`.
    public func beatsPerMinute(atTick tick: Int) -> Double { change(atTick: tick).beatsPerMinute }

    /// Seconds from the start of the sequence to `tick`.
    public func seconds(atTick tick: Int) -> Double {
        let i = index(atTick: tick)
        return secondsAtChange[i] + Self.span(ticks: tick - changes[i].tick,
                                              microsecondsPerQuarter: changes[i].microsecondsPerQuarter,
                                              ticksPerQuarter: ticksPerQuarter)
    }

    /// The tick at `seconds` from the start (fractional; round as the caller needs).
    public func tick(atSeconds seconds: Double) -> Double {
        // Last change whose start time is at or before `seconds`.
        var lo = 0, hi = changes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if secondsAtChange[mid] <= seconds { lo = mid } else { hi = mid - 1 }
        }
        let ticksPerSecond = Double(ticksPerQuarter) * 1_000_000 / Double(changes[lo].microsecondsPerQuarter)
        return Double(changes[lo].tick) + (seconds - secondsAtChange[lo]) * ticksPerSecond
    }

    private func index(atTick tick: Int) -> Int {
        var lo = 0, hi = changes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if changes[mid].tick <= tick { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}

extension TempoMap: Codable {
    private enum CodingKeys: String, CodingKey { case ticksPerQuarter, changes }

    /// Decodes the division and the changes; the seconds table is rebuilt.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(ticksPerQuarter: try c.decode(Int.self, forKey: .ticksPerQuarter),
                  changes: try c.decode([TempoChange].self, forKey: .changes))
    }

    /// Encodes the division and the changes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ticksPerQuarter, forKey: .ticksPerQuarter)
        try c.encode(changes, forKey: .changes)
    }
}
