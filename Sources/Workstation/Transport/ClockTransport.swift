import Foundation
import Synchronization

/// A transport that keeps time with the clock and sends no sound; its levels are the peaks of the
/// mix at the playhead. Used where no audio output exists and in tests.
public final class ClockTransport: Transport {
    private struct State {
        var tracks: [AudioTrack] = []
        var playing = false
        var anchorPosition = 0.0
        var anchorTime = ContinuousClock.now
        var loop: TimeRange?
    }
    private let state = Mutex(State())
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// A silent transport. `clock` is injectable for tests.
    public init(clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.clock = clock
    }

    public var outputName: String { "no audio output" }

    public func setTracks(_ tracks: [AudioTrack]) { state.withLock { $0.tracks = tracks } }

    public func play() {
        let now = clock()
        state.withLock { s in
            guard !s.playing else { return }
            let duration = s.tracks.map(\.duration).max() ?? 0
            if s.anchorPosition >= duration { s.anchorPosition = s.loop?.start ?? 0 }
            s.playing = true; s.anchorTime = now
        }
    }

    public func pause() {
        let now = clock()
        state.withLock { s in
            s.anchorPosition = ClockTransport.position(s, now: now)
            s.playing = false
        }
    }

    public func seek(to seconds: Double) {
        let now = clock()
        state.withLock { s in s.anchorPosition = max(0, seconds); s.anchorTime = now }
    }

    public func setLoop(_ range: TimeRange?) {
        let now = clock()
        state.withLock { s in
            s.anchorPosition = ClockTransport.position(s, now: now); s.anchorTime = now
            s.loop = range
        }
    }

    public func status() -> TransportStatus {
        let now = clock()
        return state.withLock { s in
            let duration = s.tracks.map(\.duration).max() ?? 0
            var p = ClockTransport.position(s, now: now)
            if s.playing, p >= duration, s.loop == nil {
                s.playing = false; s.anchorPosition = duration; p = duration
            }
            let levels = s.playing ? ClockTransport.levels(s.tracks, at: p) : []
            return TransportStatus(isPlaying: s.playing, position: p, levels: levels)
        }
    }

    private static func position(_ s: State, now: ContinuousClock.Instant) -> Double {
        guard s.playing else { return s.anchorPosition }
        let elapsed = now - s.anchorTime
        var p = s.anchorPosition + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if let loop = s.loop, loop.duration > 0, p >= loop.end {
            p = loop.start + (p - loop.start).truncatingRemainder(dividingBy: loop.duration)
        }
        return p
    }

    /// Peak of the audible tracks over the 1/30 s before `t`, per channel (up to two).
    private static func levels(_ tracks: [AudioTrack], at t: Double) -> [Float] {
        let anySolo = tracks.contains { $0.isSoloed }
        var out: [Float] = [0, 0]
        for track in tracks where !track.isMuted && (!anySolo || track.isSoloed) {
            let sr = track.audio.sampleRate
            let end = min(track.audio.frameCount, Int(t * sr))
            let start = max(0, end - Int(sr / 30))
            guard end > start else { continue }
            let gain = Float(pow(10, track.gainDB / 20))
            for c in 0..<2 {
                let ch = track.audio.channels[min(c, track.audio.channelCount - 1)]
                var peak: Float = 0
                for i in start..<end { peak = max(peak, abs(ch[i])) }
                out[c] = max(out[c], peak * gain)
            }
        }
        return out
    }
}
