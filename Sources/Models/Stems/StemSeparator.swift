import Signal

/// Audio in, named stems out: a song split into parts, chunk by chunk, in bounded working memory.
///
/// The classical methods (`hpss`, `repet`) run on fixed chunks that overlap by `overlapSeconds`;
/// each chunk is separated alone and neighbours are joined with a linear cross-fade. Every
/// method's masks share each bin between its stems, so the stems add back up to the input. The
/// work per chunk does not grow with the song (REPET-SIM's similarity matrix is per chunk), so
/// any length separates; only the stems themselves, which the caller asked for, grow with it.
/// `unet` runs the trained four-stem U-Net (`UNetSeparator`) on all channels of a chunk together.
public struct StemSeparator: Sendable {
    /// How the song is split.
    public enum Method: String, CaseIterable, Sendable {
        /// Harmonic/percussive by median filtering (Fitzgerald 2010): stems `harmonic`, `percussive`.
        case hpss
        /// Repeating background/foreground (REPET-SIM, Rafii & Pardo 2012): stems `background`, `foreground`.
        case repet
        /// The trained U-Net with its Wiener post-filter (`UNetSeparator`): stems `vocals`, `drums`, `bass`, `other`.
        case unet

        /// The stems this method makes, in order.
        public var stemNames: [String] {
            switch self {
            case .hpss: ["harmonic", "percussive"]
            case .repet: ["background", "foreground"]
            case .unet: ["vocals", "drums", "bass", "other"]
            }
        }
    }

    /// Converts one channel between rates: `(samples, from, to)`. The U-Net runs at its own rate (44.1 kHz); a
    /// song at another rate is resampled in and its stems back out through this (the app passes
    /// `AudioIO.Resampler.resample`). Without one, such a song is refused.
    public typealias Resampling = @Sendable ([Float], Double, Double) throws -> [Float]

    /// The method.
    public var method: Method
    /// Length of a chunk in seconds (REPET-SIM finds repeats only within one).
    public var chunkSeconds: Double
    /// Overlap of neighbouring chunks in seconds, cross-faded.
    public var overlapSeconds: Double

    /// The model `unet` runs (nil for the classical methods).
    public var unet: UNetSeparator?
    /// How a song at a rate other than the U-Net's is converted (see `Resampling`).
    public var resampling: Resampling?

    /// A separator by `method`, 20-second chunks overlapping by 1 second by default.
    public init(method: Method, chunkSeconds: Double = 20, overlapSeconds: Double = 1) {
        self.method = method
        self.chunkSeconds = chunkSeconds
        self.overlapSeconds = overlapSeconds
    }

    /// A U-Net separator: `model` on 10-second chunks overlapping by 1 second, `resampling` for other rates.
    public init(unet model: UNetSeparator, resampling: Resampling? = nil, chunkSeconds: Double = 10, overlapSeconds: Double = 1) {
        self.init(method: .unet, chunkSeconds: chunkSeconds, overlapSeconds: overlapSeconds)
        unet = model
        self.resampling = resampling
    }

    /// The STFT for `sampleRate`: about 46 ms windows (2048 at 44.1 kHz), a quarter-window hop.
    static func stft(sampleRate: Double) -> STFT {
        var size = 256
        while Double(size) < 0.046 * sampleRate { size *= 2 }
        return STFT(fftSize: size, hop: size / 4, maxThreads: 1)
    }

