import Synchronization
@testable import AudioIO

/// A test `AudioSink` that records what the engine writes into memory allocated up front
/// (so the audio thread still never allocates). With `realTime`, it also keeps time like a
/// device by delegating the pacing to a `NullSink`; without, it accepts periods as fast as
/// they come, which keeps content tests quick.
final class RecordingSink: AudioSink, @unchecked Sendable {
    let sampleRate: Double
    let channelCount: Int
    let periodFrames: Int
    var bufferFrames: Int { clock?.bufferFrames ?? 4 * periodFrames }
    let name = "recording test sink"

    private let clock: NullSink?
    private let storage: UnsafeMutablePointer<Float>
    private let capacityFrames: Int
    private let recorded = Atomic<Int>(0)
    let writes = Atomic<Int>(0)
    let starts = Atomic<Int>(0)
    let drains = Atomic<Int>(0)
    let underruns = Atomic<Int>(0)

    init(sampleRate: Double = 48_000, channelCount: Int = 2, periodFrames: Int = 256,
         capacityFrames: Int = 1 << 20, realTime: Bool = false) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.periodFrames = periodFrames
        self.capacityFrames = capacityFrames
        storage = .allocate(capacity: capacityFrames * channelCount)
        clock = realTime ? NullSink(sampleRate: sampleRate, channelCount: channelCount, periodFrames: periodFrames) : nil
    }

    deinit { storage.deallocate() }

    func start() {
        starts.add(1, ordering: .relaxed)
        clock?.start()
    }

    func write(_ samples: UnsafePointer<Float>, frames: Int) -> AudioSinkWriteResult {
        let at = recorded.load(ordering: .relaxed)
        let kept = min(frames, capacityFrames - at)
        if kept > 0 { (storage + at * channelCount).update(from: samples, count: kept * channelCount) }
        recorded.store(at + max(kept, 0), ordering: .releasing)
        writes.add(1, ordering: .relaxed)
        let result = clock?.write(samples, frames: frames) ?? .written
        if result == .recoveredFromUnderrun { underruns.add(1, ordering: .relaxed) }
        return result
    }

    func drain() {
        drains.add(1, ordering: .relaxed)
        clock?.drain()
    }

    func close() {}

    /// Frames recorded so far.
    var frameCount: Int { recorded.load(ordering: .acquiring) }

    /// One channel of what was recorded.
    func channel(_ c: Int) -> [Float] {
        let frames = frameCount
        return (0..<frames).map { storage[$0 * channelCount + c] }
    }
}
