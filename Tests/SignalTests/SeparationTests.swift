import Foundation
import Testing
@testable import Signal

/// Synthesized mixtures whose true sources are known, for the classical separators.
enum SeparationMixtures {
    static let sampleRate = 16_000.0

    /// Sustained tones: a three-note chord, each note held 1.5 s, changing chord every 1.5 s.
    static func tones(count: Int) -> [Float] {
        let chords: [[Double]] = [[220, 277.2, 329.6], [246.9, 311.1, 370], [196, 246.9, 293.7], [261.6, 329.6, 392]]
        let hold = Int(1.5 * sampleRate)
        return (0..<count).map { i in
            let chord = chords[(i / hold) % chords.count]
            let t = Double(i) / sampleRate
            return Float(chord.reduce(0) { $0 + 0.2 * sin(2 * Double.pi * $1 * t) })
        }
    }

    /// Clicks: 8 ms noise bursts with a fast decay, four a second.
    static func clicks(count: Int) -> [Float] {
        let noise = TestSignals.noise(count, seed: 0x5EED_C11C)
        let period = Int(sampleRate / 4), length = Int(0.008 * sampleRate)
        return (0..<count).map { i in
            let k = i % period
            return k < length ? 0.9 * noise[i] * Float(exp(-Double(k) / Double(length) * 4)) : 0
        }
    }

    /// A loop 0.75 s long (a low tone, then a higher one, a click at its start) repeated to `count`.
    static func repeatingLoop(count: Int) -> [Float] {
        let period = Int(0.75 * sampleRate)
        let burst = TestSignals.noise(200, seed: 0xB0_0B)
        let loop: [Float] = (0..<period).map { i in
            let t = Double(i) / sampleRate
            var v = i < Int(0.35 * sampleRate) ? 0.3 * sin(2 * Double.pi * 110 * t) : 0.25 * sin(2 * Double.pi * 165 * t)
            if i < burst.count { v += 0.5 * Double(burst[i]) * exp(-Double(i) / 50) }
            return Float(v)
        }
        return (0..<count).map { loop[$0 % period] }
    }

    /// A melody that never repeats: 0.4 s notes climbing by uneven steps, with vibrato.
    static func melody(count: Int) -> [Float] {
        let steps = [0, 3, 7, 8, 12, 10, 15, 14, 19, 17, 22, 20, 24, 23, 27, 26]
        let note = Int(0.4 * sampleRate)
        var phase = 0.0
        return (0..<count).map { i in
            let hz = 392 * pow(2, Double(steps[(i / note) % steps.count]) / 12) * (1 + 0.004 * sin(2 * Double.pi * 5 * Double(i) / sampleRate))
            phase += 2 * Double.pi * hz / sampleRate
            return Float(0.3 * sin(phase))
        }
    }

    static func add(_ a: [Float], _ b: [Float]) -> [Float] { zip(a, b).map { $0 + $1 } }
}

@Suite struct SeparationTests {
    @Test func siSDRMatchesTheTorchmetricsVector() {
        // arXiv:1811.02508 via torchmetrics: 18.4030 dB (../shared/reference/separation.md §5).
        let value = SourceQuality.siSDR(estimate: [2.5, 0, 2, 8], reference: [3, -0.5, 2, 7])
        #expect(abs(value - 18.4030) < 1e-3)
        #expect(SourceQuality.siSDR(estimate: [1, 2, 3], reference: [0, 0, 0]) == -.infinity)
        #expect(SourceQuality.siSDR(estimate: [2, 4, 6], reference: [1, 2, 3]) == .infinity)
        // Scale-invariant: a louder estimate scores the same.
        let noisy = [Float](arrayLiteral: 1.1, 1.9, 3.2, 3.8)
        let a = SourceQuality.siSDR(estimate: noisy, reference: [1, 2, 3, 4])
        let b = SourceQuality.siSDR(estimate: noisy.map { $0 * 5 }, reference: [1, 2, 3, 4])
        #expect(abs(a - b) < 1e-4)   // Float rounding of the scaled estimate
    }

