import Synchronization

/// A track's samples as the audio thread reads them: interleaved at the engine's rate and
/// channel count, in memory the control thread allocated and will free. Plain values only, so
/// handing one across the command queue costs no reference counting.
struct TrackData {
    let samples: UnsafeMutablePointer<Float>
    let frames: Int
    /// Timeline frame where the track's first frame plays.
    let offset: Int

    var end: Int { offset + frames }

    /// Copies `buffer` (already at the engine's rate) into interleaved storage of `channelCount`
    /// channels: mono is sent to every channel, extra channels are dropped.
    init(_ buffer: AudioBuffer, channelCount: Int, offset: Int) {
        frames = buffer.frameCount
        self.offset = offset
        samples = .allocate(capacity: max(frames * channelCount, 1))
        for c in 0..<channelCount {
            let source = buffer.channels[min(c, buffer.channelCount - 1)]
            for f in 0..<frames { samples[f * channelCount + c] = source[f] }
        }
    }

    func free() { samples.deallocate() }
}

/// The mixer strip of one track slot: set from any thread, read by the audio thread each period.
struct TrackControls: ~Copyable {
    let gainBits = Atomic<UInt32>(Float(1).bitPattern)
    let muted = Atomic<Bool>(false)
    let soloed = Atomic<Bool>(false)
    /// Post-fader peak of the last period (Float bits), written by the audio thread.
    let peakBits = Atomic<UInt32>(0)

    var gain: Float { Float(bitPattern: gainBits.load(ordering: .relaxed)) }
}

/// What the control thread asks the audio thread to do, in order.
enum EngineCommand {
    case addTrack(slot: Int, TrackData)
    case removeTrack(slot: Int)
    case addSource(slot: Int, LiveSourceSlot)
    case removeSource(slot: Int)
    /// Separated stems for the track in `slot` (A/B, lanes, pending frames play as the track).
    case attachStems(slot: Int, StemData)
    case detachStems(slot: Int)
    case play
    case pause
    case stop
    case seek(frame: Int)
    /// A loop region; `end <= start` turns looping off.
    case loop(start: Int, end: Int)
}

/// What the audio thread hands back for the control thread to free (it never frees anything itself).
enum RetiredItem {
    case track(TrackData)
    case stems(StemData)
    /// The audio thread no longer calls the live source in this slot: the control side may release it.
    case sourceSlot(Int)
}

/// A live source as the audio thread holds it: `unowned(unsafe)`, so calling it costs no
/// reference counting. The control side keeps a strong reference until the slot comes back
/// as `RetiredItem.sourceSlot`.
struct LiveSourceSlot {
    unowned(unsafe) let source: any LiveSource
}
