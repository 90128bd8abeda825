import AudioIO
import Dispatch
import Foundation
import Synchronization

/// The transport on AudioIO's `PlaybackEngine`: the playhead the UI draws is the engine's own, less the
/// device latency while playing (what is being heard), and the meter shows the engine's output peaks.
///
/// Control calls go through one serial queue, so adding a long track (which may resample) never blocks
/// the UI and commands keep their order.
public final class EngineTransport: Transport {
    let engine: PlaybackEngine
    private let queue = DispatchQueue(label: "kanade.transport")
    /// Session track id → engine track, touched only on `queue`.
    private let engineTracks = Mutex<[Int: TrackID]>([:])
    /// Set by `play()` until the engine reports playing: the command travels through two queues, and a
    /// frame drawn in between must not show "paused" (the UI would stop ticking).
    private let playRequested = Atomic<Bool>(false)

    /// Opens `configuration.device` (falling back to silence, see `deviceProblem`) and starts the engine.
    public init(configuration: PlaybackConfiguration = PlaybackConfiguration()) {
        engine = PlaybackEngine(configuration: configuration)
        engine.start()
    }

    deinit { engine.shutdown() }

    /// Why the requested device is silent, if it is.
    public var deviceProblem: String? { engine.deviceProblem }

    public var outputName: String { engine.sink.name }

    public func setTracks(_ tracks: [AudioTrack]) {
        queue.async { [self] in
            self.engineTracks.withLock { ids in
                let wanted = Set(tracks.map(\.id))
                for (id, engineID) in ids where !wanted.contains(id) {
                    self.engine.removeTrack(engineID)
                    ids[id] = nil
                }
                for track in tracks {
                    if ids[track.id] == nil {
                        guard let engineID = try? self.engine.addTrack(track.audio) else { continue }
                        ids[track.id] = engineID
                    }
                    let engineID = ids[track.id]!
                    self.engine.setGain(Float(pow(10, track.gainDB / 20)), for: engineID)
                    self.engine.setMuted(track.isMuted, for: engineID)
                    self.engine.setSoloed(track.isSoloed, for: engineID)
                }
            }
        }
    }

    public func play() {
        playRequested.store(true, ordering: .sequentiallyConsistent)
        queue.async { [engine] in engine.play() }
    }
    public func pause() {
        playRequested.store(false, ordering: .sequentiallyConsistent)
        queue.async { [engine] in engine.pause() }
    }
    public func seek(to seconds: Double) { queue.async { [engine] in engine.seek(toSeconds: seconds) } }
    public func setLoop(_ range: TimeRange?) {
        queue.async { [engine] in engine.setLoop(seconds: range.map { $0.start...$0.end }) }
    }

    public func status() -> TransportStatus {
        let engineState = engine.transport
        if engineState == .playing { playRequested.store(false, ordering: .sequentiallyConsistent) }
        let playing = engineState == .playing || playRequested.load(ordering: .sequentiallyConsistent)
        var frame = engine.playheadFrame
        if playing { frame = max(0, frame - engine.latencyFrames) }
        return TransportStatus(isPlaying: playing, position: Double(frame) / engine.sampleRate,
                               levels: playing ? engine.peakLevels : [])
    }
}
