import Foundation
import Neural
import Signal

/// Kanade's GANSynth-style timbre model: a latent point z and a pitch become a 4-second note
/// (docs/models/timbre.md; Engel et al. 2019).
///
/// The generator draws GANSynth's two channels — log magnitude and instantaneous frequency (IF) — on 512
/// mel-like bands × 64 frames (n_fft 2048, hop 1024 at 16 kHz). `note` spreads the bands back over the STFT
/// bins (magnitudes through the band matrix's pseudo-inverse, IF as the circular mean of each bin's bands, both
/// shipped in the file), integrates IF into phase and inverts the STFT (`Signal.InstantaneousFrequency`).
/// The encoder maps a note's representation to z; each training instrument's mean z ships as a named point.
///
/// Since version 2 the generator is *pitch-conditioned at every resolution* (docs/models/timbre.md): before each
/// convolution, and before the output's 1×1, it appends five channels — four from a per-pitch frequency profile
/// (a Linear of the pitch one-hot to 4 × that block's bands, broadcast over time; trained from a harmonic-comb
/// start) and one frequency coordinate from −1 to 1.
///
/// Since version 3 the log-magnitude channel is `logmag_range` × tanh (2 in the bundled file), the IF channel
/// still tanh: every training note's loudest harmonics lie above 1 in the scaled log magnitude, which a plain tanh
/// could not draw.
///
/// ```swift
/// let timbre = try TimbreGenerator()
/// let flute = timbre.latent(named: "flute.fluidr3")!
/// let samples = timbre.note(z: flute, pitch: 60)      // 64,000 samples at 16 kHz
/// ```
public struct TimbreGenerator: Sendable {
    /// The `kanade.version` this code reads.
    public static let version = 3
    /// The bundled model's name.
    public static let modelName = "timbre"
    static let configKeys = ["z", "widths", "start", "negative_slope", "lowest_pitch", "pitches", "sample_rate",
                             "n_fft", "hop", "frames", "bands", "note_samples", "logmag_shift", "logmag_scale",
                             "eps", "instruments", "cond_channels", "logmag_range"]

    /// The model's metadata.
    public let info: ModelInfo
    /// Size of z.
    public let latentSize: Int
    /// The pitches the generator knows (MIDI 24…84).
    public let pitches: ClosedRange<Int>
    /// Sample rate of `note`'s output.
    public let sampleRate: Int
    /// Samples in a note (3 s held, 1 s release).
    public let noteSamples: Int
    /// The training instruments' names (`flute.fluidr3`), in the order of their latent points.
    public let instrumentNames: [String]

    let project: Linear
    /// Each convolution split in two (`ConditionedConvolution`): the part over the features, run as a
    /// convolution, and the part over the conditioning channels, which are the same in every frame.
    let splitBlocks: [ConditionedConvolution]
    let splitOutput: ConditionedConvolution
    /// One per convolution, then one for the output: pitch one-hot → [condChannels, bands at that resolution].
    let profiles: [Linear]
    let condChannels: Int
    let start: (channels: Int, frames: Int, bands: Int)
    let slope: Float
    let frames: Int, bands: Int, bins: Int
    let logShift: Float, logScale: Float, eps: Float
    /// The log-magnitude channel's range: that channel is `logRange` × tanh, the IF channel tanh.
    let logRange: Float
    let pinv: Linear, spread: Linear
    /// `spread` without its zeros (each bin takes two or three bands), as compressed rows: bin k's bands are
    /// `spreadBands[spreadStart[k]..<spreadStart[k + 1]]` with `spreadWeights` alike.
    let spreadStart: [Int], spreadBands: [Int], spreadWeights: [Float]
    let encoder: TimbreEncoder
    let latents: Tensor
    let stft: STFT
    /// The mel-like axis (for the representation of a recording and the bands' frequencies).
    let bandTable: TimbreBands
    /// Each band's centre frequency in Hz.
    public var bandCentres: [Double] { bandTable.centres }

    /// Loads the bundled (or `$KANADE_MODELS`) `timbre` model through `store`.
    public init(store: ModelStore = ModelStore()) throws(ModelError) {
        try self.init(try store.open(Self.modelName, version: Self.version, configKeys: Self.configKeys))
    }

