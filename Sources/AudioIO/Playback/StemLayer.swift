import CSoxr
import Synchronization

/// A track's separated stems as the audio thread reads them: interleaved at the engine's rate, laid out
/// `[frame][stem][channel]` beside the track's own samples, filled by a control thread chunk by chunk.
///
/// Plain values and pointers only, like `TrackData`. The control side writes frames at and after `ready`
/// and then publishes the new `ready` with a releasing store; the audio thread reads it acquiring and
/// touches only frames before it, so the two never share a frame.
struct StemData {
    /// The most stems a track can carry (the lanes add one residual).
    static let maxStems = 8

    let samples: UnsafeMutablePointer<Float>
    let stemCount: Int
    let frames: Int
    let channels: Int
    /// Frames separated so far (engine rate, track-local).
    let ready: UnsafeMutablePointer<Atomic<Int>>
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
        listenToStems.deinitialize(count: 1); listenToStems.deallocate()
        gains.deinitialize(count: stemCount + 1); gains.deallocate()
        peaks.deinitialize(count: stemCount + 2); peaks.deallocate()
    }

    func gain(_ lane: Int) -> Float { Float(bitPattern: gains[lane].load(ordering: .relaxed)) }
}

/// The control side of one track's stems: turns chunks at the song's rate into engine-rate frames (a
/// streaming libsoxr resampler per stem and channel, so chunk joins are seamless) and publishes them.
/// Used only under the engine's control lock (hence `@unchecked Sendable`).
final class StemWriter: @unchecked Sendable {
    let data: StemData
    let track: TrackID
    private let sourceChannels: Int
    private let ratio: Double
    /// One resampler per (stem, source channel); empty when the rates match.
    private var resamplers: [OpaquePointer] = []
    private var written = 0
    private var finished = false

    init(data: StemData, track: TrackID, sourceRate: Double, engineRate: Double, sourceChannels: Int) throws {
        self.data = data
        self.track = track
        self.sourceChannels = sourceChannels
        ratio = engineRate / sourceRate
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

    /// Appends `parts[stem][channel]` (the next contiguous run at the song's rate) and publishes it.
    func append(_ parts: [[[Float]]]) {
        guard !finished, parts.count == data.stemCount else { return }
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
        if !resamplers.isEmpty {
            write((0..<data.stemCount).map { s in (0..<sourceChannels).map { c in process(resamplers[s * sourceChannels + c], nil) } })
        }
        finished = true
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

    /// Writes engine-rate `parts[stem][sourceChannel]` after what is there and publishes the new frontier.
    private func write(_ parts: [[[Float]]]) {
        let count = min(parts.first?.first?.count ?? 0, data.frames - written)
        guard count > 0 else { return }
        let channels = data.channels, stems = data.stemCount
        for s in 0..<stems {
            for c in 0..<channels {
                let source = parts[s][min(c, parts[s].count - 1)]
                var p = data.samples + (written * stems + s) * channels + c
                for f in 0..<count {
                    p.pointee = source[f]
                    p += stems * channels
                }
            }
        }
        written += count
        data.ready.pointee.store(written, ordering: .releasing)
    }
}

/// A track's stems in a `PlaybackEngine`, valid until detached or the track is removed.
public struct StemsID: Hashable, Sendable {
    let track: TrackID
}
