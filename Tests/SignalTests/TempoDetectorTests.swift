import Foundation
import Signal
import Testing

/// Tempo, beats and first beat on synthetic rhythm at known tempos. The table `measuredFigures` prints is the
/// one docs/charts.md quotes (`swift test --skip-build --filter TempoDetectorTests`).
@Suite struct TempoDetectorTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var bpm: Double
        var start: Double
        var swing = false
        var clicks = false
        var band = false
        var sampleRate = 22050.0
        var description: String { name }

        func render(duration: Double = 30) -> [Float] {
            let count = Int((duration - start - 0.5) * bpm / 60)
            let times = RhythmSignals.beats(bpm: bpm, count: count, start: start)
            if clicks { return RhythmSignals.render(times.map { ($0, .click) }, duration: duration, sampleRate: sampleRate) }
            if band { return RhythmSignals.band(beatTimes: times, duration: duration, sampleRate: sampleRate, swing: swing) }
            return RhythmSignals.drums(beatTimes: times, duration: duration, sampleRate: sampleRate, swing: swing)
        }
    }

    static let cases: [Case] = [
        Case(name: "clicks 87", bpm: 87, start: 0.5, clicks: true),
        Case(name: "clicks 120", bpm: 120, start: 0.25, clicks: true),
        Case(name: "clicks 143.5 at 44.1 kHz", bpm: 143.5, start: 1.013, clicks: true, sampleRate: 44100),
        Case(name: "drums 87", bpm: 87, start: 0.7),
        Case(name: "drums 120", bpm: 120, start: 0.333),
        Case(name: "drums 143.5", bpm: 143.5, start: 0.05),
        Case(name: "swung drums 87", bpm: 87, start: 0.4, swing: true),
        Case(name: "swung drums 120", bpm: 120, start: 0.6, swing: true),
        Case(name: "swung drums 143.5", bpm: 143.5, start: 0.9, swing: true),
        Case(name: "band 87", bpm: 87, start: 0.62, band: true),
        Case(name: "band 120", bpm: 120, start: 0.1, band: true),
        Case(name: "band 143.5", bpm: 143.5, start: 0.777, band: true),
        Case(name: "swung band 120", bpm: 120, start: 0.45, swing: true, band: true),
    ]

    /// Tempos far from the prior's 120 BPM, where a rock beat's periodicity is as strong an octave away.
    static let octaveCases: [Case] = [
        Case(name: "drums 174", bpm: 174, start: 0.2),
        Case(name: "drums 72", bpm: 72, start: 0.3),
        Case(name: "clicks 200", bpm: 200, start: 0.2, clicks: true),
        Case(name: "clicks 60", bpm: 60, start: 0.2, clicks: true),
    ]

    @Test(arguments: cases) func tempoWithinOnePercentAndFirstBeatWithinTenMilliseconds(_ c: Case) throws {
        let detection = TempoDetector().detect(c.render(), sampleRate: c.sampleRate)
        let bpm = try #require(detection.bpm, "\(c): \(detection.problem ?? "")")
        let first = try #require(detection.firstBeat)
        print(String(format: "tempo %@: %.3f BPM (error %+.3f %%), first beat %.4f s (error %+.1f ms), clarity %.2f, %d segment(s)",
                     c.name, bpm, 100 * (bpm / c.bpm - 1), first, 1000 * (first - c.start), detection.clarity, detection.segments.count))
        #expect(abs(bpm / c.bpm - 1) < 0.01, "\(c): \(bpm)")
        #expect(abs(first - c.start) < 0.010, "\(c): first beat \(first), expected \(c.start)")
        #expect(detection.segments.count == 1, "\(c): \(detection.segments)")
        #expect(detection.problem == nil)
    }

    /// Octave errors are not hidden: the detected tempo is right or exactly ×2, ÷2 off (counted apart, printed),
    /// and then the true tempo is among the candidates.
    @Test(arguments: octaveCases) func octaveErrorsKeepTheTrueTempoAmongTheCandidates(_ c: Case) throws {
        let detection = TempoDetector().detect(c.render(), sampleRate: c.sampleRate)
        let bpm = try #require(detection.bpm, "\(c): \(detection.problem ?? "")")
        let ratio = bpm / c.bpm
        let octave = [0.5, 1, 2].first { abs(ratio / $0 - 1) < 0.01 }
        print(String(format: "tempo %@: %.3f BPM, %@; candidates %@", c.name, bpm,
                     octave == 1 ? "right" : "octave error ×\(octave.map { "\($0)" } ?? "?")",
                     detection.candidates.map { String(format: "%.1f (%.2f)", $0.bpm, $0.confidence) }.joined(separator: ", ")))
        let factor = try #require(octave, "\(c): \(bpm) is not the tempo or an octave of it")
        if factor != 1 {
            #expect(detection.candidates.contains { abs($0.bpm / c.bpm - 1) < 0.02 }, "\(c): \(detection.candidates)")
        } else {
            #expect(abs((detection.firstBeat ?? .nan) - c.start) < 0.01)
        }
    }

    @Test func candidatesIncludeDoubleAndHalfWithConfidences() throws {
        let c = Self.cases[4]
        let detection = TempoDetector().detect(c.render(), sampleRate: c.sampleRate)
        let candidates = detection.candidates
        try #require(candidates.count >= 3)
        #expect(candidates[0].relation == .best)
        let double = try #require(candidates.first { $0.relation == .double })
        let half = try #require(candidates.first { $0.relation == .half })
        #expect(abs(double.bpm / 240 - 1) < 0.02 && abs(half.bpm / 60 - 1) < 0.02)
        #expect(candidates[0].confidence > double.confidence && candidates[0].confidence > half.confidence)
        #expect(abs(candidates.reduce(0) { $0 + $1.confidence } - 1) < 1e-9)
        #expect(candidates.allSatisfy { $0.confidence >= 0 && $0.confidence <= 1 })
    }

    /// A tempo that is no round number, with the first beat between frames: the grid fit (not the 10 ms onset
    /// frames or the tracker's beats) must give the BPM to 0.1 % and the first beat to 5 ms, at both sample rates.
    @Test(arguments: [22050.0, 44100.0]) func nonIntegerTempoToAThousandthAndFirstBeatToFiveMilliseconds(_ rate: Double) throws {
        let bpm = 97.3, start = 0.4371
        let times = RhythmSignals.beats(bpm: bpm, count: Int((25 - start - 0.5) * bpm / 60), start: start)
        let detection = TempoDetector().detect(RhythmSignals.band(beatTimes: times, duration: 25, sampleRate: rate), sampleRate: rate)
        let found = try #require(detection.bpm, "\(detection.problem ?? "")")
        let first = try #require(detection.firstBeat)
        print(String(format: "tempo band 97.3 at %.0f Hz: %.4f BPM (error %+.4f %%), first beat error %+.2f ms", rate, found,
                     100 * (found / bpm - 1), 1000 * (first - start)))
        #expect(abs(found / bpm - 1) < 0.001, "\(found)")
        #expect(abs(first - start) < 0.005, "first beat \(first)")
        // Every placed beat is on the true grid.
        #expect(detection.beats.allSatisfy { abs(($0 - start) / (60 / bpm) - (($0 - start) / (60 / bpm)).rounded()) * 60 / bpm < 0.005 })
    }

    /// The attack envelope's latency is measured on clicks and is a few milliseconds early (log flux rises as a
    /// sound enters the window); clicks then land within 2 ms at any sample rate.
    @Test(arguments: [22050.0, 44100.0, 48000.0]) func attackEnvelopeLatencyIsMeasuredOnClicks(_ rate: Double) throws {
        let attacks = AttackEnvelope([Float](repeating: 0, count: 1000), sampleRate: rate)
        #expect(attacks.latency < 0 && attacks.latency > -0.012, "\(attacks.latency)")
        let times = RhythmSignals.beats(bpm: 100, count: 8, start: 0.3137)
        let clicks = AttackEnvelope(RhythmSignals.render(times.map { ($0, .click) }, duration: 6, sampleRate: rate), sampleRate: rate)
        let smooth = clicks.smoothed(clicks.full, sigma: AttackEnvelope.gridSigma)
        for time in times {
            let best = (-80...80).map { clicks.frameTime(at: time) + Double($0) * 0.00025 }
                .max { clicks.value(smooth, atFrameTime: $0) < clicks.value(smooth, atFrameTime: $1) }!
            #expect(abs(clicks.time(ofFrameTime: best) - time) < 0.002, "click at \(time): \(clicks.time(ofFrameTime: best))")
        }
    }

    /// Drums at 72 BPM alone read as 144 (their eighth-note hats; see `octaveCases`). With chords that change on
    /// every beat and hold between beats, the harmony's vote brings the tempo back to 72, on the right beats,
    /// and the candidates are relabelled around it (×2 is 144, ÷2 is 36).
    @Test func chordsChangingOnEveryBeatSettleTheOctave() throws {
        let rate = 22050.0, bpm = 72.0, start = 0.3
        let times = RhythmSignals.beats(bpm: bpm, count: Int((30 - start - 0.5) * bpm / 60), start: start)
        var samples = RhythmSignals.drums(beatTimes: times, duration: 30, sampleRate: rate)
        let chords: [[Double]] = [[261.6, 329.6, 392.0], [293.7, 349.2, 440.0], [329.6, 392.0, 493.9], [349.2, 440.0, 523.3]]
        for (i, time) in times.enumerated() {
            let first = Int(time * rate), length = Int(60 / bpm * rate)
            for hz in chords[i % chords.count] + [chords[i % chords.count][0] / 2] {
                for j in 0..<length where first + j < samples.count {
                    let t = Double(j) / rate
                    samples[first + j] += Float(0.06 * min(1, t / 0.01) * min(1, (Double(length - j) / rate) / 0.01) * sin(2 * .pi * hz * t))
                }
            }
        }
        let detection = TempoDetector().detect(samples, sampleRate: rate)
        let found = try #require(detection.bpm, "\(detection.problem ?? "")")
        print(String(format: "tempo drums 72 + chords on every beat: %.3f BPM, first beat error %+.1f ms; candidates %@", found,
                     1000 * ((detection.firstBeat ?? .nan) - start),
                     detection.candidates.map { String(format: "%.1f %@ (%.2f)", $0.bpm, $0.relation.rawValue, $0.confidence) }.joined(separator: ", ")))
        #expect(abs(found / bpm - 1) < 0.001, "\(found)")
        #expect(abs((detection.firstBeat ?? .nan) - start) < 0.005)
        #expect(detection.candidates.first?.relation == .best)
        let double = try #require(detection.candidates.first { $0.relation == .double })
        let half = try #require(detection.candidates.first { $0.relation == .half })
        #expect(abs(double.bpm / 144 - 1) < 0.01 && abs(half.bpm / 36 - 1) < 0.01)
        #expect(abs(detection.candidates.reduce(0) { $0 + $1.confidence } - 1) < 1e-9)
    }

    @Test func followsATempoChange() throws {
        // 16 bars at 120 BPM, then 16 at 140.
        let first = RhythmSignals.beats(bpm: 120, count: 64, start: 0.5)
        let changeAt = first.last! + 0.5
        let second = RhythmSignals.beats(bpm: 140, count: 64, start: changeAt)
        let samples = RhythmSignals.drums(beatTimes: first + second, duration: second.last! + 1, sampleRate: 22050)
        let detection = TempoDetector().detect(samples, sampleRate: 22050)
        print("tempo change 120→140 at \(changeAt) s: segments \(detection.segments.map { String(format: "%.3f BPM from %.3f s", $0.bpm, $0.start) })")
        try #require(detection.segments.count == 2, "\(detection.segments)")
        #expect(abs(detection.segments[0].bpm / 120 - 1) < 0.01)
        #expect(abs(detection.segments[1].bpm / 140 - 1) < 0.01)
        #expect(abs(detection.segments[0].start - 0.5) < 0.01)
        #expect(abs(detection.segments[1].start - changeAt) < 60.0 / 140 * 2.5, "\(detection.segments[1].start)")
    }

    @Test func silenceNoiseAndShortAudioHaveNoClearTempo() {
        let rate = 22050.0
        let silent = TempoDetector().detect([Float](repeating: 0, count: Int(20 * rate)), sampleRate: rate)
        #expect(silent.bpm == nil && silent.firstBeat == nil && silent.problem?.contains("silent") == true)
        let noise = TempoDetector().detect(RhythmSignals.noise(seconds: 20, sampleRate: rate), sampleRate: rate)
        print("noise: clarity \(noise.clarity), problem \(noise.problem ?? "none")")
        #expect(noise.bpm == nil && noise.problem != nil, "noise gave \(String(describing: noise.bpm))")
        let short = TempoDetector().detect(RhythmSignals.clicks(bpm: 120, start: 0, duration: 3, sampleRate: rate), sampleRate: rate)
        #expect(short.bpm == nil && short.problem?.contains("3.0 s") == true, "\(short.problem ?? "")")
    }

    @Test func onsetStrengthPeaksAtTheClicks() {
        let rate = 22050.0
        let times = RhythmSignals.beats(bpm: 100, count: 8, start: 0.5)
        let samples = RhythmSignals.render(times.map { ($0, .click) }, duration: 6, sampleRate: rate)
        let onset = OnsetStrength(sampleRate: rate)
        let envelope = onset.envelope(samples)
        #expect(envelope.count == samples.count / onset.hop + 1)
        // The strongest frame within ±60 ms of every click is within 2 frames (20 ms) of it.
        for time in times {
            let centre = Int(time * onset.frameRate)
            let window = max(0, centre - 6)...min(envelope.count - 1, centre + 6)
            let best = window.max { envelope[$0] < envelope[$1] }!
            #expect(abs(Double(best) / onset.frameRate - time) <= 0.02, "click at \(time): peak at \(Double(best) / onset.frameRate)")
            #expect(envelope[best] > 0)
        }
        // Between clicks (after the decay), nothing rises.
        let quiet = Int((times[0] + 0.3) * onset.frameRate)
        #expect(envelope[quiet] == 0)
    }
}

/// The attack envelope's vectorizable log(1 + x) against libm, over the range log-compressed magnitudes take.
@Suite struct AttackEnvelopeLogTests {
    @Test func logOnePlusMatchesLibm() {
        var worst: Float = 0, x: Float = 0
        while x < 1e7 {
            worst = max(worst, abs(AttackEnvelope.logOnePlus(x) - log1pf(x)))
            x = x < 1e-3 ? x + 1e-5 : x * 1.0007
        }
        #expect(worst < 4e-6, "largest difference \(worst)")
    }
}
