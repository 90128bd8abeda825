import Dispatch
import Synchronization

/// The state both sides of the engine see: the queues between them and the atomics the UI reads.
final class EngineShared: @unchecked Sendable {
    let commands: SPSCQueue<EngineCommand>
    let retired: SPSCQueue<RetiredItem>
    /// One mixer strip per track slot.
    let controls: UnsafeMutablePointer<TrackControls>
    let trackCapacity: Int
    /// Peak of the last period per output channel (Float bits).
    let channelPeaks: UnsafeMutablePointer<Atomic<UInt32>>
    let channelCount: Int

    /// The engine's atomics, by pointer so the audio thread reaches them without reference counting.
    let atomics: UnsafeMutablePointer<EngineAtomics>
    /// Wakes the idle audio thread when a command arrives.
    let wake = DispatchSemaphore(value: 0)
    /// Signalled when the audio thread has returned.
    let finished = DispatchSemaphore(value: 0)

    init(trackCapacity: Int, channelCount: Int, commandCapacity: Int) {
        commands = SPSCQueue(capacity: commandCapacity)
        // A command retires at most two items (a track and its stems).
        retired = SPSCQueue(capacity: 2 * commandCapacity)
        self.trackCapacity = trackCapacity
        self.channelCount = channelCount
        controls = .allocate(capacity: trackCapacity)
        for i in 0..<trackCapacity { (controls + i).initialize(to: TrackControls()) }
        atomics = .allocate(capacity: 1)
        atomics.initialize(to: EngineAtomics())
        channelPeaks = .allocate(capacity: channelCount)
        for i in 0..<channelCount { (channelPeaks + i).initialize(to: Atomic(0)) }
    }

    deinit {
        controls.deinitialize(count: trackCapacity)
        controls.deallocate()
        channelPeaks.deinitialize(count: channelCount)
        channelPeaks.deallocate()
        atomics.deinitialize(count: 1)
        atomics.deallocate()
    }
}

/// What the audio thread publishes and the control side reads (and `running`, the other way).
struct EngineAtomics: ~Copyable {
    let playhead = Atomic<Int>(0)
    let transport = Atomic<UInt8>(TransportState.stopped.rawValue)
    let clock = Atomic<Int64>(0)
    let underruns = Atomic<Int>(0)
    let commandsApplied = Atomic<Int>(0)
    let running = Atomic<Bool>(false)
    let deviceFailed = Atomic<Bool>(false)
}
