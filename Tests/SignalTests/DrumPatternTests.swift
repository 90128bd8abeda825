import Foundation
@testable import Signal
import Testing

/// The drums' octave checks on hand-built patterns: what each band measures, and the decision each pattern gets
/// when the detector's stretch is at the wrong octave (and none when it is right).
@Suite struct DrumPatternTests {
    static let rate = 44100.0, duration = 16.0

    /// Hits of `drum` at `start + k · step` (every `every` step, from step `phase`) over the whole duration.
    static func hits(_ drum: RhythmSignals.Drum, bpm: Double, perBeat: Double, phase: Int = 0, every: Int = 1,
                     start: Double = 0.3) -> [(time: Double, drum: RhythmSignals.Drum)] {
        let step = 60 / bpm / perBeat
        return stride(from: phase, to: Int((duration - start - 0.3) / step), by: every).map { (start + Double($0) * step, drum) }
    }

    /// Four on the floor at 140 BPM: a kick on every beat, snares on 2 and 4, hi-hats on the off-beats.
    static let fourOnTheFloor = RhythmSignals.render(
        hits(.kick, bpm: 140, perBeat: 1) + hits(.snare, bpm: 140, perBeat: 1, phase: 1, every: 2)
            + hits(.hat, bpm: 140, perBeat: 2, phase: 1, every: 2), duration: duration, sampleRate: rate)

    /// A half-time groove at 75 BPM with nothing on the sixteenths: kick on beats, snare on 2 and 4, hats on eighths.
    static let eighths = RhythmSignals.render(
        hits(.kick, bpm: 75, perBeat: 1, every: 2) + hits(.snare, bpm: 75, perBeat: 1, phase: 1, every: 2)
            + hits(.hat, bpm: 75, perBeat: 2), duration: duration, sampleRate: rate)

    static func segment(bpm: Double, start: Double = 0.3) -> TempoSegment {
        TempoSegment(start: start, bpm: bpm, beatCount: Int((duration - start - 0.5) * bpm / 60))
    }

    @Test func bandsSeeTheirOwnDrums() throws {
        let drums = DrumPattern(Self.fourOnTheFloor, sampleRate: Self.rate)
        let period = 60 / 140.0
        // On the beats: kicks; halfway: hats only.
        let kickOff = try #require(drums.offBeatRatio(.kick, start: 0.3, period: period, count: 30))
        let hatsOff = try #require(drums.offBeatRatio(.hats, start: 0.3, period: period, count: 30))
        #expect(kickOff < 0.2, "kick \(kickOff)")
        #expect(hatsOff > 1.5, "hats \(hatsOff)")
        // Every beat has a kick; at half speed, every other beat.
        #expect(try #require(drums.evenness(.kick, start: 0.3, period: period, count: 30)) > 0.9)
        #expect(try #require(drums.evenness(.kick, start: 0.3, period: period / 2, count: 60)) < 0.2)
        // Swung hats two thirds of the way through the beat count between the beats, not halfway.
        let swung = RhythmSignals.render(Self.hits(.kick, bpm: 100, perBeat: 1)
            + Self.hits(.hat, bpm: 100, perBeat: 1, start: 0.3 + 0.4), duration: Self.duration, sampleRate: Self.rate)
        let swungDrums = DrumPattern(swung, sampleRate: Self.rate)
        #expect(try #require(swungDrums.offBeatRatio(.hats, start: 0.3, period: 0.6, count: 20)) < 0.2)
        #expect(try #require(swungDrums.betweenBeatsRatio(.hats, start: 0.3, period: 0.6, count: 20)) > 1.5)
    }

    @Test func fourOnTheFloorHeardAtHalfSpeedIsDoubled() {
        let drums = DrumPattern(Self.fourOnTheFloor, sampleRate: Self.rate)
        let choice = TempoDetector().drumOctave(of: Self.segment(bpm: 70), drums: drums)
        #expect(choice.factor == 2)
        #expect(abs(choice.segment.bpm - 140) < 1e-9)
        #expect(TempoDetector().drumOctave(of: Self.segment(bpm: 140), drums: drums).factor == 1)
    }

    @Test func beatsWithNothingBetweenThemAreHalved() {
        let drums = DrumPattern(Self.eighths, sampleRate: Self.rate)
        // At 150 the "beats" are the eighths: halved to 75, on the kicks' parity (the stretch starts on an
        // off-beat hat, so the kick is on the second of its beats).
        let offset = 60 / 150.0
        let choice = TempoDetector().drumOctave(of: Self.segment(bpm: 150, start: 0.3 + offset), drums: drums)
        #expect(choice.factor == 0.5)
        #expect(abs(choice.segment.bpm - 75) < 1e-9)
        #expect(abs(choice.segment.start - (0.3 + 2 * offset)) < 1e-9, "\(choice.segment.start)")
        // At 75 the eighths are between the beats: left alone.
        #expect(TempoDetector().drumOctave(of: Self.segment(bpm: 75), drums: drums).factor == 1)
    }

    @Test func theOctaveOnlyMovesIntoTheLikelyRange() {
        // Kicks and hats taking turns at 60 BPM: nothing between the beats, but 30 BPM is outside 70…160.
        let slow = RhythmSignals.render(Self.hits(.kick, bpm: 60, perBeat: 1, every: 2)
            + Self.hits(.hat, bpm: 60, perBeat: 1, phase: 1, every: 2), duration: Self.duration, sampleRate: Self.rate)
        let drums = DrumPattern(slow, sampleRate: Self.rate)
        let ratio = DrumPattern.Band.allCases.compactMap { drums.betweenBeatsRatio($0, start: 0.3, period: 1, count: 15) }
        #expect(ratio.count == 3 && ratio.reduce(0, +) / 3 < TempoDetector.emptyBetween, "\(ratio)")
        #expect(TempoDetector().drumOctave(of: Self.segment(bpm: 60), drums: drums).factor == 1)
    }

    @Test func clicksOnEveryBeatAreNotHalved() {
        // Nothing between the beats, but no beat is stronger than the next: no slower beat to hear.
        let clicks = RhythmSignals.render(Self.hits(.click, bpm: 150, perBeat: 1), duration: Self.duration, sampleRate: Self.rate)
        let drums = DrumPattern(clicks, sampleRate: Self.rate)
        #expect(TempoDetector().drumOctave(of: Self.segment(bpm: 150), drums: drums).factor == 1)
    }

    @Test func silenceAndEmptyInputHaveNoRatios() {
        let silent = DrumPattern([Float](repeating: 0, count: 44100 * 4), sampleRate: Self.rate)
        #expect(silent.offBeatRatio(.kick, start: 0.5, period: 0.5, count: 6) == nil)
        #expect(silent.evenness(.hats, start: 0.5, period: 0.5, count: 6) == nil)
        let empty = DrumPattern([], sampleRate: Self.rate)
        #expect(empty.strength(.middle, at: 1) == 0)
        #expect(empty.offBeatRatio(.middle, start: 0, period: 0.5, count: 1) == nil)
    }
}
