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
    /// Wiener/EM iterations after the masks (0: the masks alone). The model file's `wiener_iterations` (the
    /// setting chosen on the validation songs), 1 for files that do not say.
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
        if config.values["wiener_iterations"] != nil { wienerIterations = max(0, try config.int("wiener_iterations")) }
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
            h = conv(h)
            h.formELU()
            skips.append(h)
        }
        skips.removeLast()
        for conv in up {
            h = conv(h)
            h.formELU()
            if let skip = skips.popLast() { h = Tensor.concatenate([h, skip], dim: 1) }
        }
        let logits = head(Tensor.concatenate([h, input], dim: 1))
        // The softmax over the stems in place, one stem plane after another so the loops vectorize.
        let stems = stemNames.count, plane = audioChannels * input.shape[2] * bins
        var out = logits.reshaped([stems, audioChannels, input.shape[2], bins])
        out.withUnsafeMutableBufferPointer { buffer in
            let l = buffer.baseAddress!
            let top = UnsafeMutablePointer<Float>.allocate(capacity: plane), sum = UnsafeMutablePointer<Float>.allocate(capacity: plane)
            defer { top.deallocate(); sum.deallocate() }
            top.update(from: l, count: plane)
            for s in 1..<max(stems, 1) { let p = l + s * plane; for i in 0..<plane { top[i] = max(top[i], p[i]) } }
            sum.update(repeating: 0, count: plane)
            for s in 0..<stems {
                let p = l + s * plane
                for i in 0..<plane { let e = FastMath.exp(p[i] - top[i]); p[i] = e; sum[i] += e }
            }
            for i in 0..<plane { sum[i] = 1 / sum[i] }
            for s in 0..<stems { let p = l + s * plane; for i in 0..<plane { p[i] *= sum[i] } }
        }
        return out
    }

    /// Separates a stereo pair at `sampleRate` (equal lengths): parts[stem][channel].
    func separate(left: [Float], right: [Float]) -> [[[Float]]] {
        let stft = STFT(fftSize: fftSize, hop: hop, maxThreads: 1)
        let spectraBox = Results<ComplexSpectrogram>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { c in spectraBox.set(c, stft.forward(c == 0 ? left : right)) }
        let spectra = spectraBox.values
        let frames = spectra[0].frameCount, binCount = spectra[0].binCount
        let padded = (frames + frameMultiple - 1) / frameMultiple * frameMultiple
        var input = [Float](repeating: 0, count: 2 * padded * bins)
        for c in 0..<2 {
            let s = spectra[c]
            for f in 0..<frames {
                for k in 0..<bins {
                    let re = s.real[f * binCount + k], im = s.imaginary[f * binCount + k]
                    input[(c * padded + f) * bins + k] = AttackEnvelope.logOnePlus((re * re + im * im).squareRoot())
                }
            }
        }
        let m = masks(Tensor(shape: [1, 2, padded, bins], scalars: input))
        let stems = stemNames.count, length = left.count, modelled = bins
        // Stem s, channel c: the mixture's spectrum times mask(s, c, frame, bin), bins above the modelled ones
        // taking the last one's; with no Wiener step each is turned back into audio in the same task.
        let wiener = wienerIterations
        let maskedBox = Results<ComplexSpectrogram>(count: wiener > 0 ? 2 * stems : 0)
        let audioBox = Results<[Float]>(count: 2 * stems)
        m.withUnsafeBufferPointer { maskBuffer in
            let shared = WorkerShared(maskBuffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: 2 * stems) { p in
                let (s, c) = (p / 2, p % 2)
                let x = spectra[c], plane = shared.value + (s * 2 + c) * padded * modelled
                var re = [Float](repeating: 0, count: frames * binCount), im = re
                re.withUnsafeMutableBufferPointer { yr in
                    im.withUnsafeMutableBufferPointer { yi in
                        x.real.withUnsafeBufferPointer { xr in
                            x.imaginary.withUnsafeBufferPointer { xi in
                                for f in 0..<frames {
                                    let row = f * binCount, g = plane + f * modelled
                                    for k in 0..<modelled {
                                        yr[row + k] = xr[row + k] * g[k]
                                        yi[row + k] = xi[row + k] * g[k]
                                    }
                                    let top = g[modelled - 1]
                                    for k in modelled..<binCount {
                                        yr[row + k] = xr[row + k] * top
                                        yi[row + k] = xi[row + k] * top
                                    }
                                }
                            }
                        }
                    }
                }
                let y = ComplexSpectrogram(real: re, imaginary: im, frameCount: frames, binCount: binCount)
                if wiener > 0 { maskedBox.set(p, y) } else { audioBox.set(p, stft.inverse(y, length: length)) }
            }
        }
        if wiener > 0 {
            let masked = maskedBox.values
            var out: [[ComplexSpectrogram]] = (0..<stems).map { s in [masked[2 * s], masked[2 * s + 1]] }
            for _ in 0..<wiener { out = Self.wiener(out, mixture: spectra) }
            let estimates = out
            DispatchQueue.concurrentPerform(iterations: 2 * stems) { p in
                audioBox.set(p, stft.inverse(estimates[p / 2][p % 2], length: length))
            }
        }
        let audio = audioBox.values
        return (0..<stems).map { s in [audio[2 * s], audio[2 * s + 1]] }
    }

    /// One EM iteration of the multichannel Wiener filter on stereo estimates `y[stem][channel]` of `mixture`
    /// (training/separation/unet.py's `wiener`; norbert's expectation_maximization): per stem, power
    /// v = mean over channels of |y|² and spatial covariance R(k) = Σ_f y yᴴ / (Σ_f v + ε); then
    /// y = v R (Σ_i v_i R_i + ε I)⁻¹ x. The gains sum to the identity, so the stems still add up to the mixture.
    public static func wiener(_ y: [[ComplexSpectrogram]], mixture x: [ComplexSpectrogram]) -> [[ComplexSpectrogram]] {
        let stems = y.count, frames = x[0].frameCount, bins = x[0].binCount, n = frames * bins
        let eps = 1e-10
        // Flat planes: plane (stem * 2 + channel) of yRe/yIm; then the mixture's two channels.
        var yRe = [Float](), yIm = [Float]()
        yRe.reserveCapacity(2 * stems * n + 2 * n)
        yIm.reserveCapacity(2 * stems * n + 2 * n)
        for j in 0..<stems { for c in 0..<2 { yRe += y[j][c].real; yIm += y[j][c].imaginary } }
        for c in 0..<2 { yRe += x[c].real; yIm += x[c].imaginary }
        var outRe = [Float](repeating: 0, count: 2 * stems * n), outIm = outRe
        // Per stem and bin: the covariance entries a = R00, d = R11, b = R01 (complex), over Σ_f v.
        var cov = [Double](repeating: 0, count: 4 * stems * bins)
        let workers = min(2, ProcessInfo.processInfo.activeProcessorCount)
        yRe.withUnsafeBufferPointer { reBuffer in
            yIm.withUnsafeBufferPointer { imBuffer in
                cov.withUnsafeMutableBufferPointer { covBuffer in
                    outRe.withUnsafeMutableBufferPointer { oReBuffer in
                        outIm.withUnsafeMutableBufferPointer { oImBuffer in
                            let planes = Planes(re: reBuffer.baseAddress!, im: imBuffer.baseAddress!, r: covBuffer.baseAddress!,
                                                oRe: oReBuffer.baseAddress!, oIm: oImBuffer.baseAddress!)
                            // Pass 1, one stem per task, frame by frame (contiguous rows).
                            DispatchQueue.concurrentPerform(iterations: stems) { j in
                                let re = planes.re, im = planes.im, r = planes.r
                                let lRe = re + 2 * j * n, lIm = im + 2 * j * n, rRe = re + (2 * j + 1) * n, rIm = im + (2 * j + 1) * n
                                var a = [Double](repeating: 0, count: bins), d = a, bRe = a, bIm = a, total = a
                                for f in 0..<frames {
                                    for k in 0..<bins {
                                        let i = f * bins + k
                                        let lr = Double(lRe[i]), li = Double(lIm[i]), rr = Double(rRe[i]), ri = Double(rIm[i])
                                        let pl = lr * lr + li * li, pr = rr * rr + ri * ri
                                        a[k] += pl
                                        d[k] += pr
                                        bRe[k] += lr * rr + li * ri       // y0 · conj(y1)
                                        bIm[k] += li * rr - lr * ri
                                        total[k] += (pl + pr) / 2
                                    }
                                }
                                for k in 0..<bins {
                                    let scale = 1 / (total[k] + eps), o = 4 * (j * bins + k)
                                    r[o] = a[k] * scale; r[o + 1] = d[k] * scale; r[o + 2] = bRe[k] * scale; r[o + 3] = bIm[k] * scale
                                }
                            }
                            // Pass 2: the gains cell by cell, frames split between workers.
                            DispatchQueue.concurrentPerform(iterations: workers) { w in
                                let re = planes.re, im = planes.im, r = planes.r, oRe = planes.oRe, oIm = planes.oIm
                                var v = [Double](repeating: 0, count: stems)
                                let x0Re = re + 2 * stems * n, x0Im = im + 2 * stems * n
                                let x1Re = re + (2 * stems + 1) * n, x1Im = im + (2 * stems + 1) * n
                                for f in stride(from: w, to: frames, by: workers) {
                                    for k in 0..<bins {
                                        let i = f * bins + k
                                        var ca = eps, cd = eps, cRe = 0.0, cIm = 0.0
                                        for j in 0..<stems {
                                            let p0 = 2 * j * n + i, p1 = p0 + n
                                            let lr = Double(re[p0]), li = Double(im[p0]), rr = Double(re[p1]), ri = Double(im[p1])
                                            let p = (lr * lr + li * li + rr * rr + ri * ri) / 2
                                            v[j] = p
                                            let o = 4 * (j * bins + k)
                                            ca += p * r[o]
                                            cd += p * r[o + 1]
                                            cRe += p * r[o + 2]
                                            cIm += p * r[o + 3]
                                        }
                                        // inverse of [[ca, c], [conj c, cd]] = [[cd, -c], [-conj c, ca]] / det
                                        let det = ca * cd - (cRe * cRe + cIm * cIm)
                                        guard det > 0 else {
                                            for j in 0..<stems {
                                                for c in 0..<2 { let p = (2 * j + c) * n + i; oRe[p] = re[p]; oIm[p] = im[p] }
                                            }
                                            continue
                                        }
                                        let i00 = cd / det, i11 = ca / det, i01Re = -cRe / det, i01Im = -cIm / det   // i10 = conj(i01)
                                        let a0 = Double(x0Re[i]), b0 = Double(x0Im[i]), a1 = Double(x1Re[i]), b1 = Double(x1Im[i])
                                        // z = C⁻¹ x
                                        let z0Re = i00 * a0 + (i01Re * a1 - i01Im * b1)
                                        let z0Im = i00 * b0 + (i01Re * b1 + i01Im * a1)
                                        let z1Re = (i01Re * a0 + i01Im * b0) + i11 * a1
                                        let z1Im = (i01Re * b0 - i01Im * a0) + i11 * b1
                                        for j in 0..<stems {
                                            let p = v[j], o = 4 * (j * bins + k)
                                            let ra = r[o], rd = r[o + 1], rbRe = r[o + 2], rbIm = r[o + 3]
                                            let p0 = 2 * j * n + i, p1 = p0 + n
                                            // y = p R z, R = [[a, b], [conj b, d]]
                                            oRe[p0] = Float(p * (ra * z0Re + (rbRe * z1Re - rbIm * z1Im)))
                                            oIm[p0] = Float(p * (ra * z0Im + (rbRe * z1Im + rbIm * z1Re)))
                                            oRe[p1] = Float(p * ((rbRe * z0Re + rbIm * z0Im) + rd * z1Re))
                                            oIm[p1] = Float(p * ((rbRe * z0Im - rbIm * z0Re) + rd * z1Im))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<stems).map { j in
            (0..<2).map { c in
                let p = (2 * j + c) * n
                return ComplexSpectrogram(real: Array(outRe[p..<(p + n)]), imaginary: Array(outIm[p..<(p + n)]),
                                          frameCount: frames, binCount: bins)
            }
        }
    }
}

/// Raw planes shared by the Wiener filter's workers; each writes only its own cells.
private struct Planes: @unchecked Sendable {
    let re: UnsafePointer<Float>, im: UnsafePointer<Float>, r: UnsafeMutablePointer<Double>
    let oRe: UnsafeMutablePointer<Float>, oIm: UnsafeMutablePointer<Float>
}
