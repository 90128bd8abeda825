import AudioIO
import Foundation
import Models

/// A person's one-note recording as a morph-grid corner: read, mixed to mono, resampled to the timbre model's
/// rate, checked to be one pitched note, levelled, and encoded to a latent point (issue 18: "a WAV file
/// (encoded)").
///
/// "One note" is checked, not assumed, so a drum loop or a melody is refused with a reason rather than turned
/// into a meaningless point: the file has sound, one attack (no rise of more than 12 dB after the first 150 ms),
/// and one pitch (YIN, de Cheveigné & Kawahara 2002, every 64 ms where the level is within 30 dB of the peak:
/// at least 60 % of those frames periodic, clarity ≥ 0.6, and 80 % of the periodic ones within a semitone of
/// their median).
public enum RecordedCorner {
    /// The peak a recording is scaled to before encoding: the median peak of the training renders (0.186,
    /// measured on `training/timbre/data/test.npy`), so a quiet or loud recording lands where the encoder learned.
    public static let referencePeak: Float = 0.186

    /// The latent point of the note in the WAV file at `path`.
    public static func encode(_ path: String, with timbre: TimbreGenerator) throws(MorphError) -> [Float] {
        let samples = try oneNote(path, sampleRate: Double(timbre.sampleRate))
        return timbre.encode(spectrogram: timbre.representation(of: samples))
    }

    /// The file's first 4 s as one levelled mono note at `sampleRate`, or why it is not one note.
    public static func oneNote(_ path: String, sampleRate: Double, noteSeconds: Double = 4) throws(MorphError) -> [Float] {
        let audio: AudioBuffer
        do { audio = try AudioFile.read(path) } catch { throw MorphError("\(error)") }
        guard audio.frameCount > 0 else { throw MorphError("\(path): has no audio") }
        var mono = audio.mono
        if audio.sampleRate != sampleRate {
            do { mono = try Resampler.resample(mono, from: audio.sampleRate, to: sampleRate) } catch {
                throw MorphError("\(path): cannot resample it to \(Int(sampleRate)) Hz (\(error))")
            }
        }
        mono = Array(mono.prefix(Int(noteSeconds * sampleRate)))
        guard Double(mono.count) >= 0.25 * sampleRate else {
            throw MorphError("\(path): \(String(format: "%.2f", Double(mono.count) / sampleRate)) s is too short for a note (at least 0.25 s)")
        }
        let peak = mono.reduce(0) { max($0, abs($1)) }
        guard peak > 1e-4 else { throw MorphError("\(path): is silent") }
        try checkOneNote(mono, sampleRate: sampleRate, path: path)
        let gain = referencePeak / peak
        return mono.map { $0 * gain }
    }

    /// Throws unless `x` is one pitched note (see the type's notes).
    static func checkOneNote(_ x: [Float], sampleRate: Double, path: String) throws(MorphError) {
        let hop = Int(0.032 * sampleRate), window = Int(0.064 * sampleRate)
        // Level every hop (RMS over the window), in dB.
        var levels: [Double] = []
        var start = 0
        while start + window <= x.count {
            var e = 0.0
            for i in start..<(start + window) { e += Double(x[i] * x[i]) }
            levels.append(10 * log10(e / Double(window) + 1e-20))
            start += hop
        }
        guard let top = levels.max() else { return }
        // One attack: after the first 150 ms past the first loud frame, no frame rises 12 dB above the lowest
        // level since then (a second note or hit).
        if let first = levels.firstIndex(where: { $0 > top - 30 }) {
            var lowest = Double.infinity
            for f in (first + Int(0.15 * sampleRate) / hop)..<levels.count {
                lowest = min(lowest, levels[f])
                if levels[f] > lowest + 12 && levels[f] > top - 30 {
                    throw MorphError("\(path): has more than one note (a new attack at \(String(format: "%.2f", Double(f * hop) / sampleRate)) s); a corner needs one held note")
                }
            }
        }
        // One pitch.
        let maxLag = min(window - 1, Int(sampleRate / 30)), minLag = max(2, Int(sampleRate / 2000))
        var voiced: [Double] = []
        var loud = 0
        // Every other level frame is enough for the pitch (64 ms apart).
        for (f, level) in levels.enumerated() where level > top - 30 && f % 2 == 0 {
            loud += 1
            let s = f * hop
            guard s + window + maxLag <= x.count else { continue }
            if let (lag, clarity) = yin(x, at: s, window: window, lags: minLag...maxLag), clarity >= 0.6 {
                voiced.append(12 * log2(sampleRate / lag / 440) + 69)
            }
        }
        guard loud > 0, Double(voiced.count) >= 0.6 * Double(loud) else {
            throw MorphError("\(path): has no steady pitch (periodic in \(voiced.count) of \(loud) frames); a corner needs one pitched note")
        }
        let median = voiced.sorted()[voiced.count / 2]
        let near = voiced.filter { abs($0 - median) <= 1 }.count
        guard Double(near) >= 0.8 * Double(voiced.count) else {
            throw MorphError("\(path): changes pitch (only \(near) of \(voiced.count) frames near MIDI \(Int(median.rounded()))); a corner needs one held note")
        }
    }

    /// YIN's period (with parabolic interpolation) and clarity (1 − the cumulative-mean-normalised difference
    /// there) of the frame at `start`, or nil when nothing dips under 0.4.
    static func yin(_ x: [Float], at start: Int, window: Int, lags: ClosedRange<Int>) -> (lag: Double, clarity: Double)? {
        var d = [Double](repeating: 0, count: lags.upperBound + 2)
        x.withUnsafeBufferPointer { p in
            for tau in 1...(lags.upperBound + 1) {
                var sum: Float = 0
                for j in start..<(start + window) { let diff = p[j] - p[j + tau]; sum += diff * diff }
                d[tau] = Double(sum)
            }
        }
        var cmnd = [Double](repeating: 1, count: d.count)
        var running = 0.0
        for tau in 1..<d.count {
            running += d[tau]
            cmnd[tau] = running > 0 ? d[tau] * Double(tau) / running : 1
        }
        var best: Int?
        var tau = lags.lowerBound
        while tau <= lags.upperBound {
            if cmnd[tau] < 0.15 {
                while tau + 1 <= lags.upperBound && cmnd[tau + 1] < cmnd[tau] { tau += 1 }
                best = tau
                break
            }
            tau += 1
        }
        if best == nil, let m = lags.min(by: { cmnd[$0] < cmnd[$1] }), cmnd[m] < 0.4 { best = m }
        guard let t = best else { return nil }
        let a = cmnd[t - 1], b = cmnd[t], c = cmnd[t + 1]
        let denominator = a - 2 * b + c
        let shift = denominator != 0 ? max(-0.5, min(0.5, 0.5 * (a - c) / denominator)) : 0
        return (Double(t) + shift, 1 - b)
    }
}
