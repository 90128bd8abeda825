#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Beats by dynamic programming (Ellis 2007, as `librosa.beat.beat_track`): the beat sequence that best
/// balances landing on strong onsets against keeping the inter-beat interval near the tempo's period.
///
/// The period may change from frame to frame (a tempo curve), so a song with a tempo change keeps its beats.
public struct BeatTracker: Sendable {
    /// How strongly intervals are held to the period (librosa's `tightness`, 100).
    public var tightness: Double = 100

    /// A tracker.
    public init(tightness: Double = 100) { self.tightness = tightness }

    /// Beat frames of `envelope` given the period (in frames) at every frame.
    public func beats(_ envelope: [Float], periods: [Double]) -> [Int] {
        let n = envelope.count
        guard n > 2, periods.count == n else { return [] }
        // Onsets scaled to unit deviation, smoothed by a Gaussian of a 32nd of the period (librosa).
        let mean = envelope.reduce(0.0) { $0 + Double($1) } / Double(n)
        let deviation = (envelope.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n)).squareRoot()
        guard deviation > 0 else { return [] }
        let normalised = envelope.map { Double($0) / deviation }
        let typical = periods.sorted()[n / 2]
        let radius = max(1, Int(typical.rounded()))
        let kernel = (-radius...radius).map { k in exp(-0.5 * pow(Double(k) * 32 / typical, 2)) }
        var local = [Double](repeating: 0, count: n)
        for t in 0..<n {
            var sum = 0.0
            for (j, w) in kernel.enumerated() {
                let i = t + j - radius
                if i >= 0 && i < n { sum += w * normalised[i] }
            }
            local[t] = sum
        }
        // Cumulative score and back-links.
        var cumulative = [Double](repeating: 0, count: n)
        var back = [Int](repeating: -1, count: n)
        var started = false
        let firstThreshold = 0.01 * (local.max() ?? 0)
        for t in 0..<n {
            let p = periods[t]
            let earliest = t - Int((2 * p).rounded()), latest = t - Int((p / 2).rounded())
            var best = -Double.infinity, link = -1
            if latest >= 0 {
                for tau in max(0, earliest)...latest {
                    let ratio = Double(t - tau) / p
                    let score = cumulative[tau] - tightness * pow(log(ratio), 2)
                    if score > best { best = score; link = tau }
                }
            }
            // Before the first real onset, nothing links back (librosa's first-beat rule).
            if !started && local[t] > firstThreshold { started = true }
            if link >= 0 && started {
                cumulative[t] = local[t] + best
                back[t] = link
            } else {
                cumulative[t] = local[t]
            }
        }
        // The last beat: the last local maximum of the cumulative score above half the median of maxima.
        var maxima: [Int] = []
        for t in 1..<(n - 1) where cumulative[t] > cumulative[t - 1] && cumulative[t] >= cumulative[t + 1] { maxima.append(t) }
        guard !maxima.isEmpty else { return [] }
        let median = maxima.map { cumulative[$0] }.sorted()[maxima.count / 2]
        guard var t = maxima.last(where: { cumulative[$0] >= 0.5 * median }) else { return [] }
        var beats = [t]
        while back[t] >= 0 {
            t = back[t]
            beats.append(t)
        }
        beats.reverse()
        // Trim weak beats at both ends: below half the RMS of the smoothed onsets (librosa's `trim`).
        let rms = (local.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        while let first = beats.first, local[first] < 0.5 * rms { beats.removeFirst() }
        while let last = beats.last, local[last] < 0.5 * rms { beats.removeLast() }
        return beats
    }
}
