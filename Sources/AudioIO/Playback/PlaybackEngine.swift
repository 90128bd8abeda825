import Dispatch
import Foundation
import Synchronization

/// Plays tracks and live sources through one audio device: the mixer and transport of Kanade.
///
/// One audio thread (see `EngineRenderer`) renders a period at a time and blocks in the sink's
/// write. Every call here is for control threads (UI, CLI, sequencer): changes travel to the
/// audio thread through a lock-free single-producer queue (control calls take a lock among
/// themselves, the audio thread never does), and what the UI draws — playhead, transport,
/// levels, underruns — is read from atomics, without locks.
///
///     let engine = PlaybackEngine(configuration: .init(device: "default", sampleRate: 48_000))
///     if let problem = engine.deviceProblem { status(problem) }   // no device: plays silently
///     let vocals = try engine.addTrack(buffer)
///     engine.start(); engine.play()
///     engine.setSoloed(true, for: vocals)
///     draw(engine.playheadSeconds, engine.peakLevels)
public final class PlaybackEngine: @unchecked Sendable {
    /// The device in use (a `NullSink` when none could be opened).
    public let sink: any AudioSink
    /// Why the requested device is not playing, once, when the engine fell back to the null sink.
    public let deviceProblem: String?

    private let shared: EngineShared
    private let renderer: EngineRenderer
    private let control: Mutex<ControlState>
    private let sourceCapacity: Int

    private struct ControlState {
        var generations: [Int]
        var trackEnds: [Int?]
        /// Frames of each slot's track at the engine's rate.
        var trackFrames: [Int]
        /// The control side of each slot's stems.
        var stemWriters: [StemWriter?]
        /// Strong references to attached live sources, kept until the audio thread returns the slot.
        var sources: [(any LiveSource)?]
        /// Slots removed here whose return from the audio thread is still pending.
        var releasing: Set<Int> = []
        var commandsSent = 0
        var started = false
        var shutDown = false
    }

    /// Opens `configuration.device`; if that fails, reports it in `deviceProblem` and runs
    /// against a real-time `NullSink` so the rest of the app works silently.
    public convenience init(configuration: PlaybackConfiguration = PlaybackConfiguration()) {
        do {
            let sink = try ALSASink(device: configuration.device, sampleRate: configuration.sampleRate,
                                    channelCount: configuration.channelCount,
                                    periodFrames: configuration.periodFrames, periods: configuration.periods)
            // file/null PCMs take every write at once: pace them so the engine keeps real time.
            let paced: any AudioSink = sink.isUnclocked ? PacedSink(sink) : sink
            self.init(sink: paced, configuration: configuration, deviceProblem: nil)
        } catch {
            let sink = NullSink(sampleRate: configuration.sampleRate, channelCount: configuration.channelCount,
                                periodFrames: configuration.periodFrames, periods: configuration.periods)
            self.init(sink: sink, configuration: configuration, deviceProblem: "\(error); playing silently")
        }
    }

    /// An engine on a sink you made (a test sink, a `NullSink`, an `ALSASink` opened your way).
    public init(sink: any AudioSink, configuration: PlaybackConfiguration = PlaybackConfiguration(),
                deviceProblem: String? = nil) {
        self.sink = sink
        self.deviceProblem = deviceProblem
        sourceCapacity = configuration.liveSourceCapacity
        shared = EngineShared(trackCapacity: configuration.trackCapacity, channelCount: sink.channelCount,
                              commandCapacity: 1024)
        renderer = EngineRenderer(shared: shared, sink: sink, sourceCapacity: sourceCapacity)
        control = Mutex(ControlState(generations: Array(repeating: 0, count: configuration.trackCapacity),
                                     trackEnds: Array(repeating: nil, count: configuration.trackCapacity),
                                     trackFrames: Array(repeating: 0, count: configuration.trackCapacity),
                                     stemWriters: Array(repeating: nil, count: configuration.trackCapacity),
                                     sources: Array(repeating: nil, count: configuration.liveSourceCapacity)))
    }

    deinit { shutdown() }

    // MARK: Lifecycle

    /// Starts the audio thread (idempotent). It streams only while playing or while a live
    /// source is attached; otherwise it sleeps.
    public func start() {
        let first = control.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started && !state.shutDown
        }
        guard first else { return }
        shared.atomics.pointee.running.store(true, ordering: .releasing)
        let renderer = self.renderer, shared = self.shared
        let thread = Thread {
            Self.raisePriority()
            renderer.run()
            shared.finished.signal()
        }
        thread.name = "kanade-audio"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Stops the audio thread after letting queued audio play out, then closes the device and
    /// frees every track. The engine is unusable afterwards.
    public func shutdown() {
        let wasRunning = control.withLock { state -> Bool? in
            if state.shutDown { return nil }
            state.shutDown = true
            return state.started
        }
        guard let wasRunning else { return }
        if wasRunning {
            shared.atomics.pointee.running.store(false, ordering: .releasing)
            shared.wake.signal()
            shared.finished.wait()
        }
        sink.close()
        // The audio thread is gone: free what it held and what never reached it.
        while let command = shared.commands.tryPop() {
            if case .addTrack(_, let data) = command { data.free() }
            if case .attachStems(_, let data) = command { data.free() }
        }
        control.withLock { collectRetired(&$0) }
        renderer.tearDown()
    }

