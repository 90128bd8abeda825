import Dispatch
import Foundation
import Synchronization

/// The audio thread: applies commands, mixes tracks and live sources one period at a time and
/// writes each period to the sink.
///
/// Everything here after `init` runs on the audio thread and touches only memory allocated in
/// `init`, plain values and atomics: no allocation, no locks, no logging, no I/O besides the
/// sink's blocking write (and, only while idle, a semaphore wait).
final class EngineRenderer: @unchecked Sendable {
    /// Kept alive for the pointers below; the render path uses only those (no reference counting).
    private let shared: EngineShared
    private let atomics: UnsafeMutablePointer<EngineAtomics>
    private let controls: UnsafeMutablePointer<TrackControls>
    private let channelPeaks: UnsafeMutablePointer<Atomic<UInt32>>
    private let commands: SPSCRing<EngineCommand>
    private let retired: SPSCRing<RetiredItem>
    private var sink: any AudioSink
    private let fallback: NullSink
    private let channels: Int
    private let periodFrames: Int

    private let tracks: UnsafeMutablePointer<TrackData?>
    private let trackCapacity: Int
    /// The gain each track ended the last period at, for click-free ramps.
    private let lastGains: UnsafeMutablePointer<Float>
    private let sources: UnsafeMutablePointer<LiveSourceSlot?>
    private let sourceCapacity: Int
    private var sourceCount = 0
    private let mix: UnsafeMutablePointer<Float>
    /// Each track slot's separated stems, if any.
    private let stems: UnsafeMutablePointer<StemData?>
    /// Each slot's A/B crossfade: 0 the original, 1 the stems.
    private let stemFade: UnsafeMutablePointer<Float>
    /// Each slot's lane gains at the end of the last period (`maxStems + 1` per slot), for click-free ramps.
    private let stemLastGains: UnsafeMutablePointer<Float>
    /// Scratch: this period's lane gain targets and lane peaks.
    private let laneTargets: UnsafeMutablePointer<Float>
    private let lanePeaks: UnsafeMutablePointer<Float>
    /// Frames an A/B switch takes: 10 ms at the device rate.
    private let crossfadeFrames: Int

    private var transport = TransportState.stopped
    private var playhead = 0
    private var loopStart = 0
    private var loopEnd = 0
    private var contentEnd = 0
    private var streaming = false
    private var clock: Int64 = 0

    init(shared: EngineShared, sink: any AudioSink, sourceCapacity: Int) {
        self.shared = shared
        atomics = shared.atomics
        controls = shared.controls
        channelPeaks = shared.channelPeaks
        commands = shared.commands.ring
        retired = shared.retired.ring
        self.sink = sink
        channels = sink.channelCount
        periodFrames = sink.periodFrames
        fallback = NullSink(sampleRate: sink.sampleRate, channelCount: channels, periodFrames: periodFrames,
                            name: "null (audio device failed)")
        trackCapacity = shared.trackCapacity
        tracks = .allocate(capacity: trackCapacity)
        tracks.initialize(repeating: nil, count: trackCapacity)
        lastGains = .allocate(capacity: trackCapacity)
        lastGains.initialize(repeating: 0, count: trackCapacity)
        self.sourceCapacity = sourceCapacity
        sources = .allocate(capacity: sourceCapacity)
        sources.initialize(repeating: nil, count: sourceCapacity)
        mix = .allocate(capacity: periodFrames * channels)
        mix.initialize(repeating: 0, count: periodFrames * channels)
        stems = .allocate(capacity: trackCapacity)
        stems.initialize(repeating: nil, count: trackCapacity)
        stemFade = .allocate(capacity: trackCapacity)
        stemFade.initialize(repeating: 0, count: trackCapacity)
        let lanes = StemData.maxStems + 1
        stemLastGains = .allocate(capacity: trackCapacity * lanes)
        stemLastGains.initialize(repeating: 0, count: trackCapacity * lanes)
        laneTargets = .allocate(capacity: lanes)
        laneTargets.initialize(repeating: 0, count: lanes)
        lanePeaks = .allocate(capacity: lanes + 1)
        lanePeaks.initialize(repeating: 0, count: lanes + 1)
        crossfadeFrames = max(1, Int(sink.sampleRate / 100))
    }

