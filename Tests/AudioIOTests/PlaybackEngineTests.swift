import Foundation
import Signal
import Synchronization
import TestSupport
import Testing
@testable import AudioIO

@Suite struct PlaybackEngineTests {
    /// A mono ramp whose sample i is i / 100_000, so positions can be read back from values.
    static func ramp(_ frames: Int, rate: Double = 48_000) -> AudioBuffer {
        AudioBuffer(sampleRate: rate, channels: [(0..<frames).map { Float($0) / 100_000 }])
    }

    static func constant(_ value: Float, frames: Int) -> AudioBuffer {
        AudioBuffer(sampleRate: 48_000, channels: [[Float](repeating: value, count: frames)])
    }

    /// Plays until the transport leaves `.playing`.
    static func playToEnd(_ engine: PlaybackEngine) throws {
        engine.play()
        try #require(engine.waitUntilApplied(), "the audio thread applied play")
        try waitUntil("the end of playback") { engine.transport != .playing }
    }

    @Test func playsExactlyTheTrackThenPauses() throws {
        let sink = RecordingSink()
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let track = Self.ramp(10_000)
        _ = try engine.addTrack(track)
        engine.start()
        try Self.playToEnd(engine)
        engine.shutdown()
        #expect(sink.frameCount == 10_000)   // a partial last period, no padding
        #expect(sink.channel(0) == track.channels[0])
        #expect(sink.channel(1) == track.channels[0])   // mono goes to both channels
        #expect(engine.transport == .paused && engine.playheadFrame == 10_000)
        #expect(sink.starts.load(ordering: .relaxed) == 1 && sink.drains.load(ordering: .relaxed) >= 1)
    }

    /// Started but never told to play: the audio thread runs (it applies commands) and writes nothing, not even
    /// silence — the device is not started until there is something to play.
    @Test func idleEngineWritesNothing() throws {
        let sink = RecordingSink()
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        _ = try engine.addTrack(Self.ramp(1000))
        engine.start()
        // The thread is up: it applied the addTrack (waitUntilApplied fails when nothing consumes commands).
        try #require(engine.waitUntilApplied(), "the audio thread never applied a command")
        // Idle for a while (explicit: the thing under test is what happens while time passes; the idle loop wakes
        // every 20 ms), then prove the thread is still serving: a seek it applies moves the playhead.
        usleep(100_000)
        engine.seek(toFrame: 500)
        try #require(engine.waitUntilApplied(), "the audio thread stopped applying commands while idle")
        #expect(engine.playheadFrame == 500)
        #expect(sink.starts.load(ordering: .relaxed) == 0)
        #expect(sink.writes.load(ordering: .relaxed) == 0)
        #expect(sink.frameCount == 0)
        #expect(engine.clock == 0)
    }

    @Test func muteSoloAndGain() throws {
        let sink = RecordingSink(periodFrames: 256)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let a = try engine.addTrack(Self.constant(0.25, frames: 4096))
        let b = try engine.addTrack(Self.constant(0.5, frames: 4096))
        let c = try engine.addTrack(Self.constant(0.125, frames: 4096))
        engine.setGain(0.5, for: a)
        engine.setMuted(true, for: c)
        engine.setSoloed(true, for: a)
        engine.setSoloed(true, for: c)     // soloed but muted: mute wins
        #expect(engine.gain(of: a) == 0.5 && engine.isMuted(c) && engine.isSoloed(a) && !engine.isSoloed(b))
        engine.start()
        try Self.playToEnd(engine)
        engine.shutdown()
        let out = sink.channel(0)
        #expect(out.count == 4096)
        // Gains ramp over the first period from where addTrack left them; after that only A at 0.5.
        #expect(out[256...].allSatisfy { abs($0 - 0.125) < 1e-6 }, "\(out[256]) \(out[4000])")
        // The ramp itself is smooth: no step bigger than a period's share of the change.
        #expect(zip(out, out.dropFirst()).allSatisfy { abs($1 - $0) < 0.01 })
    }

    @Test func loopRegionIsSampleAccurate() throws {
        let sink = RecordingSink(periodFrames: 256, capacityFrames: 5000)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        _ = try engine.addTrack(Self.ramp(48_000))
        engine.seek(toFrame: 1000)
        engine.setLoop(frames: 1000..<1300)
        engine.start()
        engine.play()
        try waitUntil("5000 frames recorded") { sink.frameCount >= 5000 }
        engine.shutdown()
        let out = sink.channel(0).prefix(5000)
        for (i, value) in out.enumerated() {
            let expected = Float(1000 + i % 300) / 100_000
            if value != expected { Issue.record("frame \(i): \(value) not \(expected)"); break }
        }
    }

