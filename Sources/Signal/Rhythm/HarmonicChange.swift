#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the harmony moves: a chromagram (spectral power from 50 Hz to 4 kHz folded onto the 12 pitch classes,
/// ~186 ms windows every ~12 ms, each frame scaled to a maximum of 1) and how much it changes across the points of
/// a beat grid.
///
/// The tempo detector uses it to choose between a tempo and its double: chords and bass notes change on beats far
/// more often than between them, while drums (which decide the onset envelope's periodicity) play as much between
/// the beats as on them.
public struct HarmonicChange: Sendable {
    /// 12 values per frame, pitch class 0 = C.
    public let chroma: [Float]
    /// Frames.
    public let frameCount: Int
    /// Samples between frames.
    public let hop: Int
    /// The audio's sample rate.
    public let sampleRate: Double

    /// The chromagram of `samples`.
    public init(_ samples: [Float], sampleRate: Double) {
        self.sampleRate = sampleRate
        var size = 256
        while Double(size) * 1.414 < sampleRate * 0.186 { size *= 2 }
        hop = size / 16
        let frames = samples.isEmpty ? 0 : samples.count / hop + 1
        frameCount = frames
        let bins = size / 2 + 1
        var classOfBin = [Int](repeating: -1, count: bins)
        for b in 1..<bins {
            let hz = Double(b) * sampleRate / Double(size)
            guard hz >= 50 && hz <= 4000 else { continue }
            let midi = 69 + 12 * log2(hz / 440)
            classOfBin[b] = ((Int(midi.rounded()) % 12) + 12) % 12
        }
        var out = [Float](repeating: 0, count: frames * 12)
        guard frames > 0 else { chroma = out; return }
        var padded = [Float](repeating: 0, count: size / 2 + samples.count + size)
        for i in samples.indices { padded[size / 2 + i] = samples[i] }
        let stft = STFT(fftSize: size, hop: hop, center: false)
        let block = 1024
        var first = 0
        while first < frames {
            let last = min(frames, first + block)
            let magnitudes = stft.magnitudes(Array(padded[(first * hop)..<((last - 1) * hop + size)]))
            for f in 0..<magnitudes.frameCount {
                var row = [Float](repeating: 0, count: 12)
                for b in 0..<bins where classOfBin[b] >= 0 {
                    let m = magnitudes.values[f * bins + b]
                    row[classOfBin[b]] += m * m
                }
                let peak = row.max() ?? 0
                for c in 0..<12 { out[(first + f) * 12 + c] = peak > 0 ? row[c] / peak : 0 }
            }
            first = last
        }
        chroma = out
    }

    /// How much the harmony changes at each grid point `start + k · period` (seconds) that has a whole period
    /// of audio on both sides: one minus the cosine between the mean chroma over the period before and over the
    /// period after. Index `k` of the result is grid point `k` (nil where it has no room).
    public func changes(start: Double, period: Double, count: Int) -> [Double?] {
        func mean(_ from: Double, _ to: Double) -> [Double]? {
            let a = Int((from * sampleRate / Double(hop)).rounded()), b = Int((to * sampleRate / Double(hop)).rounded())
            guard a >= 0, b <= frameCount, b > a else { return nil }
            var sum = [Double](repeating: 0, count: 12)
            for f in a..<b { for c in 0..<12 { sum[c] += Double(chroma[f * 12 + c]) } }
            return sum
        }
        return (0..<count).map { k in
            let t = start + Double(k) * period
            guard let before = mean(t - period, t), let after = mean(t, t + period) else { return nil }
            let dot = zip(before, after).reduce(0) { $0 + $1.0 * $1.1 }
            let norms = (before.reduce(0) { $0 + $1 * $1 } * after.reduce(0) { $0 + $1 * $1 }).squareRoot()
            return norms > 0 ? 1 - dot / norms : nil
        }
    }
}
