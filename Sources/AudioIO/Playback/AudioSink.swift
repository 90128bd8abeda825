/// Where the engine's audio thread sends finished periods: an ALSA device, a clocked null
/// device, or a test double.
///
/// `start`, `write` and `drain` are called only on the audio thread, in that order per stretch
/// of streaming; `close` once, from the engine's owner, after the audio thread has ended.
/// `write` blocks until the device has room, like `snd_pcm_writei`: that wait is what paces
/// the audio thread, so a sink that never blocks must keep time itself (see `NullSink`).
public protocol AudioSink: AnyObject, Sendable {
    /// Frames per second the device plays.
    var sampleRate: Double { get }
    /// Interleaved channels per frame.
    var channelCount: Int { get }
    /// Frames per period: the engine renders and writes this many at a time.
    var periodFrames: Int { get }
    /// Frames the device buffers (periods × periodFrames): the latency from `write` to the speaker.
    var bufferFrames: Int { get }
    /// A short description for status lines ("ALSA default, 48000 Hz, 2 ch, 4 × 512").
    var name: String { get }

    /// Gets ready to stream after being idle (ALSA: prepare).
    func start()
    /// Writes `frames` interleaved frames (at most `periodFrames`), blocking until accepted.
    func write(_ samples: UnsafePointer<Float>, frames: Int) -> AudioSinkWriteResult
    /// Streaming pauses: let what was written play out.
    func drain()
    /// Releases the device.
    func close()
}

/// What happened to one period written to a sink.
public enum AudioSinkWriteResult: Sendable, Equatable {
    /// Written in time.
    case written
    /// The device had run dry before this write (an underrun); it was recovered and the period written.
    case recoveredFromUnderrun
    /// The device failed for good (unplugged, I/O error); the engine falls back to its null sink.
    case failed(code: Int32)
}
