import Foundation
import Neural
import Signal

/// Kanade's trained four-stem separator: a spectrogram U-Net predicting soft masks for vocals, drums, bass and
/// other, then a multichannel Wiener/EM post-filter (docs/models/separator.md; training/separation/unet.py).
///
/// At 44.1 kHz: STFT 2048/512 (periodic Hann, centred). The network sees the first 512 bins (0–11 kHz) of both
/// channels' magnitudes, log1p-compressed, as [1, 2, frames, 512] (frames padded with zeros to a multiple of
/// 32); its BatchNorms are folded into the convolutions at export. A softmax over the stems makes the masks sum
/// to one; bins above 11 kHz take the last modelled bin's mask. `StemSeparator(unet:)` runs it chunk by chunk.
public struct UNetSeparator: Sendable {
    /// The `kanade.version` this code reads.
    public static let version = 1
    /// The bundled model's name.
    public static let modelName = "separator"
    static let configKeys = ["sample_rate", "n_fft", "hop", "bins", "channels", "stems", "audio_channels"]

    /// The model's metadata.
    public let info: ModelInfo
    /// The rate the model works at (44,100 Hz).
    public let sampleRate: Double
    /// The stems, in the order of the masks.
    public let stemNames: [String]
    /// Wiener/EM iterations after the masks (0: the masks alone).
    public var wienerIterations: Int = 1

    let fftSize: Int, hop: Int, bins: Int, audioChannels: Int
    let down: [Conv2d]
    let up: [ConvTranspose2d]
    let head: Conv2d

    /// Loads the bundled (or `$KANADE_MODELS`) `separator` model through `store`.
    public init(store: ModelStore = ModelStore()) throws(ModelError) {
        try self.init(try store.open(Self.modelName, version: Self.version, configKeys: Self.configKeys))
    }