    /// Frees what the audio thread held. Only after the thread has ended.
    func tearDown() {
        for i in 0..<trackCapacity { tracks[i]?.free(); stems[i]?.free() }
        stems.deinitialize(count: trackCapacity)
        stems.deallocate()
        stemFade.deallocate()
        stemLastGains.deallocate()
        laneTargets.deallocate()
        lanePeaks.deallocate()
        tracks.deinitialize(count: trackCapacity)
        tracks.deallocate()
        lastGains.deallocate()
        sources.deinitialize(count: sourceCapacity)
        sources.deallocate()
        mix.deallocate()
    }

    /// The audio thread's body; returns when `shared.running` goes false.
    func run() {
        while atomics.pointee.running.load(ordering: .acquiring) {
            applyCommands()
            guard transport == .playing || sourceCount > 0 else {
                if streaming {
                    sink.drain()
                    streaming = false
                    for c in 0..<channels { channelPeaks[c].store(0, ordering: .relaxed) }
                    for t in 0..<trackCapacity { controls[t].peakBits.store(0, ordering: .relaxed) }
                }
                _ = shared.wake.wait(timeout: .now() + .milliseconds(20))
                continue
            }
            if !streaming {
                sink.start()
                streaming = true
            }
            let frames = renderPeriod()
            guard frames > 0 else { continue }
            switch sink.write(mix, frames: frames) {
            case .written: break
            case .recoveredFromUnderrun: atomics.pointee.underruns.add(1, ordering: .relaxed)
            case .failed:
                atomics.pointee.deviceFailed.store(true, ordering: .releasing)
                sink = fallback
                sink.start()
            }
            clock += Int64(frames)
            atomics.pointee.clock.store(clock, ordering: .releasing)
        }
        if streaming { sink.drain() }
    }

    // MARK: Commands

    #if !DEBUG   // the check needs specialised code: -O only (debug builds keep generics unspecialised)
    @_noAllocation
    #endif
    private func applyCommands() {
        var applied = 0
        while let command = commands.tryPop() {
            apply(command)
            applied += 1
        }
        if applied > 0 {
            atomics.pointee.playhead.store(playhead, ordering: .relaxed)
            atomics.pointee.transport.store(transport.rawValue, ordering: .relaxed)
            atomics.pointee.commandsApplied.add(applied, ordering: .releasing)
        }
    }

    private func apply(_ command: EngineCommand) {
        switch command {
        case .addTrack(let slot, let data):
            if let old = tracks[slot] { retire(.track(old)) }
            if let old = stems[slot] { retire(.stems(old)) }
            stems[slot] = nil
            tracks[slot] = data
            lastGains[slot] = controls[slot].gain
            updateContentEnd()
        case .removeTrack(let slot):
            if let old = tracks[slot] { retire(.track(old)) }
            if let old = stems[slot] { retire(.stems(old)) }
            stems[slot] = nil
            tracks[slot] = nil
            updateContentEnd()
        case .addSource(let slot, let source):
            if sources[slot] == nil { sourceCount += 1 }
            sources[slot] = source
        case .removeSource(let slot):
            if sources[slot] != nil {
                sourceCount -= 1
                sources[slot] = nil
                retire(.sourceSlot(slot))
            }
        case .attachStems(let slot, let data):
            if let old = stems[slot] { retire(.stems(old)) }
            stems[slot] = data
            stemFade[slot] = data.listenToStems.pointee.load(ordering: .relaxed) ? 1 : 0
            for lane in 0..<data.laneCount { stemLastGains[slot * (StemData.maxStems + 1) + lane] = data.gain(lane) }
        case .detachStems(let slot):
            if let old = stems[slot] { retire(.stems(old)) }
            stems[slot] = nil
        case .play:
            if transport != .playing {
                if playhead >= contentEnd {
                    if !looping { playhead = loopOrStart }
                }
            }
            transport = .playing
        case .pause:
            if transport == .playing { transport = .paused }
        case .stop:
            transport = .stopped
            playhead = loopOrStart
        case .seek(let frame):
            playhead = max(0, frame)
        case .loop(let start, let end):
            loopStart = max(0, start)
            loopEnd = max(loopStart, end)
        }
    }

    private var looping: Bool { loopEnd > loopStart }
    private var loopOrStart: Int { looping ? loopStart : 0 }

    /// Hands an item to the control thread to free. There is always room: every command retires
    /// at most one item, the control side empties `retired` before each send, and both queues
    /// have the same capacity.
    private func retire(_ item: RetiredItem) {
        retired.push(item)
    }