    /// Blocks until the audio thread has applied every command sent so far (or `timeout` passes).
    /// Returns false on timeout or when the audio thread is not running.
    @discardableResult
    public func waitUntilApplied(timeout: Duration = .seconds(2)) -> Bool {
        let sent = control.withLock { $0.commandsSent }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while shared.atomics.pointee.commandsApplied.load(ordering: .acquiring) < sent {
            if clock.now >= deadline || !shared.atomics.pointee.running.load(ordering: .acquiring) { return false }
            usleep(500)
        }
        return true
    }

    // MARK: Tracks and the mixer

    /// Adds `buffer` as a track starting `offset` seconds into the timeline, resampled to the
    /// device's rate if needed (libsoxr). Its gain, mute and solo start at 1, off, off.
    public func addTrack(_ buffer: AudioBuffer, at offset: Double = 0) throws -> TrackID {
        let audio = try Resampler.resample(buffer, to: sink.sampleRate)
        let data = TrackData(audio, channelCount: sink.channelCount, offset: Int((offset * sink.sampleRate).rounded()))
        let id: TrackID? = control.withLock { state in
            guard let slot = state.trackEnds.firstIndex(where: { $0 == nil }) else { return nil }
            state.generations[slot] += 1
            state.trackEnds[slot] = data.end
            state.trackFrames[slot] = data.frames
            state.stemWriters[slot] = nil
            shared.controls[slot].gainBits.store(Float(1).bitPattern, ordering: .relaxed)
            shared.controls[slot].muted.store(false, ordering: .relaxed)
            shared.controls[slot].soloed.store(false, ordering: .relaxed)
            send(.addTrack(slot: slot, data), &state)
            return TrackID(slot: slot, generation: state.generations[slot])
        }
        guard let id else {
            data.free()
            throw PlaybackEngineError.tooManyTracks(shared.trackCapacity)
        }
        return id
    }

    /// Removes a track; its memory is freed once the audio thread has let go of it.
    public func removeTrack(_ id: TrackID) {
        control.withLock { state in
            guard isCurrent(id, state) else { return }
            state.trackEnds[id.slot] = nil
            state.stemWriters[id.slot] = nil
            send(.removeTrack(slot: id.slot), &state)
        }
    }

    /// The track IDs in the engine now.
    public var tracks: [TrackID] {
        control.withLock { state in
            state.trackEnds.indices.compactMap { state.trackEnds[$0] == nil ? nil : TrackID(slot: $0, generation: state.generations[$0]) }
        }
    }

    /// Sets a track's linear gain (1 = unchanged); applied from the next period, ramped.
    public func setGain(_ gain: Float, for id: TrackID) {
        guard id.slot < shared.trackCapacity else { return }
        shared.controls[id.slot].gainBits.store(max(0, gain).bitPattern, ordering: .relaxed)
    }

    /// Mutes or unmutes a track.
    public func setMuted(_ muted: Bool, for id: TrackID) {
        guard id.slot < shared.trackCapacity else { return }
        shared.controls[id.slot].muted.store(muted, ordering: .relaxed)
    }

    /// Solos or unsolos a track: while any track is soloed only soloed, unmuted tracks sound.
    public func setSoloed(_ soloed: Bool, for id: TrackID) {
        guard id.slot < shared.trackCapacity else { return }
        shared.controls[id.slot].soloed.store(soloed, ordering: .relaxed)
    }

    /// A track's gain.
    public func gain(of id: TrackID) -> Float { shared.controls[id.slot].gain }
    /// Whether a track is muted.
    public func isMuted(_ id: TrackID) -> Bool { shared.controls[id.slot].muted.load(ordering: .relaxed) }
    /// Whether a track is soloed.
    public func isSoloed(_ id: TrackID) -> Bool { shared.controls[id.slot].soloed.load(ordering: .relaxed) }
    /// A track's post-fader peak over the last period (linear, 0 when silent or idle).
    public func peak(of id: TrackID) -> Float {
        Float(bitPattern: shared.controls[id.slot].peakBits.load(ordering: .relaxed))
    }

    // MARK: Stems

