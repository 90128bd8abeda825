import Foundation
import TestSupport

/// Synthetic rhythm for the tempo tests: clicks and a drum kit at known beat times (no global RNG).
enum RhythmSignals {
    enum Drum { case click, kick, snare, hat }

    /// Beat times from `start` at `bpm` for `count` beats.
    static func beats(bpm: Double, count: Int, start: Double) -> [Double] {
        (0..<count).map { start + Double($0) * 60 / bpm }
    }

    /// Every hit mixed into `duration` seconds of silence at `sampleRate`.
    static func render(_ hits: [(time: Double, drum: Drum)], duration: Double, sampleRate: Double, seed: UInt64 = 0x5EED_0001) -> [Float] {
        var out = [Float](repeating: 0, count: Int(duration * sampleRate))
        var random = TestRandom(seed: seed)
        for hit in hits {
            let first = Int((hit.time * sampleRate).rounded())
            let length: Double, amplitude: Float
            switch hit.drum {
            case .click: length = 0.02; amplitude = 0.8
            case .kick: length = 0.25; amplitude = 0.9
            case .snare: length = 0.15; amplitude = 0.5
            case .hat: length = 0.04; amplitude = 0.15
            }
            var previousNoise: Float = 0, phase = 0.0
            for i in 0..<Int(length * sampleRate) {
                let j = first + i
                guard j >= 0 && j < out.count else { continue }
                let t = Double(i) / sampleRate
                let noise = Float(Double(random.next() >> 11) / Double(1 << 53)) * 2 - 1
                let value: Float
                switch hit.drum {
                case .click:
                    value = Float(sin(2 * .pi * 1000 * t) * exp(-t / 0.003))
                case .kick:
                    phase += 2 * .pi * (45 + 100 * exp(-t / 0.03)) / sampleRate
                    value = Float(sin(phase) * exp(-t / 0.12))
                case .snare:
                    value = (0.7 * noise + 0.3 * Float(sin(2 * .pi * 185 * t))) * Float(exp(-t / 0.05))
                case .hat:
                    value = (noise - previousNoise) * Float(exp(-t / 0.012))   // a first difference: bright noise
                }
                previousNoise = noise
                out[j] += amplitude * value
            }
        }
        return out
    }

    /// Clicks on every beat.
    static func clicks(bpm: Double, start: Double, duration: Double, sampleRate: Double) -> [Float] {
        let count = Int((duration - start) * bpm / 60)
        return render(beats(bpm: bpm, count: count, start: start).map { ($0, .click) }, duration: duration, sampleRate: sampleRate)
    }

    /// A rock beat on the given beat times: kick on 1 and 3, snare on 2 and 4, hats on eighths (the off-beat ones
    /// at two thirds of the beat when `swing`).
    static func drums(beatTimes: [Double], duration: Double, sampleRate: Double, swing: Bool = false) -> [Float] {
        var hits: [(Double, Drum)] = []
        for (i, time) in beatTimes.enumerated() {
            hits.append((time, i % 2 == 0 ? .kick : .snare))
            hits.append((time, .hat))
            if i + 1 < beatTimes.count {
                let interval = beatTimes[i + 1] - time
                hits.append((time + interval * (swing ? 2.0 / 3 : 0.5), .hat))
            }
        }
        return render(hits, duration: duration, sampleRate: sampleRate)
    }

    /// Uniform noise in −amplitude…amplitude.
    static func noise(seconds: Double, sampleRate: Double, amplitude: Float = 0.3) -> [Float] {
        var random = TestRandom(seed: 0xA015_E000_0000_0001)
        return (0..<Int(seconds * sampleRate)).map { _ in amplitude * (Float(Double(random.next() >> 11) / Double(1 << 53)) * 2 - 1) }
    }

    /// A small band on the given beat times: the drums, a bass line on eighths (plucked sines on a four-bar
    /// pattern), a pad of sustained chords that change every bar with slow attacks, and noise 35 dB down.
    static func band(beatTimes: [Double], duration: Double, sampleRate: Double, swing: Bool = false) -> [Float] {
        var out = drums(beatTimes: beatTimes, duration: duration, sampleRate: sampleRate, swing: swing)
        let roots = [55.0, 55.0 * 4 / 3, 55.0 * 3 / 2, 55.0 * 6 / 5]
        func add(_ hz: Double, from start: Double, length: Double, amplitude: Double, attack: Double, decay: Double) {
            let first = Int(start * sampleRate)
            for i in 0..<Int(length * sampleRate) where first + i < out.count && first + i >= 0 {
                let t = Double(i) / sampleRate
                let envelope = min(1, t / attack) * exp(-t / decay)
                out[first + i] += Float(amplitude * envelope * sin(2 * .pi * hz * t))
            }
        }
        for (i, time) in beatTimes.enumerated() where i + 1 < beatTimes.count {
            let interval = beatTimes[i + 1] - time
            let root = roots[(i / 4) % roots.count]
            add(root, from: time, length: interval * 0.5, amplitude: 0.35, attack: 0.004, decay: 0.12)
            add(root * (i % 2 == 0 ? 1 : 1.5), from: time + interval * (swing ? 2.0 / 3 : 0.5), length: interval * 0.4,
                amplitude: 0.25, attack: 0.004, decay: 0.1)
            if i % 4 == 0 {
                let bar = interval * 4
                for ratio in [2.0, 2.5, 3.0] { add(root * ratio * 2, from: time, length: bar, amplitude: 0.05, attack: 0.3, decay: 2) }
            }
        }
        let hiss = noise(seconds: duration, sampleRate: sampleRate, amplitude: 0.02)
        for i in out.indices where i < hiss.count { out[i] += hiss[i] }
        return out
    }
}
