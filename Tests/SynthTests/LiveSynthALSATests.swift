import AudioIO
import Foundation
import Music
import TestSupport
import Testing
@testable import Synth

/// The live synth through the real playback engine and ALSA's `file` PCM: the captured notes start where
/// they were scheduled.
@Suite struct LiveSynthALSATests {
    @Test func capturedOnsetsAreWithinFiveMillisecondsOfTheSchedule() throws {
        let folder = TemporaryDirectory("live")
        defer { folder.remove() }
        let out = folder.file("live.wav")
        let rate = 44_100.0
        let engine = PlaybackEngine(configuration: PlaybackConfiguration(device: "file:'\(out)',wav", sampleRate: rate,
                                                                         channelCount: 2, periodFrames: 256))
        #expect(engine.deviceProblem == nil, "\(engine.deviceProblem ?? "")")
        // A sine with a 5 ms release, so each note has died away long before the next.
        let patch = Patch(waveform: .sine, secondLevel: 0, release: 0.005, cutoff: 20_000, filterEnvelopeOctaves: 0,
                          keyTracking: 0, resonance: 0)
        let live = LiveSynth(instrument: PolySynth(patch: patch), sampleRate: engine.sampleRate)
        // Eight short notes at uneven times (not on period boundaries), each followed by silence.
        let onsets = [3_001, 17_389, 30_000, 41_777, 60_123, 71_000, 88_888, 99_999]
        let events = onsets.enumerated().flatMap { i, frame in
            [NoteEvent(frame: frame, kind: .on, pitch: 57 + i * 2, velocity: 100),
             NoteEvent(frame: frame + 2_000, kind: .off, pitch: 57 + i * 2)]
        }
        for event in events { live.schedule(event) }
        let source = try engine.addLiveSource(live)
        engine.start()
        // The file PCM is not clocked, so the engine streams as fast as it can.
        try waitUntil("112,000 frames streamed", timeout: 20) { engine.clock >= 112_000 }
        engine.removeLiveSource(source)
        engine.shutdown()
        let captured = try AudioFile.read(out)
        #expect(captured.sampleRate == rate)
        let x = captured.channels[0]
        try #require(x.count >= 110_000)
        // An onset: the first sample above −60 dBFS after at least 5 ms of silence.
        var found: [Int] = []
        var quiet = 0
        for (i, sample) in x.enumerated() {
            if abs(sample) > 0.001 {
                if quiet >= 220 { found.append(i) }
                quiet = 0
            } else {
                quiet += 1
            }
        }
        try #require(found.count == onsets.count, "onsets found at \(found)")
        let errors = zip(found, onsets).map { abs($0 - $1) }
        print("live synth onsets: largest error \(errors.max()!) frames = \(Double(errors.max()!) / rate * 1000) ms")
        #expect(errors.allSatisfy { Double($0) / rate < 0.005 }, "errors in frames: \(errors)")
        // Stronger: the capture is the offline bounce of the same events to the sample, up to 16-bit rounding.
        let offline = Bounce.render(events: events, instrument: PolySynth(patch: patch), sampleRate: rate,
                                    channelCount: 1).channels[0]
        let compared = min(offline.count, x.count)
        let worst = (0..<compared).map { abs(x[$0] - offline[$0]) }.max()!
        #expect(worst <= 1.01 / 32_768, "largest difference \(worst)")
        #expect(x[compared...].allSatisfy { abs($0) <= 1 / 32_768 })
    }
}
