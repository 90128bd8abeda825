import CSoxr
import Synchronization

/// A track's separated stems as the audio thread reads them: interleaved at the engine's rate, laid out
/// `[frame][stem][channel]` beside the track's own samples, filled by a control thread chunk by chunk.
///
/// Plain values and pointers only, like `TrackData`. Separation may arrive out of order (from the playhead
/// first), so readiness is kept per block of `blockFrames`: the control side writes a block's frames and, once
/// the whole block is written, publishes it with a releasing store of its flag; the audio thread reads the flag
/// acquiring and touches the stems only in ready blocks, so the two never share a frame.
struct StemData {
    /// The most stems a track can carry (the lanes add one residual).
    static let maxStems = 8
    /// Frames per readiness block.
    static let blockFrames = 1024

    let samples: UnsafeMutablePointer<Float>
    let stemCount: Int
    let frames: Int
    let channels: Int
    /// Frames separated so far (engine rate), for the control side's reports.
    let ready: UnsafeMutablePointer<Atomic<Int>>
    /// Per block of `blockFrames`: every frame of it is separated.
    let blocks: UnsafeMutablePointer<Atomic<Bool>>
    let blockCount: Int
    /// True: the stems side (B) sounds; false: the original (A).
    let listenToStems: UnsafeMutablePointer<Atomic<Bool>>
    /// Linear gain per lane as Float bits: each stem, then the residual (original − sum of stems).
    let gains: UnsafeMutablePointer<Atomic<UInt32>>
    /// Post-fader peak of the last period per lane as Float bits: each stem, the residual, then the original.
    let peaks: UnsafeMutablePointer<Atomic<UInt32>>

    var laneCount: Int { stemCount + 1 }

    init(stemCount: Int, frames: Int, channels: Int) {
        self.stemCount = stemCount
        self.frames = frames
        self.channels = channels
        samples = .allocate(capacity: max(1, frames * stemCount * channels))
        samples.initialize(repeating: 0, count: max(1, frames * stemCount * channels))
        ready = .allocate(capacity: 1)
        ready.initialize(to: Atomic(0))
        blockCount = max(1, (frames + Self.blockFrames - 1) / Self.blockFrames)
        blocks = .allocate(capacity: blockCount)
        for i in 0..<blockCount { (blocks + i).initialize(to: Atomic(false)) }
        listenToStems = .allocate(capacity: 1)
        listenToStems.initialize(to: Atomic(false))
        gains = .allocate(capacity: stemCount + 1)
        for i in 0...stemCount { (gains + i).initialize(to: Atomic(Float(i < stemCount ? 1 : 0).bitPattern)) }
        peaks = .allocate(capacity: stemCount + 2)
        for i in 0...(stemCount + 1) { (peaks + i).initialize(to: Atomic(0)) }
    }

    func free() {
        samples.deallocate()
        ready.deinitialize(count: 1); ready.deallocate()
        blocks.deinitialize(count: blockCount); blocks.deallocate()
        listenToStems.deinitialize(count: 1); listenToStems.deallocate()
        gains.deinitialize(count: stemCount + 1); gains.deallocate()
        peaks.deinitialize(count: stemCount + 2); peaks.deallocate()
    }

    func gain(_ lane: Int) -> Float { Float(bitPattern: gains[lane].load(ordering: .relaxed)) }

    /// Whether track frame `i` is separated (audio thread).
    func isSeparated(_ i: Int) -> Bool {
        i < frames ? blocks[i / Self.blockFrames].load(ordering: .acquiring) : false
    }
}

/// The control side of one track's stems: turns chunks at the song's rate into engine-rate frames (a
/// streaming libsoxr resampler per stem and channel, so the joins of contiguous chunks are seamless) and
/// publishes them. A chunk that does not continue the last one starts a new stream (the resamplers are
/// flushed and cleared); frames already written are never written again.
/// Used only under the engine's control lock (hence `@unchecked Sendable`).
final class StemWriter: @unchecked Sendable {
    let data: StemData
    let track: TrackID
    private let sourceChannels: Int
    private let ratio: Double
    /// One resampler per (stem, source channel); empty when the rates match.
    private var resamplers: [OpaquePointer] = []
    /// The next engine frame of the current stream, and the next song frame it expects (nil: no stream yet).
    private var position = 0
    private var streamNext: Int?
    private var finished = false
    /// Engine frames written, and how many of each block.
    private var covered: [Bool]
    private var blockCovered: [Int]
    private var total = 0

