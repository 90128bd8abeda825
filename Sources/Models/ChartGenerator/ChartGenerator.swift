import Charts
import Dispatch
import Foundation
import Neural
import Signal

/// Kanade's trained step placement (Dance Dance Convolution's C-LSTM with GenéLive!'s beat guide and
/// difficulty conditioning; docs/models/charts.md, training/charts/model.py) and the rules that turn its peaks
/// into charts (`Charts.StepRules`).
///
/// Input: a mono song at 44.1 kHz, as log-mel at 100 frames/s from three FFT sizes (1024, 2048, 4096; 80 bands
/// 27.5 Hz–16 kHz, librosa's Slaney mel, power 2, periodic Hann, centred with zero padding), normalised per band,
/// then conv 3×7 + ReLU + max-pool 3 over frequency, conv 3×3 + ReLU + pool → 128 features a frame. With the
/// difficulty one-hot and the beat phase (sin, cos of 2πk·beat, k = 1, 2, 4, from the tempo tracker's grid) a
/// linear layer + ReLU feeds a bidirectional LSTM (48 a direction) and a sigmoid: the probability of a step in
/// each 10 ms frame. A frame is a step when it is the maximum of its ±2 frames and at least the difficulty's
/// threshold (chosen on the validation songs, stored in the weights' config).
public struct ChartGenerator: Sendable {
    /// The `kanade.version` this code reads.
    public static let version = 1
    /// The bundled model's name.
    public static let modelName = "charts"
    static let configKeys = ["sample_rate", "hop", "frames_per_second", "fft_sizes", "mel_bands", "fmin", "fmax",
                             "log_epsilon", "difficulties", "n_diff", "n_beat", "thresholds", "peak_radius_frames"]

    /// The model's metadata.
    public let info: ModelInfo
    /// The rate the features are computed at (44,100 Hz); `charts` expects samples at this rate.
    public let sampleRate: Double
    /// Feature frames a second (100).
    public let framesPerSecond: Double
    /// The difficulties the model was trained for, in its one-hot order.
    public let difficulties: [Difficulty]
    /// Each difficulty's peak threshold (tracker-grid thresholds from the validation split).
    public let thresholds: [Difficulty: Float]
    /// A peak is the largest value within this many frames either side.
    public let peakRadius: Int

    let hop: Int, fftSizes: [Int], melBands: Int, logEpsilon: Float
    let filterbanks: [MelFilterbank]
    let mean: [Float], std: [Float]
    let conv1: Conv2d, conv2: Conv2d
    let projection: Linear, lstm: LSTM, output: Linear
    static let pool = 3, beatChannels = 6

    /// Loads the bundled (or `$KANADE_MODELS`) `charts` model through `store`.
    public init(store: ModelStore = ModelStore()) throws(ModelError) {
        try self.init(try store.open(Self.modelName, version: Self.version, configKeys: Self.configKeys))
    }