    @Test func seekPauseStop() throws {
        let sink = RecordingSink()
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        _ = try engine.addTrack(Self.ramp(4800))
        engine.start()
        engine.seek(toSeconds: 0.05)
        engine.waitUntilApplied()
        #expect(engine.playheadFrame == 2400)
        try Self.playToEnd(engine)
        #expect(sink.channel(0).first == Float(2400) / 100_000)
        #expect(sink.frameCount == 2400)
        engine.stop()
        engine.waitUntilApplied()
        #expect(engine.transport == .stopped && engine.playheadFrame == 0)
        #expect(engine.lengthFrames == 4800)
    }

    @Test func removedTracksStopSounding() throws {
        let sink = RecordingSink()
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let a = try engine.addTrack(Self.constant(0.5, frames: 1000))
        _ = try engine.addTrack(Self.constant(0.25, frames: 500))
        engine.removeTrack(a)
        engine.removeTrack(a)   // twice is harmless
        #expect(engine.tracks.count == 1)
        engine.start()
        try Self.playToEnd(engine)
        engine.shutdown()
        #expect(sink.channel(0) == [Float](repeating: 0.25, count: 500))
    }

    @Test func tracksAtAnotherRateAreResampled() throws {
        let sink = RecordingSink(sampleRate: 44_100)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        _ = try engine.addTrack(AudioBuffer(sampleRate: 48_000, channelCount: 1, frameCount: 48_000))
        #expect(engine.lengthFrames == 44_100)
    }

    @Test func liveSourceEventsLandOnTheirFrame() throws {
        let sink = RecordingSink(periodFrames: 128, capacityFrames: 48_000)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let clicks = ClickSource()
        // Scheduled before streaming starts: the clock begins at 0.
        clicks.events.tryPush(1000)
        clicks.events.tryPush(1001 + 128 * 3)
        clicks.events.tryPush(20_000)
        let id = try engine.addLiveSource(clicks)
        engine.start()
        try waitUntil("24,000 frames recorded") { sink.frameCount >= 24_000 }
        engine.removeLiveSource(id)
        engine.waitUntilApplied()
        engine.shutdown()
        let out = sink.channel(0)
        let hits = out.indices.filter { out[$0] != 0 }
        #expect(hits == [1000, 1385, 20_000])
        #expect(sink.channel(1)[1000] == 1)
    }

    @Test func removedLiveSourceIsReleasedOffTheAudioThread() throws {
        let sink = RecordingSink(periodFrames: 128, capacityFrames: 4096)
        let engine = PlaybackEngine(sink: sink)
        defer { engine.shutdown() }
        let released = Mutex<String?>(nil)
        weak var weakSource: ReleaseWatcher?
        do {
            let source = ReleaseWatcher { name in released.withLock { $0 = name } }
            weakSource = source
            let id = try engine.addLiveSource(source)
            engine.start()
            try waitUntil("1024 frames recorded") { sink.frameCount >= 1024 }
            engine.removeLiveSource(id)
            engine.waitUntilApplied()
        }
        #expect(weakSource != nil)   // the engine still holds it until it collects the slot
        engine.pause()               // any control call collects what the audio thread handed back
        #expect(weakSource == nil)
        let releasedOn = released.withLock { $0 }
        #expect(releasedOn != nil && releasedOn != "kanade-audio", "released on \(releasedOn ?? "no thread: never released")")
    }

    @Test func nullSinkCountsALateWriteAsAnUnderrun() {
        let sink = NullSink(sampleRate: 48_000, channelCount: 1, periodFrames: 256, periods: 2)
        let period = [Float](repeating: 0, count: 256)
        sink.start()
        #expect(sink.write(period, frames: 256) == .written)
        #expect(sink.write(period, frames: 256) == .written)
        usleep(50_000)   // 50 ms: the 10.7 ms buffer ran dry
        #expect(sink.write(period, frames: 256) == .recoveredFromUnderrun)
        // And it keeps time: two more buffers' worth take at least one buffer's duration.
        let start = NullSink.monotonicNanoseconds()
        for _ in 0..<6 { _ = sink.write(period, frames: 256) }
        #expect(NullSink.monotonicNanoseconds() - start > 20_000_000)
    }

    @Test func missingDeviceFallsBackToSilence() throws {
        let engine = PlaybackEngine(configuration: PlaybackConfiguration(device: "kanade_no_such_device", sampleRate: 44_100))
        defer { engine.shutdown() }
        #expect(engine.sink is NullSink)
        #expect(engine.deviceProblem?.contains("kanade_no_such_device") == true)
        _ = try engine.addTrack(Self.ramp(441, rate: 44_100))
        engine.start()
        try Self.playToEnd(engine)   // paced by the null sink: 10 ms
        #expect(engine.playheadFrame == 441)
    }

