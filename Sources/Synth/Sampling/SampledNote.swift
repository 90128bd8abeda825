/// One recorded (or generated) note of a multisampled instrument: its samples, the key it sounds, and a sustain
/// loop inside its held part so it can last longer than the recording.
public struct SampledNote: Sendable, Equatable {
    /// Mono samples.
    public var samples: [Float]
    /// Samples a second.
    public var sampleRate: Double
    /// The MIDI key it was recorded at.
    public var pitch: Int
    /// The sustain loop, `start..<end` (sample indices): playing `end` continues at `start`.
    public var loop: Range<Int>

    /// A note with a loop found in its held part (`SustainLoop.find`), or given.
    public init(samples: [Float], sampleRate: Double, pitch: Int, loop: Range<Int>? = nil, heldSeconds: Double = 3) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.pitch = pitch
        self.loop = loop ?? SustainLoop.find(in: samples, sampleRate: sampleRate, pitch: pitch, heldSeconds: heldSeconds)
    }
}

/// Finds a sustain loop in a held note: two upward zero crossings about a second apart in the steady middle of the
/// held part, the end chosen where the waveform after it best matches the waveform after the start (normalised
/// correlation over a few periods), so the jump back is neither a click nor a phase jump.
public enum SustainLoop {
    /// A loop in the held part of `samples` (the first `heldSeconds`), for a note of `pitch`.
    public static func find(in samples: [Float], sampleRate: Double, pitch: Int, heldSeconds: Double = 3) -> Range<Int> {
        let held = min(samples.count, Int(heldSeconds * sampleRate))
        let fallback = (held / 3)..<max(held / 3 + 1, 2 * held / 3)
        guard held > 64 else { return 0..<max(1, samples.count) }
        let period = sampleRate / (440 * pow(2, Double(pitch - 69) / 12))
        let window = max(32, min(Int(4 * period), Int(0.05 * sampleRate)))
        // Start a third of the way in (past the attack); the end searched over the last third before the release.
        guard let start = upwardCrossing(samples, from: held / 3, to: held / 2) else { return fallback }
        var best: (end: Int, score: Double)?
        var i = max(start + Int(period), held / 2 + held / 6)
        let last = held - window - 1
        while i < last {
            if samples[i - 1] < 0 && samples[i] >= 0 {
                let score = correlation(samples, start, i, window)
                if best == nil || score > best!.score { best = (i, score) }
            }
            i += 1
        }
        guard let end = best?.end else { return fallback }
        return start..<end
    }

    static func upwardCrossing(_ x: [Float], from: Int, to: Int) -> Int? {
        guard from >= 1, to <= x.count else { return nil }
        return (from..<to).first { x[$0 - 1] < 0 && x[$0] >= 0 }
    }

    static func correlation(_ x: [Float], _ a: Int, _ b: Int, _ n: Int) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for k in 0..<n {
            let u = Double(x[a + k]), v = Double(x[b + k])
            ab += u * v; aa += u * u; bb += v * v
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : -1
    }
}

import Foundation
