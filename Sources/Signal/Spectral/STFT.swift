import Dispatch
import Foundation

/// The short-time Fourier transform and its inverse, on FFTW real transforms.
///
/// Frame `f` starts at sample `f * hop` of the signal — of the signal padded with `fftSize / 2`
/// zeros at each end when `center` is true (librosa's default framing, so frame `f` is centred on
/// sample `f * hop`). Spectra are unnormalised (`X[k] = Σ w[n] x[n] e^{-2πikn/N}`), as numpy and
/// librosa give them. `inverse` is a least-squares overlap-add (Griffin & Lim 1984): it divides by
/// the summed squared window, so `inverse(forward(x)) == x` for any window whose squares overlap
/// without gaps at this hop.
///
/// A value is cheap to make and `Sendable`; FFTW plans are shared per size (see `RealFFT`), so
/// any number of threads may transform at once.
public struct STFT: Sendable {
    /// Transform length in samples (even).
    public let fftSize: Int
    /// Samples between frame starts.
    public let hop: Int
    /// The analysis (and synthesis) window, `fftSize` samples.
    public let window: [Float]
    /// Whether frames are centred on `f * hop` (signal zero-padded by `fftSize / 2` each side).
    public let center: Bool
    /// Most threads `magnitudes`/`forward` use on a long signal (default: the active cores, at most 8).
    public var maxThreads: Int

    /// An STFT of `fftSize` samples every `hop` samples; the window defaults to periodic Hann.
    public init(fftSize: Int, hop: Int, window: [Float]? = nil, center: Bool = true,
                maxThreads: Int = min(ProcessInfo.processInfo.activeProcessorCount, 8)) {
        precondition(fftSize >= 2 && fftSize % 2 == 0, "fftSize must be even and at least 2")
        precondition(hop > 0, "hop must be positive")
        let window = window ?? Window.hann(fftSize)
        precondition(window.count == fftSize, "window length must equal fftSize")
        self.fftSize = fftSize
        self.hop = hop
        self.window = window
        self.center = center
        self.maxThreads = max(1, maxThreads)
    }

    /// Bins per frame: `fftSize / 2 + 1`, from 0 Hz to Nyquist.
    public var binCount: Int { fftSize / 2 + 1 }

    /// The centre frequency of `bin` in Hz at `sampleRate`.
    public func frequency(ofBin bin: Int, sampleRate: Double) -> Double {
        Double(bin) * sampleRate / Double(fftSize)
    }

    /// How many frames a signal of `sampleCount` samples gives.
    ///
    /// Uncentred, only whole frames count (a signal shorter than `fftSize` gives none);
    /// centred, `1 + sampleCount / hop` as librosa.
    public func frameCount(forSampleCount sampleCount: Int) -> Int {
        if center { return sampleCount / hop + 1 }
        return sampleCount < fftSize ? 0 : (sampleCount - fftSize) / hop + 1
    }

    /// Magnitude spectrogram |X|, `frameCount × binCount`.
    public func magnitudes(_ signal: [Float]) -> Spectrogram {
        let frames = frameCount(forSampleCount: signal.count)
        let bins = binCount
        // Every element is written below, so skip zero-filling what can be tens of megabytes.
        let values = [Float](unsafeUninitializedCapacity: frames * bins) { out, count in
            if let base = out.baseAddress { HugePages.advise(base, bytes: frames * bins * 4) }
            writeMagnitudes(signal, frames: frames, into: out.baseAddress!)
            count = frames * bins
        }
        return Spectrogram(values: values, frameCount: frames, binCount: bins)
    }

    /// Magnitude spectrogram |X| written into `spectrogram`, reusing its storage when it is
    /// uniquely held and large enough. For views that recompute often (a scrolling spectrogram):
    /// fresh tens-of-megabytes arrays cost more in page faults than the FFTs themselves.
    public func magnitudes(_ signal: [Float], into spectrogram: inout Spectrogram) {
        let frames = frameCount(forSampleCount: signal.count)
        let bins = binCount
        var values: [Float] = []
        swap(&values, &spectrogram.values)   // keeps the storage uniquely referenced: no copy on write
        if values.count != frames * bins {
            values.removeAll(keepingCapacity: true)
            values.append(contentsOf: repeatElement(0, count: frames * bins))
        }
        values.withUnsafeMutableBufferPointer { out in
            writeMagnitudes(signal, frames: frames, into: out.baseAddress!)
        }
        spectrogram = Spectrogram(values: values, frameCount: frames, binCount: bins)
    }

    private func writeMagnitudes(_ signal: [Float], frames: Int, into out: UnsafeMutablePointer<Float>) {
        let bins = binCount
        transformFrames(signal, frames: frames) { frame, spectrum in
            let row = out + frame * bins
            for k in 0..<bins {
                let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                row[k] = (re * re + im * im).squareRoot()
            }
        }
    }

    /// Power spectrogram |X|², `frameCount × binCount`.
    public func powers(_ signal: [Float]) -> Spectrogram {
        var spectrogram = magnitudes(signal)
        for i in spectrogram.values.indices { spectrogram.values[i] *= spectrogram.values[i] }
        return spectrogram
    }

