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
    private let shared: EngineShared
    private var sink: any AudioSink
    private let fallback: NullSink
    private let channels: Int
    private let periodFrames: Int

    private let tracks: UnsafeMutablePointer<TrackData?>
    private let trackCapacity: Int
    /// The gain each track ended the last period at, for click-free ramps.
    private let lastGains: UnsafeMutablePointer<Float>
    private let sources: UnsafeMutablePointer<(any LiveSource)?>
    private let sourceCapacity: Int
    private var sourceCount = 0
    private let mix: UnsafeMutablePointer<Float>

    private var transport = TransportState.stopped
    private var playhead = 0
    private var loopStart = 0
    private var loopEnd = 0
    private var contentEnd = 0
    private var streaming = false
    private var clock: Int64 = 0

    init(shared: EngineShared, sink: any AudioSink, sourceCapacity: Int) {
        self.shared = shared
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
    }

    /// Frees what the audio thread held. Only after the thread has ended.
    func tearDown() {
        for i in 0..<trackCapacity { tracks[i]?.free() }
        tracks.deinitialize(count: trackCapacity)
        tracks.deallocate()
        lastGains.deallocate()
        sources.deinitialize(count: sourceCapacity)
        sources.deallocate()
        mix.deallocate()
    }

    /// The audio thread's body; returns when `shared.running` goes false.
    func run() {
        while shared.running.load(ordering: .acquiring) {
            applyCommands()
            guard transport == .playing || sourceCount > 0 else {
                if streaming {
                    sink.drain()
                    streaming = false
                    for c in 0..<channels { shared.channelPeaks[c].store(0, ordering: .relaxed) }
                    for t in 0..<trackCapacity { shared.controls[t].peakBits.store(0, ordering: .relaxed) }
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
            case .recoveredFromUnderrun: shared.underruns.add(1, ordering: .relaxed)
            case .failed:
                shared.deviceFailed.store(true, ordering: .releasing)
                sink = fallback
                sink.start()
            }
            clock += Int64(frames)
            shared.clock.store(clock, ordering: .releasing)
        }
        if streaming { sink.drain() }
    }

    // MARK: Commands

    private func applyCommands() {
        var applied = 0
        while let command = shared.commands.tryPop() {
            apply(command)
            applied += 1
        }
        if applied > 0 {
            shared.playhead.store(playhead, ordering: .relaxed)
            shared.transport.store(transport.rawValue, ordering: .relaxed)
            shared.commandsApplied.add(applied, ordering: .releasing)
        }
    }

    private func apply(_ command: EngineCommand) {
        switch command {
        case .addTrack(let slot, let data):
            if let old = tracks[slot] { retire(.track(old)) }
            tracks[slot] = data
            lastGains[slot] = shared.controls[slot].gain
            updateContentEnd()
        case .removeTrack(let slot):
            if let old = tracks[slot] { retire(.track(old)) }
            tracks[slot] = nil
            updateContentEnd()
        case .addSource(let slot, let source):
            if let old = sources[slot] { retire(.source(old)) } else { sourceCount += 1 }
            sources[slot] = source
        case .removeSource(let slot):
            if let old = sources[slot] {
                retire(.source(old))
                sourceCount -= 1
            }
            sources[slot] = nil
        case .play:
            if transport != .playing && playhead >= contentEnd && !looping { playhead = loopOrStart }
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

    /// Hands an item to the control thread to free; if its queue is full, keeps it (a leak)
    /// rather than freeing on the audio thread.
    private func retire(_ item: consuming RetiredItem) {
        _ = shared.retired.tryPush(item)
    }

    private func updateContentEnd() {
        contentEnd = 0
        for i in 0..<trackCapacity { if let track = tracks[i] { contentEnd = max(contentEnd, track.end) } }
    }

    // MARK: Rendering

    /// Fills `mix` and returns how many frames to write: a whole period, or fewer when playback
    /// ran off the end with nothing live to keep streaming (so a file device gets exactly the
    /// track's frames), or 0.
    private func renderPeriod() -> Int {
        let total = periodFrames * channels
        for i in 0..<total { mix[i] = 0 }
        var anySolo = false
        for t in 0..<trackCapacity where tracks[t] != nil && shared.controls[t].soloed.load(ordering: .relaxed) {
            anySolo = true
        }
        var done = 0
        if transport == .playing {
            while done < periodFrames {
                var chunk = periodFrames - done
                if looping && playhead < loopEnd {
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
                if looping && playhead >= loopEnd { playhead = loopStart }
            }
            shared.playhead.store(playhead, ordering: .relaxed)
            shared.transport.store(transport.rawValue, ordering: .relaxed)
        }
        for t in 0..<trackCapacity where tracks[t] != nil { lastGains[t] = targetGain(t, anySolo: anySolo) }
        var frames = done
        if sourceCount > 0 {
            frames = periodFrames
            for s in 0..<sourceCapacity {
                sources[s]?.render(into: mix, frames: periodFrames, channelCount: channels, at: clock)
            }
        }
        for c in 0..<channels {
            var peak: Float = 0
            var i = c
            while i < frames * channels {
                peak = max(peak, abs(mix[i]))
                i += channels
            }
            shared.channelPeaks[c].store(peak.bitPattern, ordering: .relaxed)
        }
        return frames
    }

    private func targetGain(_ slot: Int, anySolo: Bool) -> Float {
        if shared.controls[slot].muted.load(ordering: .relaxed) { return 0 }
        if anySolo && !shared.controls[slot].soloed.load(ordering: .relaxed) { return 0 }
        return shared.controls[slot].gain
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
            if rampStart == 0 || peak > 0 { shared.controls[t].peakBits.store(peak.bitPattern, ordering: .relaxed) }
        }
    }
}