    /// Builds the network from an opened model; tensors or config that do not fit are a `ModelError` naming the file.
    public init(_ model: Model) throws(ModelError) {
        let config = model.info.config, file = model.info.path, w = model.weights
        info = model.info
        sampleRate = try config.double("sample_rate")
        framesPerSecond = try config.double("frames_per_second")
        hop = try config.int("hop")
        fftSizes = try config.ints("fft_sizes")
        melBands = try config.int("mel_bands")
        logEpsilon = Float(try config.double("log_epsilon"))
        peakRadius = try config.int("peak_radius_frames")
        let bad = { (why: String) in ModelError(file: file, .badMetadata(key: "kanade.config", why)) }
        guard case .array(let names) = try config.value("difficulties") else { throw bad("'difficulties' is not a list") }
        difficulties = names.compactMap { if case .string(let s) = $0 { Difficulty(fileName: s) } else { nil } }
        guard difficulties.count == names.count, difficulties.count == (try config.int("n_diff")),
              Set(difficulties).count == difficulties.count else {
            throw bad("difficulties \(names) are not distinct StepMania difficulties")
        }
        guard case .object(let table) = try config.value("thresholds") else { throw bad("'thresholds' is not a table") }
        var thresholds: [Difficulty: Float] = [:]
        for d in difficulties {
            guard case .number(let t)? = table[d.rawValue], t > 0, t < 1 else { throw bad("no threshold in (0, 1) for \(d.rawValue)") }
            thresholds[d] = Float(t)
        }
        self.thresholds = thresholds
        guard try config.int("n_beat") == Self.beatChannels, fftSizes.count == 3, melBands > 0, hop > 0,
              abs(sampleRate / Double(hop) - framesPerSecond) < 1e-9 else {
            throw bad("fft sizes \(fftSizes), \(melBands) bands, hop \(hop) at \(sampleRate) Hz do not fit")
        }
        let fmin = try config.double("fmin"), fmax = try config.double("fmax")
        let (rate, bands) = (sampleRate, melBands)
        filterbanks = fftSizes.map { MelFilterbank(sampleRate: rate, fftSize: $0, melCount: bands, minHz: fmin, maxHz: fmax) }
        mean = try w.tensor("mean", shape: [3, melBands, 1]).scalars
        std = try w.tensor("std", shape: [3, melBands, 1]).scalars
        conv1 = try Conv2d(w.scope("conv1"), padding: (1, 3))
        conv2 = try Conv2d(w.scope("conv2"), padding: (1, 1))
        let pooled = melBands / Self.pool / Self.pool
        guard conv1.weight.shape == [conv1.outChannels, 3, 3, 7],
              conv2.weight.shape == [conv2.outChannels, conv1.outChannels, 3, 3] else {
            throw ModelError(file: file, .layerMismatch(tensor: "conv1/conv2.weight", "expects 3×7 then 3×3 kernels over 3 inputs"))
        }
        projection = try Linear(w.scope("proj"))
        guard projection.inputSize == conv2.outChannels * pooled + difficulties.count + Self.beatChannels else {
            throw ModelError(file: file, .layerMismatch(tensor: "proj.weight",
                "expects \(conv2.outChannels * pooled + difficulties.count + Self.beatChannels) inputs, has \(projection.inputSize)"))
        }
        lstm = try LSTM(w.scope("lstm"))
        output = try Linear(w.scope("out"))
        guard lstm.inputSize == projection.outputSize, lstm.isBidirectional, lstm.layerCount == 1,
              output.inputSize == 2 * lstm.hiddenSize, output.outputSize == 1 else {
            throw ModelError(file: file, .layerMismatch(tensor: "lstm/out", "expects one bidirectional layer over \(projection.outputSize) features and one output"))
        }
    }

    // MARK: Features

    /// How many feature frames `sampleCount` samples give (centred frames: one every `hop`, plus one).
    public func frameCount(forSampleCount sampleCount: Int) -> Int { sampleCount / hop + 1 }

    /// The log-mel features of mono `samples` at `sampleRate`: [3, bands, frames], one plane per FFT size.
    public func logMel(_ samples: [Float]) -> Tensor {
        let frames = frameCount(forSampleCount: samples.count)
        let planes = Results<[Float]>(count: fftSizes.count)
        DispatchQueue.concurrentPerform(iterations: fftSizes.count) { i in
            let stft = STFT(fftSize: fftSizes[i], hop: hop, maxThreads: 1)
            let mel = filterbanks[i].apply(stft.powers(samples))
            var plane = [Float](repeating: 0, count: melBands * frames)
            for f in 0..<frames {
                for m in 0..<melBands { plane[m * frames + f] = logf(mel.values[f * melBands + m] + logEpsilon) }
            }
            planes.set(i, plane)
        }
        return Tensor(shape: [fftSizes.count, melBands, frames], scalars: planes.values.flatMap { $0 })
    }

    /// GenéLive!'s beat guide: [6, frames], sin and cos of 2πk·beat for k = 1, 2, 4, where frame `i` is at
    /// `i / framesPerSecond` seconds and beat = (t − firstBeat) · bpm / 60.
    public func beatPhase(frames: Int, bpm: Double, firstBeat: Double) -> Tensor {
        var out = [Float](repeating: 0, count: Self.beatChannels * frames)
        for i in 0..<frames {
            let beat = (Double(i) / framesPerSecond - firstBeat) * bpm / 60
            for (j, k) in [1.0, 2.0, 4.0].enumerated() {
                // Python computes in float64 and stores float32; so does this.
                out[(2 * j) * frames + i] = Float(sin(2 * .pi * k * beat))
                out[(2 * j + 1) * frames + i] = Float(cos(2 * .pi * k * beat))
            }
        }
        return Tensor(shape: [Self.beatChannels, frames], scalars: out)
    }

    // MARK: Network

    /// Frames the convolutions read either side of a block (conv1's 7 wide, conv2's 3).
    static let halo = 4
    /// Frames a convolution block covers, so a long song's activations stay a few megabytes.
    static let block = 4096

