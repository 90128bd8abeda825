import Foundation

/// A sink that plays nowhere but keeps real time like a sound card with a `periods × periodFrames`
/// buffer: `write` blocks until the pretend device has room, and a write that comes after the
/// buffer ran dry counts as an underrun.
///
/// The engine falls back to it when there is no audio device, so the transport, playhead and
/// meters behave as if audio played. Tests use it as the fake device that checks the audio
/// thread keeps up.
public final class NullSink: AudioSink, @unchecked Sendable {
    public let sampleRate: Double
    public let channelCount: Int
    public let periodFrames: Int
    public let name: String
    /// Periods the pretend device buffers.
    public let periods: Int
    public var bufferFrames: Int { periods * periodFrames }

    // Audio-thread state (only `start`/`write`/`drain` touch it).
    private var startNanoseconds: UInt64 = 0
    private var framesWritten: Int64 = 0
    private var streaming = false

    /// A pretend device at `sampleRate` with `channelCount` channels and `periods` periods of `periodFrames`.
    public init(sampleRate: Double, channelCount: Int, periodFrames: Int = 512, periods: Int = 4,
                name: String = "null (no audio device)") {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.periodFrames = periodFrames
        self.periods = periods
        self.name = name
    }

    public func start() {
        streaming = false
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) -> AudioSinkWriteResult {
        var result = AudioSinkWriteResult.written
        let now = Self.monotonicNanoseconds()
        if !streaming {
            // The device starts playing when the first period arrives.
            streaming = true
            startNanoseconds = now
            framesWritten = 0
        } else if framesWritten < playedFrames(at: now) {
            // It played everything we had given it and then some: an underrun. Restart the clock
            // from here, as snd_pcm_recover + restart would.
            result = .recoveredFromUnderrun
            startNanoseconds = now
            framesWritten = 0
        }
        // Block until this write fits in the pretend buffer.
        let capacity = Int64(periods * periodFrames)
        let mustHavePlayed = framesWritten + Int64(frames) - capacity
        if mustHavePlayed > 0 {
            sleep(until: startNanoseconds + UInt64(Double(mustHavePlayed) / sampleRate * 1e9))
        }
        framesWritten += Int64(frames)
        return result
    }

    public func drain() {
        if streaming {
            sleep(until: startNanoseconds + UInt64(Double(framesWritten) / sampleRate * 1e9))
        }
        streaming = false
    }

    public func close() {}

    private func playedFrames(at nanoseconds: UInt64) -> Int64 {
        Int64(Double(nanoseconds - startNanoseconds) * sampleRate / 1e9)
    }

    private func sleep(until deadline: UInt64) {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