    @Test func deviceSelection() {
        #expect(PlaybackConfiguration.device(from: "hw:1", environment: ["KANADE_AUDIO_DEVICE": "x"]) == "hw:1")
        #expect(PlaybackConfiguration.device(from: nil, environment: ["KANADE_AUDIO_DEVICE": "x"]) == "x")
        #expect(PlaybackConfiguration.device(from: nil, environment: [:]) == "default")
    }

    @Test func alsaFileDeviceGetsExactlyTheSamples() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.file("out.wav")
        let sine = (0..<30_000).map { i -> Float in (Float(sin(Double(i) * 0.01)) * 20_000).rounded() / 32_768 }
        let config = PlaybackConfiguration(device: "file:'\(out)',wav", sampleRate: 44_100, channelCount: 1)
        let engine = PlaybackEngine(configuration: config)
        #expect(engine.deviceProblem == nil, "\(engine.deviceProblem ?? "")")
        // The file PCM never blocks, so the engine paces it (PacedSink over the ALSASink).
        #expect(engine.sink is PacedSink && engine.sampleRate == 44_100)
        _ = try engine.addTrack(AudioBuffer(sampleRate: 44_100, channels: [sine]))
        engine.start()
        try Self.playToEnd(engine)
        engine.shutdown()
        let back = try AudioFile.read(out)
        #expect(back.sampleRate == 44_100 && back.channelCount == 1)
        #expect(back.channels[0] == sine)
        #expect(engine.underrunCount == 0)
    }

    /// The bar: 30 s through a sink that keeps real time while another thread allocates and
    /// computes STFTs, without a single underrun.
    @Test(.timeLimit(.minutes(2)))
    func thirtySecondsUnderLoadWithoutUnderruns() async throws {
        let rate = 48_000.0
        let sink = RecordingSink(sampleRate: rate, channelCount: 2, periodFrames: 512, capacityFrames: 31 * 48_000,
                                 realTime: true)
        let engine = PlaybackEngine(sink: sink)
        let noise = (0..<Int(rate) * 30).map { _ in Float.random(in: -0.5...0.5) }
        _ = try engine.addTrack(AudioBuffer(sampleRate: rate, channels: [noise, noise.reversed()]))
        let second = try engine.addTrack(AudioBuffer(sampleRate: rate, channels: [Array(noise.prefix(Int(rate) * 10))]))
        engine.start()
        engine.play()
        let busy = Atomic<Bool>(true)
        let spectrograms = Atomic<Int>(0)
        let loadDone = Atomic<Bool>(false)
        // The load runs on a thread of its own: as a Task it would hold one of the cooperative pool's threads
        // (two on a 2-core machine) for the whole 30 s, and other suites' blocking tests could take the other,
        // leaving this test's own sleeps no thread to resume on.
        let load = Thread {
            let stft = STFT(fftSize: 2048, hop: 256)
            while busy.load(ordering: .relaxed) {
                let chunk = (0..<200_000).map { Float($0 % 977) / 977 }   // allocates ~800 KB each round
                if stft.magnitudes(chunk).frameCount > 0 { spectrograms.add(1, ordering: .relaxed) }
            }
            loadDone.store(true, ordering: .releasing)
        }
        load.start()
        var toggles = 0
        engine.waitUntilApplied()
        while engine.transport == .playing {
            engine.setMuted(toggles % 2 == 0, for: second)   // the UI pokes the mixer meanwhile
            toggles += 1
            _ = engine.peakLevels
            try await Task.sleep(for: .milliseconds(50))
        }
        busy.store(false, ordering: .relaxed)
        while !loadDone.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(10)) }
        let rounds = spectrograms.load(ordering: .relaxed)
        engine.shutdown()
        #expect(rounds > 5)
        #expect(sink.frameCount == 30 * 48_000)
        #expect(sink.underruns.load(ordering: .relaxed) == 0)
        #expect(engine.underrunCount == 0)
    }
}

/// A live source that writes a 1 at every frame stamped in its event queue.
final class ClickSource: LiveSource, @unchecked Sendable {
    let events = SPSCQueue<Int64>(capacity: 16)

    func render(into buffer: UnsafeMutablePointer<Float>, frames: Int, channelCount: Int, at time: Int64) {
        while let next = events.peek(), next < time + Int64(frames) {
            _ = events.tryPop()
            let offset = max(0, Int(next - time))
            for c in 0..<channelCount { buffer[offset * channelCount + c] += 1 }
        }
    }
}

/// A silent live source that reports the name of the thread it is released on.
final class ReleaseWatcher: LiveSource, @unchecked Sendable {
    let onRelease: (String) -> Void
    init(onRelease: @escaping (String) -> Void) { self.onRelease = onRelease }
    deinit { onRelease(Thread.current.name ?? "") }
    func render(into buffer: UnsafeMutablePointer<Float>, frames: Int, channelCount: Int, at time: Int64) {}
}
