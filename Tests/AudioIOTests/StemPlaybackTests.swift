import Foundation
import TestSupport
import Testing
@testable import AudioIO

/// A track's separated stems in the engine: the A/B crossfade, lane gains, the residual, and frames not yet
/// separated playing as the original.
@Suite struct StemPlaybackTests {
    static func constant(_ value: Float, frames: Int, rate: Double = 48_000) -> AudioBuffer {
        AudioBuffer(sampleRate: rate, channels: [[Float](repeating: value, count: frames)])
    }

    /// Half the stems arrived (24 blocks of 1024 frames): the separated half plays the chosen stem, the rest
    /// plays the original, and the switch from A at the start is a ramp, not a jump.
    @Test func pendingFramesPlayTheOriginal() throws {
        let sink = RecordingSink(periodFrames: 256)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let track = try engine.addTrack(Self.constant(0.5, frames: 48_000))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 2, sourceRate: 48_000, sourceChannels: 1))
        engine.appendStems(stems, [[[Float](repeating: 0.2, count: 24_576)], [[Float](repeating: 0.3, count: 24_576)]])
        #expect(engine.stemsReadyFrames(stems) == 24_576)
        engine.setStemMix(stems, laneGains: [1, 0, 0], listenToStems: true)   // solo the first stem
        engine.start()
        engine.play()
        try #require(engine.waitUntilApplied())
        try waitUntil("the end of playback") { engine.transport != .playing }
        engine.shutdown()
        let out = sink.channel(0)
        #expect(out.count == 48_000)
        #expect(out[1000..<24_576].allSatisfy { abs($0 - 0.2) < 1e-6 }, "separated half: \(out[1000])")
        #expect(out[24_576...].allSatisfy { abs($0 - 0.5) < 1e-6 }, "pending half: \(out[30_000])")
        #expect(zip(out, out.dropFirst()).prefix(24_575).allSatisfy { abs($1 - $0) < 0.3 / 400 }, "the A→B switch ramps")
    }

    /// The residual lane is the original less every stem; muting stems and raising it isolates what the
    /// stems missed.
    @Test func residualLaneIsOriginalLessStems() throws {
        let sink = RecordingSink(periodFrames: 256)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let track = try engine.addTrack(Self.constant(0.5, frames: 4800))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 2, sourceRate: 48_000, sourceChannels: 1))
        engine.appendStems(stems, [[[Float](repeating: 0.1, count: 4800)], [[Float](repeating: 0.3, count: 4800)]])
        engine.finishStems(stems)
        engine.setStemMix(stems, laneGains: [0, 0, 1], listenToStems: true)
        engine.start()
        engine.play()
        try #require(engine.waitUntilApplied())
        try waitUntil("the end of playback") { engine.transport != .playing }
        engine.shutdown()
        let out = sink.channel(0)
        #expect(out[1000...].allSatisfy { abs($0 - 0.1) < 1e-6 }, "residual 0.5 − 0.4: \(out[2000])")
    }

    /// A/B switched while playing, in real time: no gap and no click (no step between samples beyond what a
    /// 10 ms fade makes), and both sides are heard.
    @Test func abSwitchWhilePlayingIsACrossfade() throws {
        let sink = RecordingSink(periodFrames: 256, capacityFrames: 48_000, realTime: true)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let track = try engine.addTrack(Self.constant(0.5, frames: 24_000))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 1, sourceRate: 48_000, sourceChannels: 1))
        engine.appendStems(stems, [[[Float](repeating: 0.25, count: 24_000)]])
        engine.start()
        engine.play()
        try waitUntil("some of A played") { sink.frameCount >= 4000 }
        engine.setStemMix(stems, laneGains: [1, 0], listenToStems: true)
        try waitUntil("the end of playback") { engine.transport != .playing && sink.frameCount > 0 }
        engine.shutdown()
        let out = sink.channel(0)
        #expect(out.count == 24_000, "no gap: every frame played once")
        #expect(out.first == 0.5 && out.last == 0.25, "A then B")
        let steps = zip(out, out.dropFirst()).map { abs($1 - $0) }
        #expect(steps.max()! <= 0.25 / 480 + 1e-6, "largest step \(steps.max()!)")
    }

    /// Stems at the song's rate reach a device at another rate through a streaming resampler: chunks join
    /// without a seam, so stems that add up to the song play back as the song.
    @Test func stemsAtAnotherRateJoinSeamlessly() throws {
        let sink = RecordingSink(sampleRate: 48_000, periodFrames: 256)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let rate = 44_100.0, frames = 44_100
        let tone = (0..<frames).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / rate)) }
        let low = tone.map { $0 * 0.3 }, high = tone.map { $0 * 0.7 }
        let track = try engine.addTrack(AudioBuffer(sampleRate: rate, channels: [tone]))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 2, sourceRate: rate, sourceChannels: 1))
        var start = 0
        for size in [10_000, 7_777, 20_000, frames - 37_777] {
            engine.appendStems(stems, [[Array(low[start..<(start + size)])], [Array(high[start..<(start + size)])]])
            start += size
        }
        engine.finishStems(stems)
        #expect(engine.stemsReadyFrames(stems)! >= 47_990)
        engine.setStemMix(stems, laneGains: [1, 1, 0], listenToStems: true)
        engine.start()
        engine.play()
        try #require(engine.waitUntilApplied())
        try waitUntil("the end of playback") { engine.transport != .playing }
        engine.shutdown()
        let out = sink.channel(0)
        let reference = try Resampler.resample(AudioBuffer(sampleRate: rate, channels: [tone]), to: 48_000).channels[0]
        // After the 10 ms fade-in to B, the stems side matches the whole-file resampling of the song.
        let error = zip(out, reference).dropFirst(1000).prefix(46_000).map { abs($0 - $1) }.max()!
        #expect(error < 1e-3, "largest difference from the song \(error)")
    }

    /// The part at the playhead first, then the start: out of order, at another rate, the stems still play
    /// back as the song they add up to — seamless within each run, and within a small error at the one join.
    @Test func runsOutOfOrderFillTheGaps() throws {
        let sink = RecordingSink(sampleRate: 48_000, periodFrames: 256)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let rate = 44_100.0, frames = 44_100, from = 147 * 136   // a whole number of 48 kHz frames: no sub-sample shift
        let tone = (0..<frames).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / rate)) }
        let track = try engine.addTrack(AudioBuffer(sampleRate: rate, channels: [tone]))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 1, sourceRate: rate, sourceChannels: 1))
        engine.appendStems(stems, [[Array(tone[from..<30_000])]], at: from)
        engine.appendStems(stems, [[Array(tone[30_000...])]])          // continues the run
        #expect(engine.stemsReadyFrames(stems)! < 48_000 - 20_000)     // the start is still pending
        engine.appendStems(stems, [[Array(tone[0..<from])]], at: 0)
        engine.finishStems(stems)
        #expect(engine.stemsReadyFrames(stems)! >= 47_990)
        engine.setStemMix(stems, laneGains: [1, 0], listenToStems: true)
        engine.start()
        engine.play()
        try #require(engine.waitUntilApplied())
        try waitUntil("the end of playback") { engine.transport != .playing }
        engine.shutdown()
        let out = sink.channel(0)
        let reference = try Resampler.resample(AudioBuffer(sampleRate: rate, channels: [tone]), to: 48_000).channels[0]
        let errors = zip(out, reference).dropFirst(1000).prefix(46_000).map { abs($0 - $1) }
        let join = Int(Double(from) * 48_000 / rate) - 1000
        let awayFromJoin = errors.enumerated().filter { abs($0.offset - join) > 200 }.map(\.element).max()!
        let bad = errors.enumerated().filter { $0.element > 1e-3 }.map(\.offset)
        #expect(awayFromJoin < 1e-3, "largest difference away from the join \(awayFromJoin); join \(join), bad \(bad.first ?? -1)...\(bad.last ?? -1) (\(bad.count))")
        #expect(errors.max()! < 0.05, "largest difference at the join \(errors.max()!)")
    }

    @Test func removedTrackTakesItsStems() throws {
        let engine = PlaybackEngine(sink: RecordingSink())
        defer { engine.shutdown() }
        engine.start()
        let track = try engine.addTrack(Self.constant(0.5, frames: 1000))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 2, sourceRate: 48_000, sourceChannels: 1))
        engine.removeTrack(track)
        #expect(engine.stemsReadyFrames(stems) == nil)
        #expect(try engine.attachStems(to: track, stemCount: 2, sourceRate: 48_000, sourceChannels: 1) == nil)
    }
}