    private func updateContentEnd() {
        contentEnd = 0
        for i in 0..<trackCapacity { if let track = tracks[i] { contentEnd = max(contentEnd, track.end) } }
    }

    // MARK: Rendering

    /// One period: the tracks, then the live sources, then the meters. Returns how many frames
    /// to write: a whole period, or fewer when playback ran off the end with nothing live to keep
    /// streaming (so a file device gets exactly the track's frames), or 0.
    ///
    /// `mixTracks` and `measurePeaks` are `@_noLocks`: the compiler proves them free of locks,
    /// allocation and reference counting. The live-source call cannot be, only because calling
    /// through an `unowned(unsafe)` existential retains it for the call; that object cannot be
    /// freed there (the control side holds it), so the cost is one atomic increment and decrement.
    private func renderPeriod() -> Int {
        var frames = mixTracks()
        if sourceCount > 0 {
            frames = periodFrames
            for s in 0..<sourceCapacity {
                if let slot = sources[s] {
                    slot.source.render(into: mix, frames: periodFrames, channelCount: channels, at: clock)
                }
            }
        }
        measurePeaks(frames: frames)
        return frames
    }

    /// Clears `mix` and mixes the tracks into it from the playhead, following the loop and
    /// stopping at the end. Returns the frames of track audio rendered.
    #if !DEBUG   // the check needs specialised code: -O only (debug builds keep generics unspecialised)
    @_noAllocation
    #endif
    private func mixTracks() -> Int {
        let total = periodFrames * channels
        for i in 0..<total { mix[i] = 0 }
        var anySolo = false
        // (No `&&` here or below: its autoclosure would retain self on the audio thread.)
        for t in 0..<trackCapacity where tracks[t] != nil {
            if controls[t].soloed.load(ordering: .relaxed) { anySolo = true }
        }
        var done = 0
        if transport == .playing {
            while done < periodFrames {
                var chunk = periodFrames - done
                let insideLoop = looping ? playhead < loopEnd : false
                if insideLoop {
                    chunk = min(chunk, loopEnd - playhead)
                } else {
                    chunk = min(chunk, contentEnd - playhead)
                }
                if chunk <= 0 {
                    transport = .paused   // ran off the end
                    break
                }
                mixTracks(from: playhead, frames: chunk, into: mix + done * channels, anySolo: anySolo,
                          rampStart: done, rampLength: periodFrames)
                playhead += chunk
                done += chunk
                if looping {
                    if playhead >= loopEnd { playhead = loopStart }
                }
            }
            atomics.pointee.playhead.store(playhead, ordering: .relaxed)
            atomics.pointee.transport.store(transport.rawValue, ordering: .relaxed)
        }
        for t in 0..<trackCapacity where tracks[t] != nil {
            lastGains[t] = targetGain(t, anySolo: anySolo)
            if let layer = stems[t] {
                for lane in 0..<layer.laneCount { stemLastGains[t * (StemData.maxStems + 1) + lane] = layer.gain(lane) }
                if transport != .playing {
                    stemFade[t] = layer.listenToStems.pointee.load(ordering: .relaxed) ? 1 : 0
                }
            }
        }
        return done
    }

    /// Publishes the peak of each output channel over the first `frames` frames of `mix`.
    #if !DEBUG   // the check needs specialised code: -O only (debug builds keep generics unspecialised)
    @_noAllocation
    #endif
    private func measurePeaks(frames: Int) {
        for c in 0..<channels {
            var peak: Float = 0
            var i = c
            while i < frames * channels {
                peak = max(peak, abs(mix[i]))
                i += channels
            }
            channelPeaks[c].store(peak.bitPattern, ordering: .relaxed)
        }
    }

    private func targetGain(_ slot: Int, anySolo: Bool) -> Float {
        if controls[slot].muted.load(ordering: .relaxed) { return 0 }
        if anySolo {
            if !controls[slot].soloed.load(ordering: .relaxed) { return 0 }
        }
        return controls[slot].gain
    }