    /// Builds the network from an opened model; tensors or config that do not fit are a `ModelError` naming the file.
    public init(_ model: Model) throws(ModelError) {
        let config = model.info.config, file = model.info.path, w = model.weights
        info = model.info
        sampleRate = try config.double("sample_rate")
        fftSize = try config.int("n_fft")
        hop = try config.int("hop")
        bins = try config.int("bins")
        audioChannels = try config.int("audio_channels")
        guard case .array(let names) = try config.value("stems") else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config", "'stems' is not a list"))
        }
        stemNames = names.compactMap { if case .string(let s) = $0 { s } else { nil } }
        let channels = try config.ints("channels")
        guard audioChannels == 2, !channels.isEmpty, bins % (1 << channels.count) == 0, bins <= fftSize / 2 + 1,
              stemNames.count == names.count, !stemNames.isEmpty else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config", "channels \(channels), bins \(bins), stems \(stemNames) do not fit"))
        }
        var downs: [Conv2d] = []
        var previous = audioChannels
        for (i, c) in channels.enumerated() {
            let conv = try Conv2d(w.scope("down.\(i)"), stride: (2, 2), padding: (2, 2))
            guard conv.weight.shape == [c, previous, 5, 5] else {
                throw ModelError(file: file, .layerMismatch(tensor: "down.\(i).weight", "expects [\(c), \(previous), 5, 5]"))
            }
            downs.append(conv)
            previous = c
        }
        var ups: [ConvTranspose2d] = []
        for i in 0..<channels.count {
            let level = channels.count - 1 - i
            let inputs = channels[level] * (i == 0 ? 1 : 2)
            let out = level > 0 ? channels[level - 1] : channels[0]
            let conv = try ConvTranspose2d(w.scope("up.\(i)"), stride: (2, 2), padding: (2, 2), outputPadding: (1, 1))
            guard conv.weight.shape == [inputs, out, 5, 5] else {
                throw ModelError(file: file, .layerMismatch(tensor: "up.\(i).weight", "expects [\(inputs), \(out), 5, 5]"))
            }
            ups.append(conv)
        }
        head = try Conv2d(w.scope("head"), padding: (1, 1))
        guard head.weight.shape == [stemNames.count * audioChannels, channels[0] + audioChannels, 3, 3] else {
            throw ModelError(file: file, .layerMismatch(tensor: "head.weight",
                "expects [\(stemNames.count * audioChannels), \(channels[0] + audioChannels), 3, 3]"))
        }
        down = downs
        up = ups
    }

    /// Frames the network needs to be a multiple of.
    public var frameMultiple: Int { 1 << down.count }

    /// The masks for log1p magnitudes `input` [1, 2, frames, bins] (frames a multiple of `frameMultiple`):
    /// [stems, 2, frames, bins], summing to one over the stems.
    public func masks(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[0] == 1 && input.shape[1] == audioChannels && input.shape[3] == bins
                     && input.shape[2] % frameMultiple == 0, "U-Net input \(input.shape)")
        var skips: [Tensor] = []
        var h = input
        for conv in down {
            h = conv(h).elu()
            skips.append(h)
        }
        skips.removeLast()
        for conv in up {
            h = conv(h).elu()
            if let skip = skips.popLast() { h = Tensor.concatenate([h, skip], dim: 1) }
        }
        let logits = head(Tensor.concatenate([h, input], dim: 1))
        let stems = stemNames.count, plane = audioChannels * input.shape[2] * bins
        var out = [Float](repeating: 0, count: stems * plane)
        logits.withUnsafeBufferPointer { l in
            for i in 0..<plane {
                var top = -Float.infinity
                for s in 0..<stems { top = max(top, l[s * plane + i]) }
                var sum: Float = 0
                for s in 0..<stems {
                    let e = expf(l[s * plane + i] - top)
                    out[s * plane + i] = e
                    sum += e
                }
                for s in 0..<stems { out[s * plane + i] /= sum }
            }
        }
        return Tensor(shape: [stems, audioChannels, input.shape[2], bins], scalars: out)
    }

    /// Separates a stereo pair at `sampleRate` (equal lengths): parts[stem][channel].
    func separate(left: [Float], right: [Float]) -> [[[Float]]] {
        let stft = STFT(fftSize: fftSize, hop: hop, maxThreads: 1)
        let spectra = [stft.forward(left), stft.forward(right)]
        let frames = spectra[0].frameCount, binCount = spectra[0].binCount
        let padded = (frames + frameMultiple - 1) / frameMultiple * frameMultiple
        var input = [Float](repeating: 0, count: 2 * padded * bins)
        for c in 0..<2 {
            let s = spectra[c]
            for f in 0..<frames {
                for k in 0..<bins {
                    let re = s.real[f * binCount + k], im = s.imaginary[f * binCount + k]
                    input[(c * padded + f) * bins + k] = log1pf((re * re + im * im).squareRoot())
                }
            }
        }
        let m = masks(Tensor(shape: [1, 2, padded, bins], scalars: input)).scalars
        let stems = stemNames.count
        // mask(stem, channel, frame, bin), bins above the modelled ones take the last one's.
        func mask(_ s: Int, _ c: Int, _ f: Int, _ k: Int) -> Float {
            m[((s * 2 + c) * padded + f) * bins + min(k, bins - 1)]
        }
        var out: [[ComplexSpectrogram]] = (0..<stems).map { s in
            (0..<2).map { c in
                var y = spectra[c]
                for f in 0..<frames {
                    for k in 0..<binCount {
                        let g = mask(s, c, f, k)
                        y.real[f * binCount + k] *= g
                        y.imaginary[f * binCount + k] *= g
                    }
                }
                return y
            }
        }
        for _ in 0..<wienerIterations { out = Self.wiener(out, mixture: spectra) }
        return out.map { $0.map { stft.inverse($0, length: left.count) } }
    }

    /// One EM iteration of the multichannel Wiener filter on stereo estimates `y[stem][channel]` of `mixture`
    /// (training/separation/unet.py's `wiener`; norbert's expectation_maximization): per stem, power
    /// v = mean over channels of |y|² and spatial covariance R(k) = Σ_f y yᴴ / (Σ_f v + ε); then
    /// y = v R (Σ_i v_i R_i + ε I)⁻¹ x. The gains sum to the identity, so the stems still add up to the mixture.
    public static func wiener(_ y: [[ComplexSpectrogram]], mixture x: [ComplexSpectrogram]) -> [[ComplexSpectrogram]] {
        let stems = y.count, frames = x[0].frameCount, bins = x[0].binCount
        let eps = 1e-10
        var out = y
        var v = [Double](repeating: 0, count: stems * frames)
        var r = [(a: Double, d: Double, bRe: Double, bIm: Double)](repeating: (0, 0, 0, 0), count: stems)
        for k in 0..<bins {
            for j in 0..<stems {
                var a = 0.0, d = 0.0, bRe = 0.0, bIm = 0.0, total = 0.0
                let l = y[j][0], rr = y[j][1]
                for f in 0..<frames {
                    let i = f * bins + k
                    let lr = Double(l.real[i]), li = Double(l.imaginary[i]), rRe = Double(rr.real[i]), rIm = Double(rr.imaginary[i])
                    let pl = lr * lr + li * li, pr = rRe * rRe + rIm * rIm
                    a += pl
                    d += pr
                    bRe += lr * rRe + li * rIm       // y0 · conj(y1)
                    bIm += li * rRe - lr * rIm
                    let power = (pl + pr) / 2
                    v[j * frames + f] = power
                    total += power
                }
                let n = total + eps
                r[j] = (a / n, d / n, bRe / n, bIm / n)
            }
            for f in 0..<frames {
                var ca = eps, cd = eps, cRe = 0.0, cIm = 0.0
                for j in 0..<stems {
                    let p = v[j * frames + f]
                    ca += p * r[j].a
                    cd += p * r[j].d
                    cRe += p * r[j].bRe
                    cIm += p * r[j].bIm
                }
                // inverse of [[ca, c], [conj c, cd]] = [[cd, -c], [-conj c, ca]] / det
                let det = ca * cd - (cRe * cRe + cIm * cIm)
                guard det > 0 else { continue }
                let i00 = cd / det, i11 = ca / det, i01Re = -cRe / det, i01Im = -cIm / det   // i10 = conj(i01)
                let i = f * bins + k
                let x0Re = Double(x[0].real[i]), x0Im = Double(x[0].imaginary[i])
                let x1Re = Double(x[1].real[i]), x1Im = Double(x[1].imaginary[i])
                // z = C⁻¹ x
                let z0Re = i00 * x0Re + (i01Re * x1Re - i01Im * x1Im)
                let z0Im = i00 * x0Im + (i01Re * x1Im + i01Im * x1Re)
                let z1Re = (i01Re * x0Re + i01Im * x0Im) + i11 * x1Re
                let z1Im = (i01Re * x0Im - i01Im * x0Re) + i11 * x1Im
                for j in 0..<stems {
                    let p = v[j * frames + f], rj = r[j]
                    // y = p R z, R = [[a, b], [conj b, d]]
                    let y0Re = p * (rj.a * z0Re + (rj.bRe * z1Re - rj.bIm * z1Im))
                    let y0Im = p * (rj.a * z0Im + (rj.bRe * z1Im + rj.bIm * z1Re))
                    let y1Re = p * ((rj.bRe * z0Re + rj.bIm * z0Im) + rj.d * z1Re)
                    let y1Im = p * ((rj.bRe * z0Im - rj.bIm * z0Re) + rj.d * z1Im)
                    out[j][0].real[i] = Float(y0Re)
                    out[j][0].imaginary[i] = Float(y0Im)
                    out[j][1].real[i] = Float(y1Re)
                    out[j][1].imaginary[i] = Float(y1Im)
                }
            }
        }
        return out
    }
}