    @Test func medianFilterTakesTheMedianOfTheWindowThatExists() {
        // 1 frame × 5 bins along bins, kernel 3: edges use the two values that exist (upper median).
        let out = MedianFilter.alongBins([5, 1, 4, 2, 3], frameCount: 1, binCount: 5, kernel: 3)
        #expect(out == [5, 4, 2, 3, 3])
        let frames = MedianFilter.alongFrames([5, 1, 4, 2, 3], frameCount: 5, binCount: 1, kernel: 3)
        #expect(frames == [5, 4, 2, 3, 3])
    }

    @Test func hpssImprovesBothSourcesOverTheMixture() {
        let count = Int(4 * SeparationMixtures.sampleRate)
        let tones = SeparationMixtures.tones(count: count), clicks = SeparationMixtures.clicks(count: count)
        let mixture = SeparationMixtures.add(tones, clicks)
        let separator = HarmonicPercussiveSeparator(stft: STFT(fftSize: 1024, hop: 256), harmonicKernel: 17, percussiveKernel: 17)
        let (harmonic, percussive) = separator.separate(mixture)
        let gains = Self.gains([harmonic, percussive], over: mixture, of: [tones, clicks])
        print("HPSS SI-SDR improvement: harmonic \(gains[0]) dB, percussive \(gains[1]) dB")
        #expect(gains[0] > 6, "harmonic improved by \(gains[0]) dB")
        #expect(gains[1] > 15, "percussive improved by \(gains[1]) dB")
    }

    @Test func repetSimImprovesBothSourcesOverTheMixture() {
        let count = Int(6 * SeparationMixtures.sampleRate)
        let background = SeparationMixtures.repeatingLoop(count: count), foreground = SeparationMixtures.melody(count: count)
        let mixture = SeparationMixtures.add(background, foreground)
        let separator = RepeatingPatternSeparator(stft: STFT(fftSize: 1024, hop: 256), neighbourCount: 6, minimumSeparation: 20)
        let (repeating, rest) = separator.separate(mixture)
        let gains = Self.gains([repeating, rest], over: mixture, of: [background, foreground])
        print("REPET-SIM SI-SDR improvement: background \(gains[0]) dB, foreground \(gains[1]) dB")
        #expect(gains[0] > 15, "background improved by \(gains[0]) dB")
        #expect(gains[1] > 15, "foreground improved by \(gains[1]) dB")
    }

    /// Each estimate's SI-SDR gain over the mixture against its true source, after checking that the
    /// estimates are as long as the mixture and add back up to it (the soft masks share every bin).
    static func gains(_ estimates: [[Float]], over mixture: [Float], of sources: [[Float]]) -> [Double] {
        #expect(estimates.allSatisfy { $0.count == mixture.count })
        let sum = estimates.dropFirst().reduce(estimates[0]) { SeparationMixtures.add($0, $1) }
        #expect(TestSignals.relativeErrorDB(mixture, sum) < -60)
        return zip(estimates, sources).map { estimate, source in
            SourceQuality.siSDR(estimate: estimate, reference: source) - SourceQuality.siSDR(estimate: mixture, reference: source)
        }
    }

    @Test func silenceSeparatesIntoSilence() {
        let silence = [Float](repeating: 0, count: 8000)
        let (h, p) = HarmonicPercussiveSeparator(stft: STFT(fftSize: 512, hop: 128)).separate(silence)
        #expect(h.count == 8000 && h.allSatisfy { $0 == 0 } && p.allSatisfy { $0 == 0 })
        let (b, f) = RepeatingPatternSeparator(stft: STFT(fftSize: 512, hop: 128)).separate(silence)
        #expect(b.count == 8000 && b.allSatisfy { $0 == 0 } && f.allSatisfy { $0 == 0 })
    }
}
