/// The complex short-time spectrum: what `STFT.forward` returns and `STFT.inverse` takes.
///
/// Split real and imaginary planes, each row-major `frameCount × binCount` like `Spectrogram`.
public struct ComplexSpectrogram: Sendable, Equatable {
    /// Real parts, `frameCount × binCount`.
    public var real: [Float]
    /// Imaginary parts, `frameCount × binCount`.
    public var imaginary: [Float]
    /// Number of frames.
    public let frameCount: Int
    /// Number of bins per frame (`fftSize / 2 + 1`).
    public let binCount: Int

    /// A complex spectrogram from split planes of `frameCount * binCount` values each.
    public init(real: [Float], imaginary: [Float], frameCount: Int, binCount: Int) {
        precondition(real.count == frameCount * binCount && imaginary.count == real.count,
                     "planes do not fill frameCount × binCount")
        self.real = real
        self.imaginary = imaginary
        self.frameCount = frameCount
        self.binCount = binCount
    }

    /// |X|, frame by frame.
    public var magnitudes: Spectrogram {
        var out = [Float](repeating: 0, count: real.count)
        for i in 0..<real.count { out[i] = (real[i] * real[i] + imaginary[i] * imaginary[i]).squareRoot() }
        return Spectrogram(values: out, frameCount: frameCount, binCount: binCount)
    }

    /// Phase angle in radians, frame by frame.
    public var phases: Spectrogram {
        var out = [Float](repeating: 0, count: real.count)
        for i in 0..<real.count { out[i] = atan2f(imaginary[i], real[i]) }
        return Spectrogram(values: out, frameCount: frameCount, binCount: binCount)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