    /// The complex spectrum of every frame.
    public func forward(_ signal: [Float]) -> ComplexSpectrogram {
        let frames = frameCount(forSampleCount: signal.count)
        let bins = binCount
        var real = [Float](repeating: 0, count: frames * bins)
        var imaginary = real
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                transformFrames(signal, frames: frames) { frame, spectrum in
                    for k in 0..<bins {
                        re[frame * bins + k] = spectrum[2 * k]
                        im[frame * bins + k] = spectrum[2 * k + 1]
                    }
                }
            }
        }
        return ComplexSpectrogram(real: real, imaginary: imaginary, frameCount: frames, binCount: bins)
    }

    /// The signal whose STFT is closest to `spectrogram` (windowed overlap-add divided by the
    /// summed squared window). `length` trims or zero-extends the result; by default it is the
    /// longest signal the frames cover (`(frames − 1) · hop + fftSize`, minus the centring pad).
    public func inverse(_ spectrogram: ComplexSpectrogram, length: Int? = nil) -> [Float] {
        precondition(spectrogram.binCount == binCount, "spectrogram has \(spectrogram.binCount) bins, STFT \(binCount)")
        let frames = spectrogram.frameCount
        let pad = center ? fftSize / 2 : 0
        let padded = frames == 0 ? 0 : (frames - 1) * hop + fftSize
        var sum = [Float](repeating: 0, count: padded)
        var weight = [Float](repeating: 0, count: padded)
        let fft = RealFFT.shared(size: fftSize)
        let scratch = FFTScratch(size: fftSize)
        defer { scratch.free() }
        let n = fftSize, bins = binCount
        let scale = 1 / Float(n)
        let scaled = window.map { $0 * scale }, squared = window.map { $0 * $0 }
        // Raw pointers: the arrays' bounds checks kept these loops from vectorizing.
        sum.withUnsafeMutableBufferPointer { sumBuffer in
            weight.withUnsafeMutableBufferPointer { weightBuffer in
                spectrogram.real.withUnsafeBufferPointer { re in
                    spectrogram.imaginary.withUnsafeBufferPointer { im in
                        scaled.withUnsafeBufferPointer { ws in
                            squared.withUnsafeBufferPointer { w2 in
                                let complex = scratch.complex, real = scratch.real
                                for frame in 0..<frames {
                                    let r = re.baseAddress! + frame * bins, j = im.baseAddress! + frame * bins
                                    for k in 0..<bins {
                                        complex[2 * k] = r[k]
                                        complex[2 * k + 1] = j[k]
                                    }
                                    fft.inverse(scratch)
                                    let out = sumBuffer.baseAddress! + frame * hop, wsum = weightBuffer.baseAddress! + frame * hop
                                    for i in 0..<n {
                                        out[i] += real[i] * ws[i]
                                        wsum[i] += w2[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Where no window reaches (a zero window end with no overlap) the sum is 0 anyway.
        let tiny = Float.leastNormalMagnitude * Float(n)
        let outputLength = length ?? max(padded - 2 * pad, 0)
        var out = [Float](repeating: 0, count: outputLength)
        for i in 0..<min(outputLength, max(padded - pad, 0)) {
            let w = weight[i + pad]
            out[i] = w > tiny ? sum[i + pad] / w : 0
        }
        return out
    }

    /// Windows each frame into scratch, transforms it and hands the interleaved spectrum to `body`.
    /// Long signals are split into contiguous runs of frames done on up to `maxThreads` threads,
    /// each with its own scratch (one shared plan); `body` must only write the frame it is given.
    private func transformFrames(_ signal: [Float], frames: Int,
                                 _ body: (Int, UnsafeMutablePointer<Float>) -> Void) {
        guard frames > 0 else { return }
        let fft = RealFFT.shared(size: fftSize)
        let threads = max(1, min(maxThreads, frames / Self.minimumFramesPerThread))
        signal.withUnsafeBufferPointer { x in
            window.withUnsafeBufferPointer { w in
                if threads == 1 {
                    transform(x, w, fft, frames: 0..<frames, body)
                    return
                }
                withoutActuallyEscaping(body) { body in
                    // Safe to share: the buffers outlive the call and each part writes its own frames.
                    let job = ThreadShared((x, w, body))
                    DispatchQueue.concurrentPerform(iterations: threads) { part in
                        let (x, w, body) = job.value
                        transform(x, w, fft, frames: (part * frames / threads)..<((part + 1) * frames / threads), body)
                    }
                }
            }
        }
    }

    /// Below this many frames per thread, splitting costs more than it saves.
    static let minimumFramesPerThread = 256

    private func transform(_ x: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>, _ fft: RealFFT,
                           frames: Range<Int>, _ body: (Int, UnsafeMutablePointer<Float>) -> Void) {
        let scratch = FFTScratch(size: fftSize)
        defer { scratch.free() }
        let n = fftSize
        let pad = center ? n / 2 : 0
        for frame in frames {
            let start = frame * hop - pad
            if start >= 0 && start + n <= x.count {
                let src = x.baseAddress! + start
                for i in 0..<n { scratch.real[i] = src[i] * w[i] }
            } else {
                // Edge frame of a centred STFT: the padding is zeros.
                for i in 0..<n {
                    let j = start + i
                    scratch.real[i] = (j >= 0 && j < x.count) ? x[j] * w[i] : 0
                }
            }
            fft.forward(scratch)
            body(frame, scratch.complex)
        }
    }
}

/// Hands values that are only read (or written at disjoint places) to `concurrentPerform`'s threads.
struct ThreadShared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
