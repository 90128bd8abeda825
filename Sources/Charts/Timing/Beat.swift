/// A position in a chart in beats, held as an exact fraction so that no conversion ever rounds it
/// (StepMania's old editor stored centiseconds and lost ~4 ms per round trip; ../shared/reference/charts.md §5).
///
/// Always reduced, with a positive denominator. A StepMania row sits on a *tick*, 1/48 of a beat
/// (1/192 of a 4-beat measure); `isOnTick` says whether a beat can be written to a `.sm` file.
public struct Beat: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The numerator of the reduced fraction.
    public let numerator: Int
    /// The denominator of the reduced fraction, always positive.
    public let denominator: Int

    /// Ticks per beat: StepMania's row resolution (192 rows per 4-beat measure).
    public static let ticksPerBeat = 48
    /// Beat 0.
    public static let zero = Beat(0)

    /// A whole number of beats.
    public init(_ whole: Int) {
        numerator = whole
        denominator = 1
    }

    /// `numerator / denominator`, reduced. The denominator must not be 0 (a programming error).
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "a beat's denominator must not be 0")
        let sign = denominator < 0 ? -1 : 1
        let divisor = Self.gcd(abs(numerator), abs(denominator))
        self.numerator = sign * numerator / max(divisor, 1)
        self.denominator = sign * denominator / max(divisor, 1)
    }

    /// `ticks / 48` beats.
    public init(ticks: Int) { self.init(ticks, Self.ticksPerBeat) }

    /// The tick nearest to `value` beats (StepMania's `BeatToNoteRow`), or nil if it is not finite or
    /// too large to count in ticks.
    public init?(roundingToTick value: Double) {
        let ticks = (value * Double(Self.ticksPerBeat)).rounded()
        guard ticks.isFinite, abs(ticks) < 1e15 else { return nil }
        self.init(ticks: Int(ticks))
    }

    /// The exact value of a decimal such as `64.500` or `-0.25`, or nil if the text is not one
    /// (at most 9 digits each side of the point, so nothing overflows).
    public init?<S: StringProtocol>(decimal text: S) {
        var rest = Substring(text.trimmingWhitespace())
        var sign = 1
        if rest.first == "-" || rest.first == "+" {
            if rest.first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), whole.count <= 9, fraction.count <= 9,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var scale = 1
        for _ in fraction { scale *= 10 }
        let value = (Int(whole) ?? 0) * scale + (Int(fraction) ?? 0)
        self.init(sign * value, scale)
    }

    /// The beat as a `Double` (for seconds and drawing; never stored back).
    public var value: Double { Double(numerator) / Double(denominator) }

    /// Whether the beat falls on a StepMania row (a whole number of 1/48-beat ticks).
    public var isOnTick: Bool { Self.ticksPerBeat % denominator == 0 }

    /// The beat in ticks, when it is on one.
    public var ticks: Int? { isOnTick ? numerator * (Self.ticksPerBeat / denominator) : nil }

    /// The nearest tick (StepMania rounds rows it cannot hold the same way).
    public var roundedToTick: Beat {
        if isOnTick { return self }
        return Beat(roundingToTick: value) ?? self
    }

    /// The largest whole beat not after this one.
    public var floor: Int {
        numerator >= 0 ? numerator / denominator : -((-numerator + denominator - 1) / denominator)
    }

    /// `3/2`, or `4` when whole.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// The sum.
    public static func + (a: Beat, b: Beat) -> Beat {
        let divisor = gcd(a.denominator, b.denominator)
        let lcm = a.denominator / divisor * b.denominator
        return Beat(a.numerator * (lcm / a.denominator) + b.numerator * (lcm / b.denominator), lcm)
    }

    /// The difference.
    public static func - (a: Beat, b: Beat) -> Beat { a + Beat(-b.numerator, b.denominator) }

    /// `a` times a whole number.
    public static func * (a: Beat, k: Int) -> Beat { Beat(a.numerator * k, a.denominator) }

    /// `a` divided by a whole number (not 0).
    public static func / (a: Beat, k: Int) -> Beat { Beat(a.numerator, a.denominator * k) }

    /// Exact comparison.
    public static func < (a: Beat, b: Beat) -> Bool {
        // Cross-multiplied in 128 bits would be exact for any value; beats from files are bounded (see
        // `init(decimal:)`, ticks), so 64 bits suffice after reducing by the common factor.
        let divisor = gcd(a.denominator, b.denominator)
        return a.numerator * (b.denominator / divisor) < b.numerator * (a.denominator / divisor)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    func trimmingWhitespace() -> SubSequence {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