    /// Builds the network from an opened model; tensors or config that do not fit are a `ModelError` naming the file.
    public init(_ model: Model) throws(ModelError) {
        let config = model.info.config, file = model.info.path, w = model.weights
        info = model.info
        latentSize = try config.int("z")
        let lowest = try config.int("lowest_pitch"), count = try config.int("pitches")
        pitches = lowest...(lowest + count - 1)
        sampleRate = try config.int("sample_rate")
        noteSamples = try config.int("note_samples")
        let widths = try config.ints("widths"), startSize = try config.ints("start")
        guard widths.count >= 2, startSize.count == 2 else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config", "widths needs 2+ entries and start 2"))
        }
        start = (widths[0], startSize[0], startSize[1])
        slope = Float(try config.double("negative_slope"))
        frames = try config.int("frames")
        bands = try config.int("bands")
        let fftSize = try config.int("n_fft")
        bins = fftSize / 2
        logShift = Float(try config.double("logmag_shift"))
        logScale = Float(try config.double("logmag_scale"))
        eps = Float(try config.double("eps"))
        logRange = Float(try config.double("logmag_range"))
        guard logRange > 0, logRange.isFinite else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config", "logmag_range \(logRange) is not positive"))
        }
        guard case .array(let names) = try config.value("instruments") else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config", "'instruments' is not a list"))
        }
        instrumentNames = names.compactMap { if case .string(let s) = $0 { s } else { nil } }

        project = try Linear(w.scope("generator.project"))
        guard project.inputSize == latentSize + count, project.outputSize == start.channels * start.frames * start.bands else {
            throw ModelError(file: file, .layerMismatch(tensor: "generator.project.weight",
                "expects \(latentSize + count) → \(start.channels * start.frames * start.bands)"))
        }
        var convs: [Conv2d] = []
        for i in 0..<(widths.count - 1) {
            convs.append(try Conv2d(w.scope("generator.blocks.\(i)"), padding: (1, 1)))
        }
        let output = try Conv2d(w.scope("generator.out"))
        condChannels = try config.int("cond_channels")
        var linears: [Linear] = []
        for i in 0...convs.count {
            let profile = try Linear(w.scope("generator.profiles.\(i)"))
            let resolution = start.bands << min(i + 1, convs.count)
            guard profile.inputSize == count, profile.outputSize == condChannels * resolution else {
                throw ModelError(file: file, .layerMismatch(tensor: "generator.profiles.\(i).weight",
                    "expects \(count) → \(condChannels) × \(resolution)"))
            }
            linears.append(profile)
        }
        profiles = linears
        let conditionCount = condChannels + 1
        splitBlocks = convs.map { ConditionedConvolution($0, conditionChannels: conditionCount) }
        splitOutput = ConditionedConvolution(output, conditionChannels: conditionCount)
        let upsampled = (start.frames << convs.count, start.bands << convs.count)
        guard upsampled == (frames, bands) else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config",
                "start \(startSize) doubled \(convs.count) times is not \(frames)×\(bands)"))
        }
        pinv = Linear(weight: try w.tensor("representation.pinv", shape: [bins, bands]))
        spread = Linear(weight: try w.tensor("representation.spread", shape: [bins, bands]))
        var starts = [0], columns: [Int] = [], values: [Float] = []
        let spreadValues = spread.weight.scalars
        for k in 0..<bins {
            for b in 0..<bands where spreadValues[k * bands + b] != 0 {
                columns.append(b)
                values.append(spreadValues[k * bands + b])
            }
            starts.append(columns.count)
        }
        (spreadStart, spreadBands, spreadWeights) = (starts, columns, values)
        latents = try w.tensor("instruments.latent", shape: [instrumentNames.count, latentSize])
        encoder = try TimbreEncoder(w.scope("encoder"), slope: slope, file: file)
        stft = STFT(fftSize: fftSize, hop: try config.int("hop"))
        bandTable = TimbreBands(bands: bands, fftSize: fftSize, sampleRate: Double(sampleRate))
    }

    /// The latent point of a training instrument, by name (`flute.fluidr3`), or nil if the model does not know it.
    public func latent(named name: String) -> [Float]? {
        guard let i = instrumentNames.firstIndex(of: name) else { return nil }
        return Array(latents.slice(i).scalars)
    }

    /// The generator's output for `z` at `pitch`: [2, frames, bands] — scaled log magnitude, then IF.
    public func spectrogram(z: [Float], pitch: Int) -> Tensor {
        spectrogram(point: TimbrePoint(z: z), pitch: pitch)
    }

    /// The generator's output for a point at `pitch`: the weighted mean of its latents' first feature maps
    /// (`TimbrePoint`), through the rest of the generator. A point of one latent is `spectrogram(z:pitch:)`.
    public func spectrogram(point: TimbrePoint, pitch: Int) -> Tensor {
        precondition(pitches.contains(pitch), "pitch \(pitch) is outside \(pitches)")
        let hot = pitch - pitches.lowerBound
        var x = firstFeatures(z: point.latents[0], pitchIndex: hot)
        if point.latents.count > 1 || point.weights[0] != 1 {
            // Summed in model.Generator.mix's order, in Float as PyTorch.
            let first = Float(point.weights[0])
            x.withUnsafeMutableBufferPointer { sum in for i in sum.indices { sum[i] *= first } }
            for (z, w) in zip(point.latents.dropFirst(), point.weights.dropFirst()) {
                let features = firstFeatures(z: z, pitchIndex: hot), weight = Float(w)
                features.withUnsafeBufferPointer { f in
                    x.withUnsafeMutableBufferPointer { sum in for i in sum.indices { sum[i] += weight * f[i] } }
                }
            }
        }
        return rest(of: x, pitchIndex: hot)
    }

    /// G's first feature map for `z` at pitch index `hot`: the projection, leaky ReLU and pixel norm
    /// ([1, channels, frames, bands]; `model.Generator.trunk(z, pitch, 0)`).
    func firstFeatures(z: [Float], pitchIndex hot: Int) -> Tensor {
        precondition(z.count == latentSize, "z has \(z.count) values, the model \(latentSize)")
        // The input is z then the pitch's one-hot: the projection and the profiles read only z's columns and the
        // pitch's (`Linear.callAsFunction(dense:hot:)`).
        var x = project(dense: z, hot: latentSize + hot).reshaped([1, start.channels, start.frames, start.bands])
        Self.formPixelNorm(&x, leakySlope: slope)
        return x
    }

    /// The generator after its first feature map (`model.Generator.head(x, pitch, 0)`): every block and the output.
    func rest(of first: Tensor, pitchIndex hot: Int) -> Tensor {
        var x = first
        for (i, conv) in splitBlocks.enumerated() {
            // The block's convolution of x upsampled 2× (nearest), computed on x itself (`upsampling`).
            x = conv(upsampling: x, conditions: conditionRows(profile: profiles[i], pitchIndex: hot, bands: 2 * x.shape[3]))
            Self.formPixelNorm(&x, leakySlope: slope)
        }
        var y = splitOutput(x, conditions: conditionRows(profile: profiles[splitBlocks.count], pitchIndex: hot, bands: x.shape[3]))
        y.formTanh()
        if logRange != 1 {
            let (range, plane) = (logRange, y.shape[2] * y.shape[3])
            y.withUnsafeMutableBufferPointer { values in
                let magnitude = values.baseAddress!
                for i in 0..<plane { magnitude[i] *= range }
            }
        }
        return y.reshaped(Array(y.shape.dropFirst()))
    }

    /// The rows the conditioning channels hold in every frame: the pitch's profile (condChannels × bands), then the
    /// frequency coordinate (torch.linspace(−1, 1, bands)).
    func conditionRows(profile: Linear, pitchIndex: Int, bands f: Int) -> [Float] {
        var rows = profile(dense: [], hot: pitchIndex).scalars
        // torch.linspace's float formula: from the start below the middle, from the end above it.
        let step = Float(2) / Float(f - 1)
        rows += (0..<f).map { j in j < f / 2 ? -1 + step * Float(j) : 1 - step * Float(f - 1 - j) }
        return rows
    }

    /// A note: `spectrogram(z:pitch:)` → bins → phase from IF → ISTFT; `noteSamples` samples at `sampleRate`.
    ///
    /// OpenBLAS is held to one thread meanwhile: a note's products are small, and its workers spin after each.
    public func note(z: [Float], pitch: Int) -> [Float] {
        note(point: TimbrePoint(z: z), pitch: pitch)
    }

    /// A note of a blended point (`spectrogram(point:pitch:)`), as `note(z:pitch:)`.
    public func note(point: TimbrePoint, pitch: Int) -> [Float] {
        let previous = BLASThreads.count
        if previous != 1 { BLASThreads.set(1) }
        defer { if previous != 1 { BLASThreads.set(previous) } }
        return audio(fromSpectrogram: spectrogram(point: point, pitch: pitch))
    }

    /// The audio of a generator output [2, frames, bands].
    ///
    /// The representation's inverse (features.py's `Representation.inverse`): band magnitudes to bins by the
    /// pseudo-inverse, each band's IF phasor spread to the bins, the bins' IF integrated into phase, ISTFT. The
    /// integration multiplies unit phasors instead of summing `atan2` angles and taking cos and sin of the sum:
    /// the same phase (an angle's sum is its phasors' product), without the 200,000 libm calls that were a third
    /// of a note's time. Likewise the bins' magnitudes go to the ISTFT as they are, where the log magnitude
    /// `InstantaneousFrequency.spectrum` reads would only be exponentiated back.
    public func audio(fromSpectrogram spec: Tensor) -> [Float] {
        let plane = frames * bands
        // Band magnitudes (unscaled, floor taken off) and the IF phasors, frame by frame.
        var magnitude = [Float](repeating: 0, count: plane)
        var cosine = [Float](repeating: 0, count: plane), sine = cosine
        let (scale, shift, floor) = (logScale, logShift, eps)
        spec.withUnsafeBufferPointer { values in
            magnitude.withUnsafeMutableBufferPointer { m in
                cosine.withUnsafeMutableBufferPointer { c in
                    sine.withUnsafeMutableBufferPointer { s in
                        let frequency = values.baseAddress! + plane
                        for i in 0..<plane {
                            m[i] = max(FastMath.exp(values[i] * scale + shift) - floor, 0)
                            // The IF is a tanh output, in −1…1.
                            let phasor = FastMath.sinCosPi(frequency[i])
                            c[i] = phasor.cos
                            s[i] = phasor.sin
                        }
                    }
                }
            }
        }
        // Bands to bins: the pseudo-inverse's product, half the frames on each of two workers (single-threaded
        // sgemm each; OpenBLAS's own threads spin between a note's small products).
        var binMagnitude = [Float](repeating: 0, count: frames * bins)
        magnitude.withUnsafeBufferPointer { m in
            binMagnitude.withUnsafeMutableBufferPointer { out in
                let shared = WorkerShared((input: m.baseAddress!, output: out.baseAddress!))
                let (inputs, outputs, rows, layer) = (bands, bins, frames, pinv)
                DispatchQueue.concurrentPerform(iterations: 2) { part in
                    let first = part * rows / 2, last = (part + 1) * rows / 2
                    layer.apply(shared.value.input + first * inputs, rows: last - first, into: shared.value.output + first * outputs)
                }
            }
        }
        let (re, im) = spreadSparse(cosine, sine)
        // The STFT's bins with DC (the representation drops it: silent here).
        let full = bins + 1
        var real = [Float](repeating: 0, count: frames * full), imaginary = real
        var phaseRe = [Double](repeating: 1, count: bins), phaseIm = [Double](repeating: 0, count: bins)
        let binCount = bins
        binMagnitude.withUnsafeBufferPointer { m in
            re.withUnsafeBufferPointer { re in
                im.withUnsafeBufferPointer { im in
                    real.withUnsafeMutableBufferPointer { real in
                        imaginary.withUnsafeMutableBufferPointer { imaginary in
                            phaseRe.withUnsafeMutableBufferPointer { phaseRe in
                                phaseIm.withUnsafeMutableBufferPointer { phaseIm in
                                    for f in 0..<frames {
                                        // Row pointers, so the loop's only index is k (checked index sums keep it scalar).
                                        let reRow = re.baseAddress! + f * binCount, imRow = im.baseAddress! + f * binCount
                                        let mRow = m.baseAddress! + f * binCount
                                        let realRow = real.baseAddress! + f * full + 1, imaginaryRow = imaginary.baseAddress! + f * full + 1
                                        for k in 0..<binCount {
                                            // This frame's step: the unit phasor of the spread IF (atan2(0, 0) = 0: no turn).
                                            let a = Double(reRow[k]), b = Double(imRow[k])
                                            let length = (a * a + b * b).squareRoot()
                                            let stepRe = length > 0 ? a / length : 1, stepIm = length > 0 ? b / length : 0
                                            let nextRe = phaseRe[k] * stepRe - phaseIm[k] * stepIm
                                            let nextIm = phaseRe[k] * stepIm + phaseIm[k] * stepRe
                                            phaseRe[k] = nextRe
                                            phaseIm[k] = nextIm
                                            let magnitude = Double(max(mRow[k], 0))
                                            realRow[k] = Float(magnitude * nextRe)
                                            imaginaryRow[k] = Float(magnitude * nextIm)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return stft.inverse(ComplexSpectrogram(real: real, imaginary: imaginary, frameCount: frames, binCount: full),
                            length: noteSamples)
    }

    /// `spread` applied to the cosines and sines of every frame, skipping the matrix's zeros.
    func spreadSparse(_ cosine: [Float], _ sine: [Float]) -> (re: [Float], im: [Float]) {
        var re = [Float](repeating: 0, count: frames * bins), im = re
        spreadStart.withUnsafeBufferPointer { start in
            spreadBands.withUnsafeBufferPointer { band in
                spreadWeights.withUnsafeBufferPointer { weight in
                    cosine.withUnsafeBufferPointer { c in
                        sine.withUnsafeBufferPointer { s in
                            re.withUnsafeMutableBufferPointer { r in
                                im.withUnsafeMutableBufferPointer { i in
                                    for f in 0..<frames {
                                        let row = f * bands, out = f * bins
                                        for k in 0..<bins {
                                            var a: Float = 0, b: Float = 0
                                            for j in start[k]..<start[k + 1] {
                                                a += weight[j] * c[row + band[j]]
                                                b += weight[j] * s[row + band[j]]
                                            }
                                            r[out + k] = a
                                            i[out + k] = b
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (re, im)
    }

    /// The encoder's mean z for a note's representation [2, frames, bands] (as the generator draws it).
    public func encode(spectrogram spec: Tensor) -> [Float] {
        encoder(spec.reshaped([1] + spec.shape)).scalars
    }

    /// Nearest-neighbour upsampling by 2 in both directions (torch's interpolate(scale_factor=2, mode="nearest")):
    /// each value twice along a row, each row twice. The general `upsampledNearest` was a twelfth of a note's time.
    static func upsample2(_ x: Tensor) -> Tensor {
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        var out = Tensor(shape: [x.shape[0], x.shape[1], 2 * h, 2 * w])
        x.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0..<planes {
                    for i in 0..<h {
                        let from = (p * h + i) * w, row = ((p * 2 * h) + 2 * i) * 2 * w
                        for j in 0..<w {
                            let v = src[from + j]
                            dst[row + 2 * j] = v
                            dst[row + 2 * j + 1] = v
                        }
                        for j in 0..<(2 * w) { dst[row + 2 * w + j] = dst[row + j] }
                    }
                }
            }
        }
        return out
    }

    /// Leaky ReLU (`leakySlope`), then progressive GAN's pixel norm, in place: each position's channel vector
    /// divided by its RMS. The activation is applied in the pass that sums the squares.
    static func formPixelNorm(_ x: inout Tensor, leakySlope: Float) {
        let c = x.shape[1], plane = x.shape[2] * x.shape[3], batch = x.shape[0]
        // Channel by channel over contiguous planes (the sums of squares, then the scales), so the loops vectorise:
        // the channel-inner loop this replaces was a fifth of a note's time. Positions are independent, so a
        // large plane is split between two workers.
        let parts = plane >= 1 << 14 ? 2 : 1
        x.withUnsafeMutableBufferPointer { buffer in
            let shared = WorkerShared(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let values = shared.value
                let from = part * plane / parts, to = (part + 1) * plane / parts
                let scale = UnsafeMutablePointer<Float>.allocate(capacity: to - from)
                defer { scale.deallocate() }
                for b in 0..<batch {
                    scale.update(repeating: 0, count: to - from)
                    for ch in 0..<c {
                        let row = values + (b * c + ch) * plane + from
                        for p in 0..<(to - from) {
                            let v = row[p], e = v >= 0 ? v : leakySlope * v
                            row[p] = e
                            scale[p] += e * e
                        }
                    }
                    let mean = 1 / Float(c)
                    for p in 0..<(to - from) { scale[p] = 1 / (scale[p] * mean + 1e-8).squareRoot() }
                    for ch in 0..<c {
                        let row = values + (b * c + ch) * plane + from
                        for p in 0..<(to - from) { row[p] *= scale[p] }
                    }
                }
            }
        }
    }
}

/// The encoder E: a 1×1 convolution in, then convolution + 2×2 average pooling per block, and the mean of z from
/// the flattened features (its log variance is only used in training).
struct TimbreEncoder: Sendable {
    let input: Conv2d
    let blocks: [Conv2d]
    let mean: Linear
    let slope: Float

    init(_ w: Weights, slope: Float, file: String) throws(ModelError) {
        input = try Conv2d(w.scope("trunk.inp"))
        var convs: [Conv2d] = []
        var i = 0
        while w.contains("trunk.blocks.\(i).weight") {
            convs.append(try Conv2d(w.scope("trunk.blocks.\(i)"), padding: (1, 1)))
            i += 1
        }
        guard !convs.isEmpty else { throw ModelError(file: file, .missingTensor(w.fullName("trunk.blocks.0.weight"))) }
        blocks = convs
        mean = try Linear(w.scope("mean"))
        self.slope = slope
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = input(x).leakyReLU(negativeSlope: slope)
        for conv in blocks { h = Self.averagePool2(conv(h).leakyReLU(negativeSlope: slope)) }
        return mean(h.reshaped([h.shape[0], h.shape[1] * h.shape[2] * h.shape[3]]))
    }

    /// 2×2 average pooling, stride 2 (torch's avg_pool2d(x, 2) on even sizes).
    static func averagePool2(_ x: Tensor) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let v = x.scalars
        var out = [Float](repeating: 0, count: n * c * (h / 2) * (w / 2))
        for plane in 0..<(n * c) {
            for i in 0..<(h / 2) {
                for j in 0..<(w / 2) {
                    let base = plane * h * w + 2 * i * w + 2 * j
                    out[plane * (h / 2) * (w / 2) + i * (w / 2) + j] = (v[base] + v[base + 1] + v[base + w] + v[base + w + 1]) / 4
                }
            }
        }
        return Tensor(shape: [n, c, h / 2, w / 2], scalars: out)
    }
}

/// A convolution whose last input channels are *conditions*: rows that are the same in every frame (GANSynth-style
/// pitch conditioning here). Their share of the output is the same in every frame but the first and last, where
/// zero padding hides a kernel row, so it is computed once as three rows per output channel (top, middle, bottom)
/// and added to the convolution over the other channels: the same sums as convolving the concatenation, without
/// building it or convolving the constant channels over every frame.
struct ConditionedConvolution: Sendable {
    let features: Conv2d
    /// [out, conditions, kernelHeight, kernelWidth].
    let conditionWeights: [Float]
    let outChannels: Int, conditionCount: Int, kernelHeight: Int, kernelWidth: Int

    init(_ conv: Conv2d, conditionChannels: Int) {
        let w = conv.weight
        let (out, total, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        precondition(kh == kw && kh % 2 == 1 && total > conditionChannels, "an odd square kernel over features and conditions")
        let values = w.scalars
        let plane = kh * kw
        var feature: [Float] = [], condition: [Float] = []
        for o in 0..<out {
            let base = o * total * plane
            feature += values[base..<(base + (total - conditionChannels) * plane)]
            condition += values[(base + (total - conditionChannels) * plane)..<(base + total * plane)]
        }
        features = Conv2d(weight: Tensor(shape: [out, total - conditionChannels, kh, kw], scalars: feature), bias: conv.bias,
                          padding: (kh / 2, kw / 2))
        conditionWeights = condition
        outChannels = out; conditionCount = conditionChannels; kernelHeight = kh; kernelWidth = kw
        upsampled = kh == 3 ? Self.subPixel(features) : nil
    }

    /// `features` applied to a 2× nearest-upsampled input, as one 2×2 convolution (padding 1) of the input itself
    /// with four outputs per channel: output row 2m + py reads upsampled rows 2m + py − 1 … 2m + py + 1, which are
    /// input rows m − 1, m, m (py = 0) or m, m, m + 1 (py = 1), so the 3×3 kernel's rows fold to two
    /// ({0}, {1, 2} or {0, 1}, {2}), and likewise its columns. 16 multiply-adds per input pixel and output channel
    /// where the upsampled convolution did 36, and no upsampled copy. Only for 3×3 kernels.
    let upsampled: Conv2d?

    static func subPixel(_ conv: Conv2d) -> Conv2d {
        let w = conv.weight.scalars
        let (out, cin) = (conv.weight.shape[0], conv.weight.shape[1])
        let folds = [[[0], [1, 2]], [[0, 1], [2]]]   // [parity][tap] → the 3×3 kernel's rows (or columns)
        var packed = [Float](repeating: 0, count: 4 * out * cin * 4)
        for py in 0...1 {
            for px in 0...1 {
                for o in 0..<out {
                    for c in 0..<cin {
                        for t in 0...1 {
                            for u in 0...1 {
                                var sum: Float = 0
                                for r in folds[py][t] { for k in folds[px][u] { sum += w[((o * cin + c) * 3 + r) * 3 + k] } }
                                packed[((((py * 2 + px) * out + o) * cin + c) * 2 + t) * 2 + u] = sum
                            }
                        }
                    }
                }
            }
        }
        let bias = conv.bias.map { b in Tensor(shape: [4 * out], scalars: Array([[Float]](repeating: b.scalars, count: 4).joined())) }
        return Conv2d(weight: Tensor(shape: [4 * out, cin, 2, 2], scalars: packed), bias: bias, padding: (1, 1))
    }

    /// The convolution of [1, features, t, f] upsampled 2× (nearest) and concatenated with `conditions`
    /// ([conditionCount × 2f], the same in every frame): [1, out, 2t, 2f].
    func callAsFunction(upsampling x: Tensor, conditions: [Float]) -> Tensor {
        guard let upsampled else { return self(TimbreGenerator.upsample2(x), conditions: conditions) }
        let (t, f) = (x.shape[2], x.shape[3])
        let parts = upsampled(x)   // [1, 4 · out, t + 1, f + 1]
        let (shares, cases) = conditionShares(conditions, frames: 2 * t, bands: 2 * f)
        var y = Tensor(shape: [1, outChannels, 2 * t, 2 * f])
        let outs = outChannels
        // Interleaved, with the conditions' share added on the way; output channels split between two workers.
        let workers = outs * t * f >= 1 << 15 ? 2 : 1
        y.withUnsafeMutableBufferPointer { out in
            parts.withUnsafeBufferPointer { source in
                shares.withUnsafeBufferPointer { share in
                    let pointers = WorkerShared((out: out.baseAddress!, source: source.baseAddress!, share: share.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let (out, source, share) = pointers.value
                        for o in stride(from: worker, to: outs, by: workers) {
                            for py in 0...1 {
                                let even = source + ((py * 2) * outs + o) * (t + 1) * (f + 1)
                                let odd = source + ((py * 2 + 1) * outs + o) * (t + 1) * (f + 1)
                                for m in 0..<t {
                                    let frame = 2 * m + py
                                    let row = out + (o * 2 * t + frame) * 2 * f
                                    let add = share + (o * cases + edgeCase(frame, frames: 2 * t, cases: cases)) * 2 * f
                                    let e = even + (m + py) * (f + 1), d = odd + (m + py) * (f + 1) + 1
                                    for n in 0..<f {
                                        row[2 &* n] = e[n] + add[2 &* n]
                                        row[2 &* n &+ 1] = d[n] + add[2 &* n &+ 1]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// The convolution of [1, features, t, f] concatenated with `conditions` ([conditionCount × f], the same in
    /// every frame).
    func callAsFunction(_ x: Tensor, conditions: [Float]) -> Tensor {
        var y = features(x)
        addConditions(&y, conditions)
        return y
    }

    /// The conditions' share of every output of `y` [1, out, t, f], added in place.
    func addConditions(_ y: inout Tensor, _ conditions: [Float]) {
        let (t, f) = (y.shape[2], y.shape[3])
        let (shares, edgeCases) = conditionShares(conditions, frames: t, bands: f)
        let outs = outChannels
        y.withUnsafeMutableBufferPointer { v in
            shares.withUnsafeBufferPointer { share in
                for o in 0..<outs {
                    for frame in 0..<t {
                        let src = (o * edgeCases + edgeCase(frame, frames: t, cases: edgeCases)) * f, dst = (o * t + frame) * f
                        for j in 0..<f { v[dst + j] += share[src + j] }
                    }
                }
            }
        }
    }

    /// Which of the `cases` rows of shares frame `frame` of `frames` takes (the top edge's, the middle, the bottom's).
    @inline(__always)
    func edgeCase(_ frame: Int, frames t: Int, cases: Int) -> Int {
        let pad = kernelHeight / 2
        return frame < pad ? frame : frame >= t - pad ? cases - (t - frame) : min(pad, cases - 1)
    }

    /// The conditions' share of the outputs: [out × cases × bands], one row per output channel and edge case.
    func conditionShares(_ conditions: [Float], frames t: Int, bands f: Int) -> (shares: [Float], cases: Int) {
        let pad = kernelHeight / 2, half = kernelWidth / 2
        let (outs, conds, kh, kw) = (outChannels, conditionCount, kernelHeight, kernelWidth)
        // Per output channel, the share of each kernel row (Σ over conditions and kernel columns, along frequency,
        // zero-padded), then for each frame the sum over the rows that fall inside the frames: frames away from
        // the edges all take the same sum, so there are at most kh distinct frame rows per channel.
        let edgeCases = min(t, 2 * pad + 1)
        var shares = [Float](repeating: 0, count: outs * edgeCases * f)
        var perRow = [Float](repeating: 0, count: kh * f)
        conditionWeights.withUnsafeBufferPointer { w in
            conditions.withUnsafeBufferPointer { c in
                perRow.withUnsafeMutableBufferPointer { rowSum in
                    shares.withUnsafeMutableBufferPointer { share in
                        for o in 0..<outs {
                            for i in 0..<rowSum.count { rowSum[i] = 0 }
                            for r in 0..<kh {
                                for ch in 0..<conds {
                                    for k in 0..<kw {
                                        let weight = w[((o * conds + ch) * kh + r) * kw + k]
                                        let shift = k - half
                                        let lo = max(0, -shift), hi = min(f, f - shift)
                                        // Offset pointers, so the loop's only index is j (checked `dst + j` kept it scalar).
                                        let into = rowSum.baseAddress! + r * f, from = c.baseAddress! + ch * f + shift
                                        for j in lo..<hi { into[j] += weight * from[j] }
                                    }
                                }
                            }
                            // Case e: e < pad is the e-th frame from the top, e > pad from the bottom, pad the middle.
                            for e in 0..<edgeCases {
                                let frame = e <= pad ? e : t - (edgeCases - e)
                                let rows = max(0, pad - frame)..<min(kh, t - frame + pad)
                                let dst = (o * edgeCases + e) * f
                                let into = share.baseAddress! + dst
                                for r in rows {
                                    let from = rowSum.baseAddress! + r * f
                                    for j in 0..<f { into[j] += from[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (shares, edgeCases)
    }
}
