import Foundation
@testable import Neural
import Testing

/// CKernels' vector paths against the plain ones, at every vector level this CPU has (the levels above it
/// clamp down, so on an AVX2-only machine the AVX-512 cases rerun AVX2).
struct KernelTests {
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
