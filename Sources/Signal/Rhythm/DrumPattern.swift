/// Where the attacks of three drum bands fall against a beat grid: the kick (20–120 Hz), the middle (400 Hz–3 kHz,
/// snares, claps and most of the pitched parts) and the hi-hats (5–16 kHz). Each band's envelope is the rise of
/// `log(1 + 100·|X|)` summed over its bins (`AttackEnvelope.forEachRise`), with a ~46 ms window every 10 ms.
///
/// The tempo detector uses it for the octave where the harmony cannot tell (docs/charts.md, "Tempo detection"):
/// - A beat is seldom the finest note the drums play. When nothing in any band attacks halfway between the beats
///   (`offBeatRatio`), the "beats" are the subdivision of a tempo half as fast.
/// - Four on the floor: at the double of a tempo, a kick on every beat (`evenness` of the kick) with the hi-hats
///   stronger halfway between the beats than on them is the dance pattern at its own tempo, heard at half speed.
public struct DrumPattern: Sendable {
    /// The three bands.
    public enum Band: Int, CaseIterable, Sendable {
        case kick, middle, hats
        /// The band's edges in Hz.
        public var hz: (low: Double, high: Double) {
            switch self {
            case .kick: (20, 120)
            case .middle: (400, 3000)
            case .hats: (5000, 16000)
            }
        }
    }

    /// Each band's envelope, one value per frame (frame `f` centred on `f · hop`).
    public let envelopes: [[Float]]
    /// Samples between frames.
    public let hop: Int
    /// The audio's sample rate.
    public let sampleRate: Double

    /// The band envelopes of mono `samples`, computed a block of frames at a time (bounded memory for long files).
    public init(_ samples: [Float], sampleRate: Double) {
        self.sampleRate = sampleRate
        hop = max(1, Int((sampleRate / 100).rounded()))
        var size = 256
        while Double(size) < sampleRate * 0.046 { size *= 2 }
        let bins = size / 2 + 1
        let ranges = Band.allCases.map { band -> Range<Int> in
            let lo = Int((band.hz.low * Double(size) / sampleRate).rounded(.up))
            let hi = min(bins, Int((band.hz.high * Double(size) / sampleRate).rounded(.down)) + 1)
            return min(lo, hi)..<hi
        }
        guard !samples.isEmpty else { envelopes = ranges.map { _ in [] }; return }
        let frames = samples.count / hop + 1
        var out = ranges.map { _ in [Float](repeating: 0, count: frames) }
        AttackEnvelope.forEachRise(samples, size: size, hop: hop) { f, rise in
            for (band, range) in ranges.enumerated() {
                var sum: Float = 0
                for b in range { sum += rise[b] }
                out[band][f] = sum
            }
        }
        envelopes = out
    }

    /// A band's strongest attack within 20 ms of `seconds` (0 outside the audio).
    public func strength(_ band: Band, at seconds: Double) -> Double {
        let values = envelopes[band.rawValue]
        let centre = Int((seconds * sampleRate / Double(hop)).rounded())
        let reach = max(1, Int((0.02 * sampleRate / Double(hop)).rounded()))
        guard centre - reach >= 0, centre + reach < values.count else { return 0 }
        var best: Float = 0
        for i in (centre - reach)...(centre + reach) { best = max(best, values[i]) }
        return Double(best)
    }

    /// The band's mean attack halfway between the `count` beats `start + k · period` over its mean on them
    /// (nil when the beats have no attack).
    public func offBeatRatio(_ band: Band, start: Double, period: Double, count: Int) -> Double? {
        guard count >= 2 else { return nil }
        let on = (0..<count).map { strength(band, at: start + Double($0) * period) }
        let off = (0..<(count - 1)).map { strength(band, at: start + (Double($0) + 0.5) * period) }
        let meanOn = on.reduce(0, +) / Double(on.count)
        guard meanOn > 0 else { return nil }
        return off.reduce(0, +) / Double(off.count) / meanOn
    }

    /// The band's mean strongest attack anywhere in the middle half between the `count` beats `start + k · period`
    /// (a quarter period from each), over its mean on them: swung and dotted notes count as well as straight ones
    /// (nil when the beats have no attack).
    public func betweenBeatsRatio(_ band: Band, start: Double, period: Double, count: Int) -> Double? {
        guard count >= 2 else { return nil }
        let values = envelopes[band.rawValue]
        let framesPerSecond = sampleRate / Double(hop)
        let on = (0..<count).map { strength(band, at: start + Double($0) * period) }
        let meanOn = on.reduce(0, +) / Double(on.count)
        guard meanOn > 0 else { return nil }
        var sum = 0.0
        for k in 0..<(count - 1) {
            let from = Int(((start + (Double(k) + 0.25) * period) * framesPerSecond).rounded(.up))
            let to = Int(((start + (Double(k) + 0.75) * period) * framesPerSecond).rounded(.down))
            var best: Float = 0
            if from >= 0 && to < values.count && from <= to { for i in from...to { best = max(best, values[i]) } }
            sum += Double(best)
        }
        return sum / Double(count - 1) / meanOn
    }

    /// How evenly the band attacks on every beat: its mean on the weaker parity of beats over the stronger's
    /// (1 when every beat is alike, near 0 when only every other beat has an attack; nil without attacks).
    public func evenness(_ band: Band, start: Double, period: Double, count: Int) -> Double? {
        guard count >= 2 else { return nil }
        let on = (0..<count).map { strength(band, at: start + Double($0) * period) }
        let even = stride(from: 0, to: count, by: 2).map { on[$0] }, odd = stride(from: 1, to: count, by: 2).map { on[$0] }
        let a = even.reduce(0, +) / Double(even.count), b = odd.reduce(0, +) / Double(odd.count)
        guard max(a, b) > 0 else { return nil }
        return min(a, b) / max(a, b)
    }

    /// The mean of the kick and middle bands on the beats of one parity (0: `start`, `start + 2·period`, …).
    public func downbeatWeight(parity: Int, start: Double, period: Double, count: Int) -> Double {
        let beats = stride(from: parity, to: count, by: 2).map { start + Double($0) * period }
        guard !beats.isEmpty else { return 0 }
        return beats.reduce(0) { $0 + strength(.kick, at: $1) + strength(.middle, at: $1) } / Double(beats.count)
    }
}
