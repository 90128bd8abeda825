import Foundation
@testable import Neural
import Testing

/// CKernels' vector paths against the plain ones, at every vector level this CPU has (the levels above it
/// clamp down, so on an AVX2-only machine the AVX-512 cases rerun AVX2).
struct KernelTests {
    /// One convolution shape: batch, channels, image, kernel, padding, bias.
    struct ConvCase: Sendable, CustomTestStringConvertible {
        let n, cin, cout, h, w, kh, kw, ph, pw: Int
        let bias: Bool
        var testDescription: String { "\(n)x\(cin)x\(h)x\(w) -> \(cout), \(kh)x\(kw) pad \(ph),\(pw)\(bias ? " bias" : "")" }
    }

    static let convCases: [ConvCase] = [
        ConvCase(n: 1, cin: 3, cout: 5, h: 7, w: 9, kh: 3, kw: 3, ph: 1, pw: 1, bias: true),
        ConvCase(n: 2, cin: 17, cout: 13, h: 1, w: 1, kh: 3, kw: 3, ph: 1, pw: 1, bias: true),     // 1-pixel images
        ConvCase(n: 1, cin: 32, cout: 33, h: 9, w: 50, kh: 3, kw: 3, ph: 1, pw: 1, bias: false),
        ConvCase(n: 1, cin: 4, cout: 9, h: 6, w: 20, kh: 1, kw: 5, ph: 0, pw: 2, bias: true),
        ConvCase(n: 1, cin: 5, cout: 3, h: 8, w: 8, kh: 3, kw: 3, ph: 0, pw: 0, bias: false),
        ConvCase(n: 1, cin: 2, cout: 2, h: 3, w: 3, kh: 3, kw: 3, ph: 2, pw: 3, bias: true),       // padding > 1
        ConvCase(n: 1, cin: 20, cout: 7, h: 33, w: 70, kh: 5, kw: 5, ph: 2, pw: 2, bias: true),
        ConvCase(n: 2, cin: 16, cout: 24, h: 64, w: 97, kh: 3, kw: 3, ph: 1, pw: 1, bias: true),   // two workers
        ConvCase(n: 1, cin: 1, cout: 1, h: 1, w: 1, kh: 1, kw: 1, ph: 1, pw: 1, bias: false),
    ]

    @Test(arguments: convCases, [Int32(1), Int32(2)])
    func directConvolutionMatchesIm2col(_ s: ConvCase, level: Int32) {
        var rng = SeededGenerator(seed: UInt64(s.cin * 1000 + s.cout * 10 + s.h))
        let x = rng.gaussian(shape: [s.n, s.cin, s.h, s.w])
        let weight = rng.gaussian(shape: [s.cout, s.cin, s.kh, s.kw])
        let bias = s.bias ? rng.gaussian(shape: [s.cout]) : nil
        let g = ConvolutionGeometry(stride: (1, 1), padding: (s.ph, s.pw), dilation: (1, 1), groups: 1)
        let expected = convolve2d(x, weight: weight, bias: bias, geometry: g, level: 0)
        let direct = convolve2d(x, weight: weight, bias: bias, geometry: g, level: level)
        #expect(direct.shape == expected.shape)
        let scale = expected.scalars.map(abs).max() ?? 1
        #expect(direct.maxAbsDifference(expected) <= 1e-5 * max(scale, 1), "max error \(direct.maxAbsDifference(expected)), scale \(scale)")
    }

    /// Depthwise convolution (Coconet's blocks: dilated in both axes, padding = dilation) at every level against a
    /// direct Double sum, including dilations wider than the image and widths that end mid-vector.
    /// The 3×3 kernel has a path of its own; 2×2 and 5×5 take the general one.
    @Test(arguments: [(3, 1, 1, 1, 1, 3), (5, 46, 2, 4, 1, 3), (2, 17, 16, 2, 1, 3), (1, 70, 1, 1, 0, 3), (2, 5, 8, 4, 0, 3),
                      (3, 23, 2, 1, 1, 5), (2, 9, 1, 3, 0, 2)],
          [Int32(0), Int32(1), Int32(2)])
    func depthwiseMatchesADirectSum(_ shape: (Int, Int, Int, Int, Int, Int), level: Int32) {
        let (c, w, dh, dw, withBias, k) = shape
        let (n, h) = (2, 13)
        var rng = SeededGenerator(seed: UInt64(c * 100 + w + dh))
        let x = rng.gaussian(shape: [n, c, h, w])
        let weight = rng.gaussian(shape: [c, 1, k, k])
        let bias = withBias == 1 ? rng.gaussian(shape: [c]) : nil
        let (ph, pw) = (dh * (k - 1) / 2, dw * (k - 1) / 2)
        let (ho, wo) = (h + 2 * ph - dh * (k - 1), w + 2 * pw - dw * (k - 1))
        let g = ConvolutionGeometry(stride: (1, 1), padding: (ph, pw), dilation: (dh, dw), groups: c)
        let y = convolve2d(x, weight: weight, bias: bias, geometry: g, level: level)
        #expect(y.shape == [n, c, ho, wo])
        let (xs, ws, ys) = (x.scalars, weight.scalars, y.scalars)
        var worst = 0.0
        for b in 0..<n {
            for ch in 0..<c {
                for r in 0..<ho {
                    for col in 0..<wo {
                        var sum = Double(bias?.scalars[ch] ?? 0)
                        for i in 0..<k {
                            for j in 0..<k {
                                let (iy, ix) = (r + i * dh - ph, col + j * dw - pw)
                                guard (0..<h).contains(iy), (0..<w).contains(ix) else { continue }
                                sum += Double(ws[(ch * k + i) * k + j]) * Double(xs[((b * c + ch) * h + iy) * w + ix])
                            }
                        }
                        worst = max(worst, abs(sum - Double(ys[((b * c + ch) * ho + r) * wo + col])))
                    }
                }
            }
        }
        #expect(worst < 1e-5, "max error \(worst)")
    }

    /// The vectorized sigmoid/tanh over the whole float range that matters, against a Double reference.
    @Test(arguments: [Int32(0), Int32(1), Int32(2)], [1, 7, 16, 37, 512])
    func lstmGatesMatchTheDoubleReference(level: Int32, units n: Int) {
        var rng = SeededGenerator(seed: UInt64(n))
        // Pre-activations from tiny to saturating (and past expf's overflow point), c around its usual range.
        let spread: [Float] = [1e-4, 0.3, 0.7, 3, 20, 120]
        var gates = (0..<4 * n).map { i in Float(rng.gaussian(shape: [1]).scalars[0]) * spread[i % spread.count] }
        var c = rng.gaussian(shape: [n]).scalars.map { $0 * 2 }
        var h = [Float](repeating: .nan, count: n)
        func sigmoid(_ x: Float) -> Double { 1 / (1 + Foundation.exp(-Double(x))) }
        let expectedC = (0..<n).map { j in sigmoid(gates[n + j]) * Double(c[j]) + sigmoid(gates[j]) * Foundation.tanh(Double(gates[2 * n + j])) }
        let expectedH = (0..<n).map { j in sigmoid(gates[3 * n + j]) * Foundation.tanh(expectedC[j]) }
        gates.withUnsafeMutableBufferPointer { g in
            Gates.lstm(gates: g.baseAddress!, c: &c, h: &h, n: n, level: level)
        }
        // A few float roundings of values up to ~5: far inside the golden tests' 1e-4.
        let errorC = zip(c, expectedC).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
        let errorH = zip(h, expectedH).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(errorC <= 1e-6, "c error \(errorC)")
        #expect(errorH <= 1e-6, "h error \(errorH)")
    }
}