    /// The 128 audio features of every frame of `mel` [3, bands, frames]: [frames, 128].
    func audioFeatures(_ mel: Tensor) -> [Float] {
        let frames = mel.shape[2], bands = melBands
        let pooled = bands / Self.pool / Self.pool, width = conv2.outChannels * pooled
        var features = [Float](repeating: 0, count: frames * width)
        let normalised: [Float] = mel.withUnsafeBufferPointer { m in
            var out = [Float](repeating: 0, count: m.count)
            for c in 0..<3 {
                for b in 0..<bands {
                    let row = (c * bands + b) * frames, mu = mean[c * bands + b], sd = std[c * bands + b]
                    for f in 0..<frames { out[row + f] = (m[row + f] - mu) / sd }
                }
            }
            return out
        }
        // Blocks of frames with a halo either side: the convolutions are exact, and their padding is the song's edge.
        var start = 0
        while start < frames {
            let end = min(frames, start + Self.block)
            let lo = max(0, start - Self.halo), hi = min(frames, end + Self.halo)
            var input = [Float](repeating: 0, count: 3 * bands * (hi - lo))
            for row in 0..<(3 * bands) {
                for f in lo..<hi { input[row * (hi - lo) + f - lo] = normalised[row * frames + f] }
            }
            var x = Tensor(shape: [1, 3, bands, hi - lo], scalars: input)
            x = Self.maxPoolFrequency(conv1(x).relu(), by: Self.pool)
            x = Self.maxPoolFrequency(conv2(x).relu(), by: Self.pool)
            x.withUnsafeBufferPointer { y in
                let w = hi - lo
                for f in start..<end {
                    for c in 0..<conv2.outChannels {
                        for p in 0..<pooled { features[f * width + c * pooled + p] = y[(c * pooled + p) * w + f - lo] }
                    }
                }
            }
            start = end
        }
        return features
    }