    /// Gives a track `stemCount` separated stems that will arrive chunk by chunk at `sourceRate` with
    /// `sourceChannels` channels (`appendStems`). Until a frame has arrived the stems side plays the track
    /// itself there. Replaces stems the track had. Nil when the track is gone.
    public func attachStems(to id: TrackID, stemCount: Int, sourceRate: Double, sourceChannels: Int) throws -> StemsID? {
        precondition((1...StemData.maxStems).contains(stemCount), "1 to \(StemData.maxStems) stems")
        return try control.withLock { state -> StemsID? in
            guard isCurrent(id, state) else { return nil }
            let data = StemData(stemCount: stemCount, frames: state.trackFrames[id.slot], channels: sink.channelCount)
            let writer: StemWriter
            do {
                writer = try StemWriter(data: data, track: id, sourceRate: sourceRate, engineRate: sink.sampleRate,
                                        sourceChannels: max(1, sourceChannels))
            } catch {
                data.free()
                throw error
            }
            state.stemWriters[id.slot] = writer
            send(.attachStems(slot: id.slot, data), &state)
            return StemsID(track: id)
        }
    }

    /// Adds a run of separated audio, `parts[stem][channel]` at the rate given to `attachStems`, starting at
    /// the song's frame `start` (nil: right after the last run). Runs may come in any order (the part at the
    /// playhead first); contiguous runs join seamlessly. Each completed block plays from the next period on.
    public func appendStems(_ id: StemsID, _ parts: [[[Float]]], at start: Int? = nil) {
        control.withLock { state in writer(id, state)?.append(parts, at: start) }
    }

    /// Marks the stems complete (flushes the resampler's tail).
    public func finishStems(_ id: StemsID) {
        control.withLock { state in writer(id, state)?.finish() }
    }

    /// Removes a track's stems; it plays as before.
    public func detachStems(_ id: StemsID) {
        control.withLock { state in
            guard writer(id, state) != nil else { return }
            state.stemWriters[id.track.slot] = nil
            send(.detachStems(slot: id.track.slot), &state)
        }
    }

    /// Sets the linear gain of each lane (each stem, then the residual: original − sum of the stems; a
    /// muted lane is 0) and which side sounds: the stems (B) or the original (A). The switch is a 10 ms
    /// crossfade at the playhead.
    public func setStemMix(_ id: StemsID, laneGains: [Float], listenToStems: Bool) {
        control.withLock { state in
            guard let data = writer(id, state)?.data else { return }
            for lane in 0..<min(laneGains.count, data.laneCount) {
                data.gains[lane].store(max(0, laneGains[lane]).bitPattern, ordering: .relaxed)
            }
            data.listenToStems.pointee.store(listenToStems, ordering: .relaxed)
        }
    }

    /// How many frames of the stems are separated so far, at the engine's rate (nil: no such stems).
    public func stemsReadyFrames(_ id: StemsID) -> Int? {
        control.withLock { state in writer(id, state)?.data.ready.pointee.load(ordering: .acquiring) }
    }

    /// The last period's post-fader peak of each lane (each stem, the residual, then the original), linear.
    public func stemPeaks(_ id: StemsID) -> [Float] {
        control.withLock { state in
            guard let data = writer(id, state)?.data else { return [] }
            return (0...(data.laneCount)).map { Float(bitPattern: data.peaks[$0].load(ordering: .relaxed)) }
        }
    }

    private func writer(_ id: StemsID, _ state: ControlState) -> StemWriter? {
        guard isCurrent(id.track, state) else { return nil }
        return state.stemWriters[id.track.slot]
    }

    // MARK: Live sources

    /// Attaches a source rendered on the audio thread every period (see `LiveSource`).
    /// The engine streams continuously while any is attached.
    public func addLiveSource(_ source: any LiveSource) throws -> LiveSourceID {
        let slot: Int? = control.withLock { state in
            collectRetired(&state)
            guard let slot = state.sources.firstIndex(where: { $0 == nil }) else { return nil }
            state.sources[slot] = source
            send(.addSource(slot: slot, LiveSourceSlot(source: source)), &state)
            return slot
        }
        guard let slot else { throw PlaybackEngineError.tooManyLiveSources(sourceCapacity) }
        return LiveSourceID(slot: slot)
    }

    /// Detaches a live source. The engine keeps its reference until the audio thread has let go,
    /// then releases it on a control thread, never on the audio thread.
    public func removeLiveSource(_ id: LiveSourceID) {
        control.withLock { state in
            guard state.sources[id.slot] != nil, !state.releasing.contains(id.slot) else { return }
            state.releasing.insert(id.slot)
            send(.removeSource(slot: id.slot), &state)
        }
    }

    // MARK: Transport

