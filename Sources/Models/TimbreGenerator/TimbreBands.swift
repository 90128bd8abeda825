import Foundation
import Neural

/// The timbre model's mel-like frequency axis (`training/timbre/features.py`, `band_matrix`): `bands` triangles over
/// the non-DC STFT bins, centres mel-spaced from the first bin to Nyquist, each half-width at least one bin, each
/// row summing to 1. Kept sparse: a band's first bin and its weights.
public struct TimbreBands: Sendable {
    /// Per band: the first bin (0 = the first non-DC bin) and the weights from there.
    public let rows: [(start: Int, weights: [Double])]
    /// Per band: its centre in Hz.
    public let centres: [Double]
    /// Non-DC bins (n_fft / 2).
    public let binCount: Int

    /// The axis for `bands` bands over an `fftSize`-point STFT at `sampleRate`.
    public init(bands: Int, fftSize: Int, sampleRate: Double) {
        func mel(_ f: Double) -> Double { 2595 * log10(1 + f / 700) }
        func hz(_ m: Double) -> Double { 700 * (pow(10, m / 2595) - 1) }
        let bins = fftSize / 2
        let binHz = sampleRate / Double(fftSize)
        let freqs = (1...bins).map { Double($0) * binHz }
        let lo = mel(freqs[0] - binHz), hi = mel(freqs[bins - 1])
        let edges = (0..<(bands + 2)).map { hz(lo + (hi - lo) * Double($0) / Double(bands + 1)) }
        var rows: [(Int, [Double])] = []
        for b in 0..<bands {
            let l = edges[b], c = edges[b + 1], h = edges[b + 2]
            let left = max(c - l, binHz), right = max(h - c, binHz)
            var weights: [Double] = [], first = -1
            for (k, f) in freqs.enumerated() {
                let w = max(f <= c ? 1 - (c - f) / left : 1 - (f - c) / right, 0)
                if w > 0 {
                    if first < 0 { first = k }
                    weights += [Double](repeating: 0, count: k - first - weights.count) + [w]
                }
            }
            let sum = weights.reduce(0, +)
            rows.append((max(first, 0), weights.map { $0 / sum }))
        }
        self.rows = rows
        centres = Array(edges[1...bands])
        binCount = bins
    }
}

extension TimbreGenerator {
    /// A band's magnitude from the generator's scaled log magnitude (the inverse of the representation's scaling).
    public func magnitude(fromScaled value: Float) -> Float { max(exp(value * logScale + logShift) - eps, 0) }

    /// The representation of a note, as the generator draws it and the encoder reads it: [2, frames, bands] —
    /// log magnitude averaged over each band and scaled, then each band's instantaneous frequency (the
    /// magnitude-weighted circular mean of its bins' phase advance per hop, / π). `samples` at the model's rate;
    /// the first `noteSamples` are used, zero-padded when shorter (`features.py`'s `Representation.forward`).
    public func representation(of samples: [Float]) -> Tensor {
        let padded = (frames - 1) * stft.hop
        var x = Array(samples.prefix(noteSamples))
        x += [Float](repeating: 0, count: max(0, padded - x.count))
        let spec = stft.forward(x)
        precondition(spec.frameCount == frames, "a note gives \(frames) frames")
        let full = spec.binCount
        var out = [Float](repeating: 0, count: 2 * frames * bands)
        var magnitude = [Double](repeating: 0, count: bins)
        var advanceRe = magnitude, advanceIm = magnitude
        var previous = [Double](repeating: 0, count: bins)
        for f in 0..<frames {
            for k in 0..<bins {
                let re = Double(spec.real[f * full + k + 1]), im = Double(spec.imaginary[f * full + k + 1])
                let m = (re * re + im * im).squareRoot()
                let phase = atan2(im, re)
                let advance = phase - previous[k]   // the first frame: its phase (prepended zeros)
                previous[k] = phase
                magnitude[k] = m
                advanceRe[k] = m * cos(advance)
                advanceIm[k] = m * sin(advance)
            }
            for (b, row) in bandTable.rows.enumerated() {
                var m = 0.0, re = 0.0, im = 0.0
                for (j, w) in row.weights.enumerated() {
                    let k = row.start + j
                    m += w * magnitude[k]; re += w * advanceRe[k]; im += w * advanceIm[k]
                }
                out[f * bands + b] = Float((log(m + Double(eps)) - Double(logShift)) / Double(logScale))
                out[frames * bands + f * bands + b] = Float(atan2(im, re) / Double.pi)
            }
        }
        return Tensor(shape: [2, frames, bands], scalars: out)
    }

    /// A timbre feature of latent `z` at `pitch`: the spectral centroid in Hz of the held part (the first three
    /// quarters of the frames), the magnitude-weighted mean of the bands' centres, from the generator's output
    /// (no audio is made).
    public func brightness(z: [Float], pitch: Int) -> Double {
        brightness(point: TimbrePoint(z: z), pitch: pitch)
    }

    /// `brightness(z:pitch:)` of a blended point.
    public func brightness(point: TimbrePoint, pitch: Int) -> Double {
        let values = spectrogram(point: point, pitch: pitch).scalars
        let centres = bandTable.centres
        var weighted = 0.0, total = 0.0
        for f in 0..<(frames * 3 / 4) {
            for b in 0..<bands {
                let m = Double(magnitude(fromScaled: values[f * bands + b]))
                weighted += m * centres[b]
                total += m
            }
        }
        return total > 0 ? weighted / total : 0
    }
}

extension TimbreGenerator {
    /// Runs `body` with OpenBLAS on one thread (process-wide), then restores the count: for making notes on several
    /// threads at once, where OpenBLAS's own workers would only contend with them for the cores (a profile of 61
    /// notes on 2 threads spent a fifth of its time in the scheduler).
    public static func withOneBLASThread<R>(_ body: () throws -> R) rethrows -> R {
        let previous = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(previous) }
        return try body()
    }
}