    /// Max-pooling over the frequency axis (dim 2) of [n, c, h, w] by `k`, dropping the remainder, as `MaxPool2d((k, 1))`.
    static func maxPoolFrequency(_ x: Tensor, by k: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), ho = h / k
        var out = [Float](repeating: 0, count: n * c * ho * w)
        x.withUnsafeBufferPointer { s in
            for plane in 0..<(n * c) {
                for r in 0..<ho {
                    let o = (plane * ho + r) * w
                    for f in 0..<w {
                        var m = -Float.infinity
                        for j in 0..<k { m = max(m, s[(plane * h + r * k + j) * w + f]) }
                        out[o + f] = m
                    }
                }
            }
        }
        return Tensor(shape: [n, c, ho, w], scalars: out)
    }

    /// The step probability of every frame for each of `difficulties`, given the features `mel` [3, bands, frames]
    /// and the beat guide `beat` [6, frames]: one row of `frames` values per difficulty, in the order asked.
    public func probabilities(mel: Tensor, beat: Tensor, difficulties asked: [Difficulty]) -> [[Float]] {
        let frames = mel.shape[2]
        precondition(mel.shape == [3, melBands, frames] && beat.shape == [Self.beatChannels, frames], "features \(mel.shape), beat \(beat.shape)")
        let indices = asked.map { d in difficulties.firstIndex(of: d) ?? difficulties.count - 1 }
        let audio = audioFeatures(mel), width = audio.count / max(frames, 1)
        let inputs = projection.inputSize, hidden = projection.outputSize, batch = indices.count
        guard frames > 0, batch > 0 else { return indices.map { _ in [] } }
        // proj(x) = W_a a + W_d d + W_b beat + b: the audio and beat parts once, the difficulty column per row.
        let weight = projection.weight.scalars, bias = projection.bias?.scalars ?? [Float](repeating: 0, count: hidden)
        var audioWeight = [Float](repeating: 0, count: hidden * (width + Self.beatChannels))
        for o in 0..<hidden {
            for i in 0..<width { audioWeight[o * (width + Self.beatChannels) + i] = weight[o * inputs + i] }
            for j in 0..<Self.beatChannels {
                audioWeight[o * (width + Self.beatChannels) + width + j] = weight[o * inputs + width + difficulties.count + j]
            }
        }
        var joined = [Float](repeating: 0, count: frames * (width + Self.beatChannels))
        beat.withUnsafeBufferPointer { b in
            for f in 0..<frames {
                let row = f * (width + Self.beatChannels)
                for i in 0..<width { joined[row + i] = audio[f * width + i] }
                for j in 0..<Self.beatChannels { joined[row + width + j] = b[j * frames + f] }
            }
        }
        let shared = Linear(weight: Tensor(shape: [hidden, width + Self.beatChannels], scalars: audioWeight))(
            Tensor(shape: [frames, width + Self.beatChannels], scalars: joined)).scalars
        // The LSTM's input, time-major [frames, batch, hidden]: one sequence per asked difficulty.
        var sequence = [Float](repeating: 0, count: frames * batch * hidden)
        for (row, d) in indices.enumerated() {
            let offset = (0..<hidden).map { o in bias[o] + weight[o * inputs + width + d] }
            for f in 0..<frames {
                let s = (f * batch + row) * hidden
                for o in 0..<hidden { sequence[s + o] = max(shared[f * hidden + o] + offset[o], 0) }
            }
        }
        let y = lstm(Tensor(shape: [frames, batch, hidden], scalars: sequence)).output
        let p = output(y.reshaped([frames * batch, 2 * lstm.hiddenSize])).sigmoid().scalars
        return (0..<batch).map { row in (0..<frames).map { f in p[f * batch + row] } }
    }

    /// The frames of `p` that are steps at `threshold`: at least it, the maximum of their ±`peakRadius` frames, and
    /// larger than every frame before them in that window (so a plateau gives its first frame).
    public func peaks(_ p: [Float], threshold: Float) -> [Int] {
        var out: [Int] = []
        for i in p.indices where p[i] >= threshold {
            let lo = max(0, i - peakRadius), hi = min(p.count, i + peakRadius + 1)
            guard p[lo..<hi].max() == p[i] else { continue }
            if i > lo, p[lo..<i].max()! >= p[i] { continue }
            out.append(i)
        }
        return out
    }

    // MARK: Charts

    /// What `charts` made: the timing every chart shares and one chart per asked difficulty.
    public struct Generated: Sendable {
        /// BPM and offset: beat 0 is the tracker's first beat moved back by whole beats to at most 30 ms into the
        /// song, so steps before the first tracked beat have a place.
        public var timing: Timing
        /// The charts, in the order asked.
        public var charts: [Chart]
        /// Each chart's step probabilities (frames at `framesPerSecond`), for drawing and debugging.
        public var probabilities: [[Float]]
    }

    /// Charts for `difficulties` of the mono `samples` (at `sampleRate`) with the song's tempo `bpm` and the time
    /// of its first beat `firstBeat` in seconds (from `Signal.TempoDetector`).
    public func charts(samples: [Float], bpm: Double, firstBeat: Double, difficulties asked: [Difficulty]) -> Generated {
        precondition(bpm > 0 && bpm.isFinite && firstBeat.isFinite, "tempo \(bpm) BPM, first beat \(firstBeat) s")
        let mel = logMel(samples)
        let frames = mel.shape[2]
        let probabilities = self.probabilities(mel: mel, beat: beatPhase(frames: frames, bpm: bpm, firstBeat: firstBeat),
                                               difficulties: asked)
        // Beat 0 is the first tracked beat moved back by whole beats until it is at most 30 ms into the song.
        let secondsPerBeat = 60 / bpm
        let zero = firstBeat - max(0, ((firstBeat - 0.03) / secondsPerBeat).rounded(.up)) * secondsPerBeat
        let timing = Timing(offset: -zero, bpm: bpm)
        let charts = zip(asked, probabilities).map { difficulty, p in
            let rules = StepRules(difficulty)
            let threshold = thresholds[difficulty] ?? thresholds[difficulties.last!]!
            let found = peaks(p, threshold: threshold).map { (seconds: Double($0) / framesPerSecond, strength: p[$0]) }
            // A peak in the first frames may snap to a beat before the song starts: no one can step there.
            let beats = rules.place(found) { ($0 - zero) * bpm / 60 }.filter { timing.seconds(at: $0) >= 0 }
            let lanes = rules.arrows(for: beats)
            return Chart(difficulty: difficulty, meter: Self.meter(difficulty), author: "kanade chart",
                         notes: zip(beats, lanes).map { ChartNote(beat: $0, lane: $1) })
        }
        return Generated(timing: timing, charts: charts, probabilities: probabilities)
    }

    /// The meter written for a generated chart: the usual ladder's middle for the slot.
    static func meter(_ difficulty: Difficulty) -> Int {
        switch difficulty {
        case .beginner: 1
        case .easy: 3
        case .medium: 5
        case .hard: 7
        case .challenge, .edit: 9
        }
    }
}