    /// Separates one chunk of every channel into this method's parts: parts[stem][channel].
    func separateChunk(_ channels: [[Float]], sampleRate: Double) -> [[[Float]]] {
        if method == .unet, let unet {
            // The network takes stereo pairs: a lone (or odd last) channel goes in twice and its first copy comes back.
            var parts = [[[Float]]](repeating: [], count: unet.stemNames.count)
            for first in stride(from: 0, to: channels.count, by: 2) {
                let pair = first + 1 < channels.count
                let separated = unet.separate(left: channels[first], right: channels[pair ? first + 1 : first])
                for s in parts.indices {
                    parts[s].append(separated[s][0])
                    if pair { parts[s].append(separated[s][1]) }
                }
            }
            return parts
        }
        var parts = [[[Float]]](repeating: [], count: method.stemNames.count)
        for channel in channels {
            let separated = separateMono(channel, sampleRate: sampleRate)
            for s in parts.indices { parts[s].append(separated[s]) }
        }
        return parts
    }

    /// Separates one mono chunk by a classical method.
    func separateMono(_ samples: [Float], sampleRate: Double) -> [[Float]] {
        let stft = Self.stft(sampleRate: sampleRate)
        switch method {
        case .hpss:
            let (h, p) = HarmonicPercussiveSeparator(stft: stft).separate(samples)
            return [h, p]
        case .repet:
            // Chosen frames at least ~0.25 s apart, so a held note does not count as a repeat.
            let frameRate = sampleRate / Double(stft.hop)
            let separator = RepeatingPatternSeparator(stft: stft, neighbourCount: 10,
                                                      minimumSeparation: max(1, Int(0.25 * frameRate)))
            let (b, f) = separator.separate(samples)
            return [b, f]
        case .unet:
            preconditionFailure("the U-Net separates whole chunks")
        }
    }

    /// Separates `channels` (equal lengths) at `sampleRate` into this method's stems.
    ///
    /// `progress` is called after each chunk with the fraction done (0…1) and returns whether to go on;
    /// returning false throws `StemSeparationError.cancelled`.
    public func separate(channels: [[Float]], sampleRate: Double,
                         progress: (Double) -> Bool = { _ in true }) throws(StemSeparationError) -> [Stem] {
        var stems = method.stemNames.map { Stem(name: $0, channels: channels.map { [Float](repeating: 0, count: $0.count) }) }
        try separate(channels: channels, sampleRate: sampleRate, progress: progress) { start, parts in
            for (s, part) in parts.enumerated() {
                for (c, samples) in part.enumerated() {
                    stems[s].channels[c].replaceSubrange(start..<(start + samples.count), with: samples)
                }
            }
        }
        return stems
    }

    /// Separates chunk by chunk, handing each finished run of samples to `emit` in order:
    /// `emit(start, parts)` with `parts[stem][channel]` the samples from frame `start` on.
    /// Runs are contiguous and cover the input once, so a caller can stream them to disk.
    public func separate(channels: [[Float]], sampleRate: Double, progress: (Double) -> Bool,
                         emit: (Int, [[[Float]]]) -> Void) throws(StemSeparationError) {
        guard let length = channels.first?.count else { throw .badInput("the audio has no channels") }
        guard channels.allSatisfy({ $0.count == length }) else { throw .badInput("the channels differ in length") }
        guard sampleRate.isFinite, sampleRate >= 1000 else { throw .badInput("sample rate \(sampleRate) Hz") }
        guard chunkSeconds > 2 * overlapSeconds, overlapSeconds >= 0 else {
            throw .badInput("chunks of \(chunkSeconds) s cannot overlap by \(overlapSeconds) s")
        }
        guard length > 0 else { throw .badInput("the audio is empty (0 samples)") }
        if method == .unet {
            guard let unet else { throw .badInput("no U-Net model is loaded") }
            if sampleRate != unet.sampleRate {
                guard let resampling else {
                    throw .badInput("\(Int(sampleRate)) Hz audio needs resampling to \(Int(unet.sampleRate)) Hz, and none was given")
                }
                try separateResampled(channels: channels, sampleRate: sampleRate, model: unet.sampleRate,
                                      resampling: resampling, progress: progress, emit: emit)
                return
            }
        }
        try separate(length: length, sampleRate: sampleRate, read: { range in channels.map { Array($0[range]) } },
                     progress: progress, emit: emit)
    }

