/// A sink that keeps real time in front of a device that does not: ALSA's `file` and `null` PCMs accept
/// every write at once, so an engine streaming into them would race ahead of the clock (live sources,
/// the playhead and captures would all be wrong). The clock is a `NullSink`'s; the audio goes to `inner`.
public final class PacedSink: AudioSink, @unchecked Sendable {
    // Invariant: start/write/drain come from the audio thread only, close from the owner afterwards.
    private let inner: any AudioSink
    private let clock: NullSink

    /// `inner` paced as a device with its own period and buffer sizes would be.
    public init(_ inner: any AudioSink) {
        self.inner = inner
        clock = NullSink(sampleRate: inner.sampleRate, channelCount: inner.channelCount, periodFrames: inner.periodFrames,
                         periods: max(1, inner.bufferFrames / max(1, inner.periodFrames)))
    }

    public var sampleRate: Double { inner.sampleRate }
    public var channelCount: Int { inner.channelCount }
    public var periodFrames: Int { inner.periodFrames }
    public var bufferFrames: Int { inner.bufferFrames }
    public var name: String { inner.name + " (paced)" }

    public func start() {
        clock.start()
        inner.start()
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) -> AudioSinkWriteResult {
        let paced = clock.write(samples, frames: frames)
        let written = inner.write(samples, frames: frames)
        return written == .written ? paced : written
    }

    public func drain() {
        inner.drain()
        clock.drain()
    }

    public func close() { inner.close() }
}