    /// Adds every audible track's frames `[start, start + frames)` of the timeline into `out`,
    /// ramping each gain from last period's value across the period so changes never click.
    private func mixTracks(from start: Int, frames: Int, into out: UnsafeMutablePointer<Float>, anySolo: Bool,
                           rampStart: Int, rampLength: Int) {
        for t in 0..<trackCapacity {
            guard let track = tracks[t] else { continue }
            let target = targetGain(t, anySolo: anySolo)
            let from = lastGains[t]
            var peak: Float = 0
            let first = max(start, track.offset), last = min(start + frames, track.end)
            if let layer = stems[t] {
                if first < last {
                    mixStems(t, track, layer, first: first, last: last, start: start, into: out, gainFrom: from,
                             gainTarget: target, rampStart: rampStart, rampLength: rampLength)
                } else if rampStart == 0 {
                    for lane in 0...(layer.laneCount) { layer.peaks[lane].store(0, ordering: .relaxed) }
                }
                continue
            }
            if (target != 0 || from != 0) && first < last {
                let step = (target - from) / Float(rampLength)
                for frame in first..<last {
                    let gain = from + step * Float(rampStart + frame - start + 1)
                    let src = track.samples + (frame - track.offset) * channels
                    let dst = out + (frame - start) * channels
                    for c in 0..<channels {
                        let value = src[c] * gain
                        dst[c] += value
                        peak = max(peak, abs(value))
                    }
                }
            }
            if rampStart == 0 || peak > 0 { controls[t].peakBits.store(peak.bitPattern, ordering: .relaxed) }
        }
    }

    /// Adds frames `[first, last)` of a track with stems into `out` (which starts at timeline frame `start`):
    /// each frame is the original crossfaded with the stems side, where the stems side is the sum of the
    /// stems at their lane gains plus the residual (original − all stems) at its gain, or the original itself
    /// where separation has not reached yet. The A/B crossfade moves by `1/crossfadeFrames` a frame, so a
    /// switch is a 10 ms equal-gain fade at the same playhead: no gap, no click. Lane gains ramp across the
    /// period like track gains. Publishes each lane's peak.
    #if !DEBUG   // the check needs specialised code: -O only (debug builds keep generics unspecialised)
    @_noAllocation @_noLocks
    #endif
    private func mixStems(_ t: Int, _ track: TrackData, _ layer: StemData, first: Int, last: Int, start: Int,
                          into out: UnsafeMutablePointer<Float>, gainFrom: Float, gainTarget: Float,
                          rampStart: Int, rampLength: Int) {
        let lanes = layer.laneCount, stemCount = layer.stemCount
        let last0 = stemLastGains + t * (StemData.maxStems + 1)
        for lane in 0..<lanes {
            laneTargets[lane] = layer.gain(lane)
            lanePeaks[lane] = 0
        }
        var mixPeak: Float = 0
        let fadeTarget: Float = layer.listenToStems.pointee.load(ordering: .relaxed) ? 1 : 0
        let fadeStep = 1 / Float(crossfadeFrames)
        var fade = stemFade[t]
        let gainStep = (gainTarget - gainFrom) / Float(rampLength)
        for frame in first..<last {
            let position = Float(rampStart + frame - start + 1)
            let gain = gainFrom + gainStep * position
            if fade < fadeTarget { fade = min(fadeTarget, fade + fadeStep) }
            if fade > fadeTarget { fade = max(fadeTarget, fade - fadeStep) }
            let i = frame - track.offset
            let src = track.samples + i * channels
            let dst = out + (frame - start) * channels
            let separated = layer.isSeparated(i)
            let stemFrame = layer.samples + i * stemCount * channels
            for c in 0..<channels {
                let original = src[c]
                var side = original
                if separated {
                    var sum: Float = 0, raw: Float = 0
                    for s in 0..<stemCount {
                        let v = stemFrame[s * channels + c]
                        let g = last0[s] + (laneTargets[s] - last0[s]) * position / Float(rampLength)
                        raw += v
                        sum += v * g
                        lanePeaks[s] = max(lanePeaks[s], abs(v * g * gain))
                    }
                    let residual = original - raw
                    let g = last0[stemCount] + (laneTargets[stemCount] - last0[stemCount]) * position / Float(rampLength)
                    sum += residual * g
                    lanePeaks[stemCount] = max(lanePeaks[stemCount], abs(residual * g * gain))
                    side = sum
                }
                let value = gain * ((1 - fade) * original + fade * side)
                dst[c] += value
                mixPeak = max(mixPeak, abs(original * gain))
            }
        }
        stemFade[t] = fade
        for lane in 0..<lanes { layer.peaks[lane].store(lanePeaks[lane].bitPattern, ordering: .relaxed) }
        layer.peaks[lanes].store(mixPeak.bitPattern, ordering: .relaxed)
        controls[t].peakBits.store(mixPeak.bitPattern, ordering: .relaxed)
    }
}