    /// Separates a recording of `length` frames at `sampleRate` read a chunk at a time: `read(range)` returns
    /// those frames of every channel, or nil when reading failed (the caller keeps the reason). Ranges come in
    /// order, each starting at most an overlap before the previous one's end, so a file can be read as a stream
    /// and only a chunk is ever held. For the classical methods, and for the U-Net at its own rate.
    public func separate(length: Int, sampleRate: Double, read: (Range<Int>) -> [[Float]]?, progress: (Double) -> Bool,
                         emit: (Int, [[[Float]]]) -> Void) throws(StemSeparationError) {
        guard length > 0 else { throw .badInput("the audio is empty (0 samples)") }
        guard chunkSeconds > 2 * overlapSeconds, overlapSeconds >= 0 else {
            throw .badInput("chunks of \(chunkSeconds) s cannot overlap by \(overlapSeconds) s")
        }
        if method == .unet {
            guard let unet else { throw .badInput("no U-Net model is loaded") }
            guard sampleRate == unet.sampleRate else {
                throw .badInput("\(Int(sampleRate)) Hz audio must be resampled to \(Int(unet.sampleRate)) Hz first")
            }
        }
        let chunk = max(1, Int(chunkSeconds * sampleRate))
        let overlap = min(Int(overlapSeconds * sampleRate), chunk / 2)
        let stemCount = method.stemNames.count
        // The previous chunk's separated last `overlap` samples, faded out under the next chunk.
        var tail: [[[Float]]] = []
        var start = 0
        while true {
            let end = min(start + chunk, length)
            let isLast = end == length
            guard let input = read(start..<end), input.allSatisfy({ $0.count == end - start }) else {
                throw .badInput("reading frames \(start)..<\(end) failed")
            }
            var parts = separateChunk(input, sampleRate: sampleRate)
            if !tail.isEmpty {
                let fade = min(overlap, end - start)
                for s in 0..<stemCount {
                    for c in parts[s].indices {
                        for i in 0..<fade {
                            let w = Float(i + 1) / Float(fade + 1)
                            parts[s][c][i] = tail[s][c][i] * (1 - w) + parts[s][c][i] * w
                        }
                    }
                }
            }
            let keep = isLast ? end - start : end - start - overlap
            emit(start, parts.map { $0.map { Array($0[0..<keep]) } })
            if isLast {
                _ = progress(1)
                return
            }
            tail = parts.map { $0.map { Array($0[keep...]) } }
            guard progress(Double(end) / Double(max(length, 1))) else { throw .cancelled }
            start += keep
        }
    }

    /// The U-Net on a song at another rate: every channel resampled to the model's rate, separated there, each
    /// stem resampled back to `sampleRate` and trimmed or padded to the input's length; emitted in one run.
    private func separateResampled(channels: [[Float]], sampleRate: Double, model: Double, resampling: Resampling,
                                   progress: (Double) -> Bool, emit: (Int, [[[Float]]]) -> Void) throws(StemSeparationError) {
        let length = channels[0].count
        func convert(_ x: [Float], _ from: Double, _ to: Double) throws(StemSeparationError) -> [Float] {
            do { return try resampling(x, from, to) } catch { throw .badInput("resampling \(Int(from)) → \(Int(to)) Hz failed: \(error)") }
        }
        var inside: [[Float]] = []
        for channel in channels { inside.append(try convert(channel, sampleRate, model)) }
        let stems = try separate(channels: inside, sampleRate: model, progress: progress)
        var parts: [[[Float]]] = []
        for stem in stems {
            var back: [[Float]] = []
            for channel in stem.channels {
                var y = try convert(channel, model, sampleRate)
                if y.count > length { y.removeLast(y.count - length) }
                if y.count < length { y += [Float](repeating: 0, count: length - y.count) }
                back.append(y)
            }
            parts.append(back)
        }
        emit(0, parts)
    }
}
