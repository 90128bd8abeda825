import Foundation

/// Wiener-like soft masks: the share `target^p / (target^p + rest^p)` of each bin.
enum SoftMask {
    /// The mask for `target` against `rest`, bin by bin; where both are 0 the bin is split evenly.
    static func ratio(_ target: [Float], _ rest: [Float], power: Float) -> [Float] {
        precondition(target.count == rest.count)
        var out = [Float](repeating: 0.5, count: target.count)
        for i in target.indices {
            let t = power == 2 ? target[i] * target[i] : powf(target[i], power)
            let r = power == 2 ? rest[i] * rest[i] : powf(rest[i], power)
            let sum = t + r
            if sum > 0 { out[i] = t / sum }
        }
        return out
    }

    /// The spectrogram with every bin scaled by `mask` (the mixture's phase kept).
    static func apply(_ mask: [Float], to spectrum: ComplexSpectrogram) -> ComplexSpectrogram {
        var out = spectrum
        for i in mask.indices {
            out.real[i] *= mask[i]
            out.imaginary[i] *= mask[i]
        }
        return out
    }

    /// `signal` split by `mask` (computed from its magnitudes) into the masked part and the rest,
    /// each as long as `signal`: the mixture's phase, inverted through the same `stft`.
    static func split(_ signal: [Float], stft: STFT, mask: (Spectrogram) -> [Float]) -> ([Float], [Float]) {
        let spectrum = stft.forward(signal)
        let share = mask(spectrum.magnitudes)
        let part = stft.inverse(apply(share, to: spectrum), length: signal.count)
        let rest = stft.inverse(apply(share.map { 1 - $0 }, to: spectrum), length: signal.count)
        return (part, rest)
    }
}
