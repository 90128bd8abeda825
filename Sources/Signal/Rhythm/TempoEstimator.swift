#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tempo candidates from an onset envelope: its autocorrelation, weighted by a log-normal prior on the tempo
/// (librosa's `tempo`: centred on 120 BPM, one octave wide, here also falling off outside a likely range), with
/// the best peak's ×2 and ÷2 always listed.
public struct TempoEstimator: Sendable {
    /// Slowest tempo considered.
    public var minBPM: Double = 30
    /// Fastest tempo considered.
    public var maxBPM: Double = 300
    /// The prior's centre.
    public var preferredBPM: Double = 120
    /// The prior's standard deviation in octaves.
    public var octaveDeviation: Double = 1
    /// Where tempos are expected: the prior is also scaled by a half-Gaussian in octaves outside this range
    /// (deviation `rangeDeviation`), flat within it. 70…160 BPM is the range of the synthetic songs the detector
    /// was tuned on (docs/charts.md), and where most popular music lies; tempos outside stay possible but need
    /// clearly more periodicity than their ×2 or ÷2 inside it.
    public var likelyRange: ClosedRange<Double> = 70...160
    /// How fast the prior falls outside `likelyRange`, in octaves (0 turns the range off).
    public var rangeDeviation: Double = 0.2
    /// Below this autocorrelation at the best period there is no clear tempo.
    public var clarityThreshold: Double = 0.2

    /// What the autocorrelation says.
    public struct Estimate: Sendable {
        /// Candidates, best first.
        public var candidates: [TempoCandidate]
        /// The normalised autocorrelation (−1…1) at the best candidate's period: how periodic the onsets are.
        public var clarity: Double
        /// The best candidate's period in envelope frames.
        public var period: Double
    }

    /// An estimator with the default range and prior.
    public init() {}

    /// The prior weight of `bpm`.
    public func prior(_ bpm: Double) -> Double {
        let octaves = log2(bpm / preferredBPM) / octaveDeviation
        let outside = bpm < likelyRange.lowerBound ? log2(likelyRange.lowerBound / bpm)
            : bpm > likelyRange.upperBound ? log2(bpm / likelyRange.upperBound) : 0
        let beyond = rangeDeviation > 0 ? outside / rangeDeviation : 0
        return exp(-0.5 * (octaves * octaves + beyond * beyond))
    }

    /// The candidates for `envelope` at `frameRate` frames a second; empty (clarity 0) when it is too short or flat.
    public func estimate(_ envelope: [Float], frameRate: Double) -> Estimate {
        let minLag = max(1, Int((frameRate * 60 / maxBPM).rounded(.down)))
        let maxLag = Int((frameRate * 60 / minBPM).rounded(.up))
        let r = Self.autocorrelation(envelope, maxLag: min(maxLag + 1, envelope.count / 2))
        guard r.count > minLag + 2 else { return Estimate(candidates: [], clarity: 0, period: 0) }
        // Peaks of r (parabolic interpolation), scored with the prior.
        var peaks: [(lag: Double, r: Double, score: Double)] = []
        for lag in max(minLag, 1)..<(r.count - 1) where r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] > 0 {
            let (offset, height) = Self.parabola(r[lag - 1], r[lag], r[lag + 1])
            let period = Double(lag) + offset
            peaks.append((period, height, height * prior(60 * frameRate / period)))
        }
        guard let best = peaks.max(by: { $0.score < $1.score }) else {
            return Estimate(candidates: [], clarity: 0, period: 0)
        }
        // The best, its octave and 3:2 relatives (the peak near each, or r there when there is none), then other peaks.
        var chosen: [(period: Double, score: Double, relation: TempoCandidate.Relation)] = [(best.lag, best.score, .best)]
        let relatives: [(Double, TempoCandidate.Relation)] = [(0.5, .double), (2, .half), (2.0 / 3, .threeHalves), (1.5, .twoThirds)]
        for (factor, relation) in relatives {
            let target = best.lag * factor
            let bpm = 60 * frameRate / target
            guard bpm >= minBPM && bpm <= maxBPM, target >= 1, target < Double(r.count - 1) else { continue }
            if let near = peaks.filter({ abs($0.lag / target - 1) < 0.04 }).max(by: { $0.r < $1.r }) {
                chosen.append((near.lag, near.score, relation))
            } else if relation == .double || relation == .half {
                let height = max(0, Self.interpolate(r, at: target))
                chosen.append((target, height * prior(bpm), relation))
            }
        }
        for peak in peaks.sorted(by: { $0.score > $1.score }) where chosen.count < 6 {
            if chosen.allSatisfy({ abs(peak.lag / $0.period - 1) > 0.04 }) { chosen.append((peak.lag, peak.score, .other)) }
        }
        let total = chosen.reduce(0) { $0 + max(0, $1.score) }
        let candidates = chosen.map {
            TempoCandidate(bpm: 60 * frameRate / $0.period, confidence: total > 0 ? max(0, $0.score) / total : 0, relation: $0.relation)
        }
        return Estimate(candidates: [candidates[0]] + candidates.dropFirst().sorted { $0.confidence > $1.confidence },
                        clarity: best.r, period: best.lag)
    }

    /// The best period (frames) of `envelope` within a factor `spread` of `around`, and the autocorrelation there.
    func period(of envelope: ArraySlice<Float>, around: Double, spread: Double) -> (period: Double, r: Double)? {
        let maxLag = Int((around * spread).rounded(.up)) + 1
        let r = Self.autocorrelation(Array(envelope), maxLag: min(maxLag, envelope.count / 2))
        let low = max(1, Int((around / spread).rounded(.down)))
        guard r.count > low + 2 else { return nil }
        var best: (Double, Double)?
        for lag in low..<(r.count - 1) where r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] {
            let (offset, height) = Self.parabola(r[lag - 1], r[lag], r[lag + 1])
            if best == nil || height > best!.1 { best = (Double(lag) + offset, height) }
        }
        return best
    }

    /// Normalised autocorrelation of the mean-removed signal for lags 0..<maxLag (r[0] = 1), each lag
    /// scaled for its shorter overlap.
    static func autocorrelation(_ x: [Float], maxLag: Int) -> [Double] {
        let n = x.count
        guard n > 1, maxLag > 0 else { return [] }
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(n)
        let centred = x.map { Double($0) - mean }
        let energy = centred.reduce(0) { $0 + $1 * $1 }
        guard energy > 0 else { return [Double](repeating: 0, count: min(maxLag, n)) }
        var r = [Double](repeating: 0, count: min(maxLag, n))
        centred.withUnsafeBufferPointer { c in
            for lag in r.indices {
                var sum = 0.0
                for t in 0..<(n - lag) { sum += c[t] * c[t + lag] }
                r[lag] = sum / energy * Double(n) / Double(n - lag)
            }
        }
        return r
    }

    /// The vertex of the parabola through three equally spaced values: its offset from the middle (−½…½) and height.
    static func parabola(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double) {
        let denominator = a - 2 * b + c
        guard denominator < 0 else { return (0, b) }
        let offset = max(-0.5, min(0.5, 0.5 * (a - c) / denominator))
        return (offset, b - 0.25 * (a - c) * offset)
    }

    /// Linear interpolation of `values` at a fractional index.
    static func interpolate(_ values: [Double], at index: Double) -> Double {
        let i = Int(index.rounded(.down))
        guard i >= 0, i + 1 < values.count else { return 0 }
        let t = index - Double(i)
        return values[i] * (1 - t) + values[i + 1] * t
    }
}
