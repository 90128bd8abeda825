import Foundation
import TestSupport
import Testing
@testable import AudioIO

/// Stems through the real engine and ALSA's `file` PCM at 48 kHz, from a 44.1 kHz song: the stems side plays
/// the soloed stem, and A/B mid-stream is a crossfade with no click and no gap.
@Suite struct StemPlaybackALSATests {
    @Test func abThroughALSAIsSeamless() throws {
        let folder = TemporaryDirectory("stems-alsa")
        defer { folder.remove() }
        let out = folder.file("stems.wav")
        let engine = PlaybackEngine(configuration: PlaybackConfiguration(device: "file:'\(out)',wav", sampleRate: 48_000,
                                                                         channelCount: 2, periodFrames: 256))
        #expect(engine.deviceProblem == nil, "\(engine.deviceProblem ?? "")")
        let rate = 44_100.0, frames = 66_150   // 1.5 s
        let song = (0..<frames).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / rate)) }
        let track = try engine.addTrack(AudioBuffer(sampleRate: rate, channels: [song]))
        let stems = try #require(try engine.attachStems(to: track, stemCount: 2, sourceRate: rate, sourceChannels: 1))
        for range in [0..<20_000, 20_000..<45_000, 45_000..<frames] {
            engine.appendStems(stems, [[song[range].map { $0 * 0.3 }], [song[range].map { $0 * 0.7 }]])
        }
        engine.finishStems(stems)
        engine.setStemMix(stems, laneGains: [1, 0, 0], listenToStems: true)   // B, the first stem soloed
        engine.start()
        engine.play()
        try waitUntil("half a second played", timeout: 20) { engine.playheadFrame >= 24_000 }
        engine.setStemMix(stems, laneGains: [1, 0, 0], listenToStems: false)  // A: the song
        try waitUntil("the end of playback", timeout: 20) { engine.transport != .playing && engine.playheadFrame > 24_000 }
        engine.shutdown()
        let x = try AudioFile.read(out).channels[0]
        #expect(abs(x.count - 72_000) <= 256, "the whole song at 48 kHz, no gap: \(x.count) frames")
        func peak(_ r: Range<Int>) -> Float { x[r].map { abs($0) }.max() ?? 0 }
        #expect(abs(peak(2_000..<20_000) - 0.15) < 0.01, "B: the soloed stem at 0.3 × 0.5, got \(peak(2_000..<20_000))")
        #expect(abs(peak(60_000..<70_000) - 0.5) < 0.01, "A: the song, got \(peak(60_000..<70_000))")
        // A 440 Hz sine of 0.5 moves at most 0.029 a sample at 48 kHz; a click would jump by up to 0.35.
        let steps = zip(x, x.dropFirst()).map { abs($1 - $0) }
        #expect(steps.max()! < 0.035, "largest step \(steps.max()!)")
    }
}