    /// Plays from the playhead (from the start, or the loop's start, when it is at the end).
    public func play() { send(.play) }
    /// Pauses, keeping the playhead.
    public func pause() { send(.pause) }
    /// Stops and returns the playhead to the start (or the loop's start).
    public func stop() { send(.stop) }
    /// Moves the playhead to `frame` of the timeline.
    public func seek(toFrame frame: Int) { send(.seek(frame: frame)) }
    /// Moves the playhead to `seconds` into the timeline.
    public func seek(toSeconds seconds: Double) { seek(toFrame: Int((seconds * sink.sampleRate).rounded())) }
    /// Loops `frames` of the timeline (sample-accurately) or, with nil, stops looping.
    public func setLoop(frames: Range<Int>?) {
        send(.loop(start: frames?.lowerBound ?? 0, end: frames?.upperBound ?? 0))
    }
    /// Loops `seconds` of the timeline or, with nil, stops looping.
    public func setLoop(seconds: ClosedRange<Double>?) {
        setLoop(frames: seconds.map { Int(($0.lowerBound * sink.sampleRate).rounded())..<Int(($0.upperBound * sink.sampleRate).rounded()) })
    }

    // MARK: What the UI reads (lock-free)

    /// Transport state as of the last period.
    public var transport: TransportState {
        TransportState(rawValue: shared.atomics.pointee.transport.load(ordering: .relaxed)) ?? .stopped
    }
    /// The next timeline frame to be rendered. What is heard lags it by about `latencyFrames`.
    public var playheadFrame: Int { shared.atomics.pointee.playhead.load(ordering: .relaxed) }
    /// `playheadFrame` in seconds.
    public var playheadSeconds: Double { Double(playheadFrame) / sink.sampleRate }
    /// The end of the last track, in frames.
    public var lengthFrames: Int { control.withLock { $0.trackEnds.compactMap { $0 }.max() ?? 0 } }
    /// Device rate.
    public var sampleRate: Double { sink.sampleRate }
    /// Device channels.
    public var channelCount: Int { sink.channelCount }
    /// Peak of the last period per output channel, linear (0…1, more when clipping).
    public var peakLevels: [Float] {
        (0..<shared.channelCount).map { Float(bitPattern: shared.channelPeaks[$0].load(ordering: .relaxed)) }
    }
    /// Underruns the device reported (each recovered silently).
    public var underrunCount: Int { shared.atomics.pointee.underruns.load(ordering: .relaxed) }
    /// Frames streamed since the engine started: the time base of `LiveSource.render`.
    public var clock: Int64 { shared.atomics.pointee.clock.load(ordering: .acquiring) }
    /// Frames between rendering and hearing: the device buffer plus one period being rendered.
    public var latencyFrames: Int { sink.bufferFrames + sink.periodFrames }
    /// True once the device failed mid-stream and the engine went on with its null sink.
    public var deviceFailed: Bool { shared.atomics.pointee.deviceFailed.load(ordering: .acquiring) }

    // MARK: Plumbing

    private func send(_ command: EngineCommand) {
        control.withLock { send(command, &$0) }
    }

    private func send(_ command: consuming EngineCommand, _ state: inout ControlState) {
        collectRetired(&state)
        // We are the only producer, so once there is room the push cannot fail. A full queue
        // means the audio thread is 1024 commands behind: wait for it — unless it is not running
        // (never started, or shut down), when waiting would never end and the command is dropped.
        while shared.commands.count >= shared.commands.capacity {
            guard shared.atomics.pointee.running.load(ordering: .acquiring) else {
                if case .addTrack(_, let data) = command { data.free() }
                if case .attachStems(_, let data) = command { data.free() }
                return
            }
            usleep(1000)
        }
        shared.commands.tryPush(command)
        state.commandsSent += 1
        shared.wake.signal()
    }

    private func collectRetired(_ state: inout ControlState) {
        while let item = shared.retired.tryPop() {
            switch item {
            case .track(let data): data.free()
            case .stems(let data): data.free()
            case .sourceSlot(let slot):
                state.sources[slot] = nil   // the last reference may go here, off the audio thread
                state.releasing.remove(slot)
            }
        }
    }

    private func isCurrent(_ id: TrackID, _ state: ControlState) -> Bool {
        id.slot < state.generations.count && state.generations[id.slot] == id.generation && state.trackEnds[id.slot] != nil
    }

    /// Best effort: SCHED_FIFO needs RLIMIT_RTPRIO, which containers often lack; then the
    /// thread keeps normal priority.
    private static func raisePriority() {
        var parameters = sched_param()
        parameters.sched_priority = 10
        _ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
    }
}

/// The engine is full.
public enum PlaybackEngineError: Error, CustomStringConvertible, Sendable {
    /// All track slots are in use.
    case tooManyTracks(Int)
    /// All live-source slots are in use.
    case tooManyLiveSources(Int)

    /// One line for a status bar.
    public var description: String {
        switch self {
        case .tooManyTracks(let n): "the engine already plays \(n) tracks"
        case .tooManyLiveSources(let n): "the engine already has \(n) live sources"
        }
    }
}
