/// A stretch of time in seconds, `start` ≤ `end`.
public struct TimeRange: Hashable, Sendable, CustomStringConvertible {
    /// First and last instant, in seconds.
    public var start: Double, end: Double
    /// A range between two instants, in either order.
    public init(_ a: Double, _ b: Double) { start = min(a, b); end = max(a, b) }
    /// Length in seconds.
    public var duration: Double { end - start }
    /// Whether `t` lies inside.
    public func contains(_ t: Double) -> Bool { t >= start && t <= end }
    /// `0:01.50–0:03.00`.
    public var description: String { "\(formatTime(start))–\(formatTime(end))" }
}

/// `m:ss.cc` (or `h:mm:ss` past an hour): how the screen writes times.
public func formatTime(_ seconds: Double, decimals: Int = 2) -> String {
    let t = max(0, seconds.isFinite ? seconds : 0)
    let whole = Int(t)
    let m = whole / 60, s = whole % 60
    if m >= 60 { return "\(m / 60):\(pad2(m % 60)):\(pad2(s))" }
    guard decimals > 0 else { return "\(m):\(pad2(s))" }
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let frac = min(scale - 1, Int(((t - Double(whole)) * Double(scale)).rounded(.down)))
    var fracText = String(frac)
    while fracText.count < decimals { fracText = "0" + fracText }
    return "\(m):\(pad2(s)).\(fracText)"
}

private func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