    init(data: StemData, track: TrackID, sourceRate: Double, engineRate: Double, sourceChannels: Int) throws {
        self.data = data
        self.track = track
        self.sourceChannels = sourceChannels
        ratio = engineRate / sourceRate
        covered = [Bool](repeating: false, count: data.frames)
        blockCovered = [Int](repeating: 0, count: data.blockCount)
        if sourceRate != engineRate {
            var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
            var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
            for _ in 0..<(data.stemCount * sourceChannels) {
                var error: soxr_error_t?
                guard let r = soxr_create(sourceRate, engineRate, 1, &error, &io, &quality, nil), error == nil else {
                    resamplers.forEach { soxr_delete($0) }
                    throw ResamplerError(message: error.map { String(cString: $0) } ?? "soxr_create failed")
                }
                resamplers.append(r)
            }
        }
    }

    deinit { resamplers.forEach { soxr_delete($0) } }

    /// Writes `parts[stem][channel]`, the song's frames from `start` on (nil: right after the last run), and
    /// publishes the blocks it completes.
    func append(_ parts: [[[Float]]], at start: Int? = nil) {
        guard !finished, parts.count == data.stemCount else { return }
        let start = start ?? streamNext ?? 0
        if start != streamNext {
            flush()
            position = Int((Double(start) * ratio).rounded())
        }
        streamNext = start + (parts.first?.first?.count ?? 0)
        if resamplers.isEmpty {
            write(parts)
        } else {
            write(parts.enumerated().map { s, channels in
                channels.prefix(sourceChannels).enumerated().map { c, samples in
                    process(resamplers[s * sourceChannels + c], samples)
                }
            })
        }
    }

    /// Flushes the resamplers' tails: the stems are complete.
    func finish() {
        guard !finished else { return }
        flush()
        finished = true
    }

    /// Ends the current stream: writes the resamplers' tails and clears them for a new one.
    private func flush() {
        guard streamNext != nil, !resamplers.isEmpty else { return }
        write((0..<data.stemCount).map { s in (0..<sourceChannels).map { c in process(resamplers[s * sourceChannels + c], nil) } })
        resamplers.forEach { _ = soxr_clear($0) }
    }

    private func process(_ r: OpaquePointer, _ input: [Float]?) -> [Float] {
        var output = [Float]()
        var chunk = [Float](repeating: 0, count: Int(Double(input?.count ?? 0) * ratio) + 4096)
        if let input {
            var consumed = 0
            while consumed < input.count {
                var idone = 0, odone = 0
                input.withUnsafeBufferPointer { inp in
                    chunk.withUnsafeMutableBufferPointer { out in
                        _ = soxr_process(r, inp.baseAddress! + consumed, input.count - consumed, &idone,
                                         out.baseAddress, out.count, &odone)
                    }
                }
                output += chunk[0..<odone]
                consumed += idone
                if idone == 0 && odone == 0 { break }
            }
        } else {
            while true {
                var odone = 0
                chunk.withUnsafeMutableBufferPointer { out in
                    _ = soxr_process(r, nil, 0, nil, out.baseAddress, out.count, &odone)
                }
                if odone == 0 { break }
                output += chunk[0..<odone]
            }
        }
        return output
    }

    /// Writes engine-rate `parts[stem][sourceChannel]` from `position` on, skipping frames already written,
    /// and publishes every block it completes.
    private func write(_ parts: [[[Float]]]) {
        let first = position, count = min(parts.first?.first?.count ?? 0, data.frames - position)
        position += parts.first?.first?.count ?? 0
        guard count > 0 else { return }
        let channels = data.channels, stems = data.stemCount
        for f in 0..<count where !covered[first + f] {
            let frame = data.samples + (first + f) * stems * channels
            for s in 0..<stems {
                for c in 0..<channels { frame[s * channels + c] = parts[s][min(c, parts[s].count - 1)][f] }
            }
        }
        for f in first..<(first + count) where !covered[f] {
            covered[f] = true
            total += 1
            let b = f / StemData.blockFrames
            blockCovered[b] += 1
            let blockLength = min(StemData.blockFrames, data.frames - b * StemData.blockFrames)
            if blockCovered[b] == blockLength { data.blocks[b].store(true, ordering: .releasing) }
        }
        data.ready.pointee.store(total, ordering: .relaxed)
    }
}

/// A track's stems in a `PlaybackEngine`, valid until detached or the track is removed.
public struct StemsID: Hashable, Sendable {
    let track: TrackID
}
