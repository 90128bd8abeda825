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
    /// The audio each engine track was made from, by session track id.
    private let engineAudio = Mutex<[Int: AudioBuffer]>([:])
    /// Set by `play()` until the engine reports playing: the command travels through two queues, and a
    /// frame drawn in between must not show "paused" (the UI would stop ticking).
    private let playRequested = Atomic<Bool>(false)
    /// Stems by separation generation, and the mix last asked for each track; touched only on `queue`.
    private let stems = Mutex<StemRoutes>(StemRoutes())

    private struct StemRoutes {
        var byGeneration: [Int: (trackID: Int, id: StemsID)] = [:]
        var mix: [Int: (gains: [Float], listen: Bool)] = [:]
        /// The track whose lanes the status reports.
        var reported: StemsID?
    }

    /// Opens `configuration.device` (falling back to silence, see `deviceProblem`) and starts the engine.
    public init(configuration: PlaybackConfiguration = PlaybackConfiguration()) {
        engine = PlaybackEngine(configuration: configuration)
        engine.start()
    }

    deinit { engine.shutdown() }

    /// Lets queued audio play out, stops the audio thread and closes the device (a file PCM's header is written
    /// then). Quitting calls it rather than trusting the last release to happen before the process ends.
    public func shutDown() { engine.shutdown() }

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
                    self.engineAudio.withLock { $0[id] = nil }
                }
                for track in tracks {
                    // Audio under a known id can change (slow playback's stretch, a re-rendered assist tick): the
                    // engine's copy is replaced. Unchanged audio shares storage, so the comparison is quick.
                    if let engineID = ids[track.id], self.engineAudio.withLock({ $0[track.id] }) != track.audio {
                        self.engine.removeTrack(engineID)
                        ids[track.id] = nil
                    }
                    if ids[track.id] == nil {
                        guard let engineID = try? self.engine.addTrack(track.audio) else { continue }
                        ids[track.id] = engineID
                        self.engineAudio.withLock { $0[track.id] = track.audio }
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

    public func beginStems(trackID: Int, generation: Int, stemCount: Int, sampleRate: Double, channelCount: Int) {
        queue.async { [self] in
            guard let engineID = engineTracks.withLock({ $0[trackID] }),
                  let id = try? engine.attachStems(to: engineID, stemCount: stemCount, sourceRate: sampleRate,
                                                   sourceChannels: channelCount) else { return }
            stems.withLock { s in
                s.byGeneration = s.byGeneration.filter { $0.value.trackID != trackID }
                s.byGeneration[generation] = (trackID, id)
                s.reported = id
                if let mix = s.mix[trackID] { engine.setStemMix(id, laneGains: mix.gains, listenToStems: mix.listen) }
            }
        }
    }

    public func appendStems(generation: Int, _ parts: [[[Float]]], at start: Int) {
        queue.async { [self] in
            guard let id = stems.withLock({ $0.byGeneration[generation]?.id }) else { return }
            engine.appendStems(id, parts, at: start)
        }
    }

    public func finishStems(generation: Int) {
        queue.async { [self] in
            guard let id = stems.withLock({ $0.byGeneration[generation]?.id }) else { return }
            engine.finishStems(id)
        }
    }

    public func endStems(trackID: Int) {
        queue.async { [self] in
            let ids = stems.withLock { s in
                let gone = s.byGeneration.filter { $0.value.trackID == trackID }
                for key in gone.keys { s.byGeneration[key] = nil }
                if let r = s.reported, gone.values.contains(where: { $0.id == r }) { s.reported = nil }
                return gone.values.map(\.id)
            }
            ids.forEach { engine.detachStems($0) }
        }
    }

    public func setStemMix(trackID: Int, laneGains: [Float], listenToStems: Bool) {
        queue.async { [self] in
            stems.withLock { s in
                s.mix[trackID] = (laneGains, listenToStems)
                for route in s.byGeneration.values where route.trackID == trackID {
                    engine.setStemMix(route.id, laneGains: laneGains, listenToStems: listenToStems)
                }
            }
        }
    }

    public func status() -> TransportStatus {
        let engineState = engine.transport
        if engineState == .playing { playRequested.store(false, ordering: .sequentiallyConsistent) }
        let playing = engineState == .playing || playRequested.load(ordering: .sequentiallyConsistent)
        var frame = engine.playheadFrame
        if playing { frame = max(0, frame - engine.latencyFrames) }
        let reported = stems.withLock { $0.reported }
        return TransportStatus(isPlaying: playing, position: Double(frame) / engine.sampleRate,
                               levels: playing ? engine.peakLevels : [],
                               stemLevels: playing ? reported.map { engine.stemPeaks($0) } ?? [] : [])
    }
}
