import AudioIO
import Foundation
import Testing
import TestSupport
@testable import Workstation

@Suite struct PeakSummaryTests {
    @Test func rangesMatchABruteForceScanAtBlockResolution() {
        var rng = TestRandom(seed: 20261205)
        let n = 100_000
        let samples = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) * 0.5 }
        let peaks = PeakSummary(AudioBuffer(sampleRate: 44100, channels: [samples]))
        for (a, b) in [(0, 64), (0, n), (1000, 50_000), (64 * 100, 64 * 300)] {
            // Block-aligned ranges are exact; the summary may only widen unaligned ones.
            let r = peaks.range(channel: 0, from: a, to: b)!
            // A coarse level's blocks (up to 64·8³ frames) may widen the range on either side.
            let blockA = max(0, a / 64 * 64 - 64 * 512), blockB = min(n, (b + 64 * 512 - 1) / 64 * 64 + 64 * 512)
            #expect(r.min <= samples[a..<b].min()! && r.max >= samples[a..<b].max()!)
            #expect(r.min >= samples[blockA..<blockB].min()! && r.max <= samples[blockA..<blockB].max()!)
        }
        let exact = peaks.range(channel: 0, from: 640, to: 1280)!
        #expect(exact.min == samples[640..<1280].min()! && exact.max == samples[640..<1280].max()!)
        #expect(peaks.range(channel: 0, from: n, to: n + 10) == nil)
        #expect(peaks.range(channel: 1, from: 0, to: 10) == nil)
    }
}

@Suite struct ClockTransportTests {
    final class FakeClock: @unchecked Sendable {
        var now = ContinuousClock.now
    }

    @Test func positionFollowsTheClockStopsAtTheEndAndLoops() {
        let clock = FakeClock()
        let t = ClockTransport { clock.now }
        let audio = AudioBuffer(sampleRate: 100, channels: [[Float](repeating: 0.5, count: 1000)])
        t.setTracks([AudioTrack(id: 1, name: "a", path: nil, audio: audio)])
        t.play()
        clock.now = clock.now.advanced(by: .milliseconds(2500))
        var s = t.status()
        #expect(s.isPlaying && abs(s.position - 2.5) < 1e-9)
        #expect(s.levels.first == 0.5)
        t.pause()
        clock.now = clock.now.advanced(by: .seconds(3))
        #expect(t.status().position == s.position)
        t.seek(to: 9)
        t.play()
        clock.now = clock.now.advanced(by: .seconds(2))
        s = t.status()
        #expect(!s.isPlaying && s.position == 10)
        t.setLoop(TimeRange(2, 4))
        t.seek(to: 2)
        t.play()
        clock.now = clock.now.advanced(by: .milliseconds(4500))
        #expect(abs(t.status().position - 2.5) < 1e-9)
    }

    @Test func mutedTracksDoNotShowOnTheMeter() {
        let t = ClockTransport()
        var track = AudioTrack(id: 1, name: "a", path: nil, audio: AudioBuffer(sampleRate: 100, channels: [[Float](repeating: 1, count: 1000)]))
        track.isMuted = true
        t.setTracks([track])
        t.seek(to: 5)
        t.play()
        #expect(t.status().levels.allSatisfy { $0 == 0 })
    }
}

@Suite struct SpectrogramModelTests {
    @Test func bandLookupIsClampedAndMonotonic() {
        let s = LogSpectrogram(secondsPerFrame: 0.01, bandFrequencies: [100, 200, 400, 800], levels: [Float](repeating: 0, count: 8))
        #expect(s.frameCount == 2)
        #expect(s.band(atHz: 50) == 0)
        #expect(s.band(atHz: 300) == 1)
        #expect(s.band(atHz: 400) == 2)
        #expect(s.band(atHz: 5000) == 3)
    }
}
