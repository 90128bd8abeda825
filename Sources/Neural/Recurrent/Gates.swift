import Foundation

/// The LSTM's pointwise update.
///
/// Scalar libm on purpose: a 16-lane `SIMD16<Float>` exp measured 10.7 ns per element here against 1.6 ns
/// for glibc's `expf` (Swift's generic SIMD code is not vectorized for the baseline x86-64 target).
enum Gates {
    /// c ← σ(f)·c + σ(i)·tanh(g); h ← σ(o)·tanh(c), for gates laid out [i | f | g | o], each `n` wide.
    @inline(__always)
    static func lstm(gates g: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, n: Int) {
        for j in 0..<n {
            let i = sigmoidValue(g[j]), f = sigmoidValue(g[n + j])
            let cell = Foundation.tanh(g[2 * n + j]), o = sigmoidValue(g[3 * n + j])
            let next = f * c[j] + i * cell
            c[j] = next
            h[j] = o * Foundation.tanh(next)
        }
    }
}
