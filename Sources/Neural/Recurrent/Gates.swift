import Foundation

/// The LSTM's pointwise update, sixteen lanes at a time.
///
/// Each step evaluates 5·H sigmoids and tanhs; with libm's scalar calls that was a third of a 512-wide
/// decode step, so they use a vectorized exp (Cephes' expf polynomial, relative error about 2e-7).
enum Gates {
    typealias Lanes = SIMD16<Float>

    /// eˣ for each lane, x clamped to ±88 so the result stays finite.
    @inline(__always)
    static func exp(_ x: Lanes) -> Lanes {
        var x = x.clamped(lowerBound: Lanes(repeating: -87.3), upperBound: Lanes(repeating: 88.3))
        let n = (x * 1.442_695_04 + 0.5).rounded(.down)
        x = x - n * 0.693_359_375 + n * 2.121_944_40e-4
        let z = x * x
        var p = Lanes(repeating: 1.987_569_15e-4)
        p = p * x + 1.398_199_95e-3
        p = p * x + 8.333_451_91e-3
        p = p * x + 4.166_579_59e-2
        p = p * x + 1.666_666_55e-1
        p = p * x + 5.000_000_12e-1
        let y = p * z + x + 1
        let exponent = (SIMD16<Int32>(n, rounding: .towardZero) &+ 127) &<< 23
        return y * unsafeBitCast(exponent, to: Lanes.self)
    }

    @inline(__always)
    static func sigmoid(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

    @inline(__always)
    static func tanh(_ x: Lanes) -> Lanes { 1 - 2 / (exp(x + x) + 1) }

    /// c ← σ(f)·c + σ(i)·tanh(g); h ← σ(o)·tanh(c), for gates laid out [i | f | g | o], each `n` wide.
    static func lstm(gates g: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, n: Int) {
        var j = 0
        while j + 16 <= n {
            let load = { (p: UnsafePointer<Float>) in UnsafeRawPointer(p + j).loadUnaligned(as: Lanes.self) }
            let i = sigmoid(load(g)), f = sigmoid(load(g + n)), cell = tanh(load(g + 2 * n)), o = sigmoid(load(g + 3 * n))
            let next = f * UnsafeRawPointer(c + j).loadUnaligned(as: Lanes.self) + i * cell
            UnsafeMutableRawPointer(c + j).storeBytes(of: next, as: Lanes.self)
            UnsafeMutableRawPointer(h + j).storeBytes(of: o * tanh(next), as: Lanes.self)
            j += 16
        }
        while j < n {
            let i = sigmoidValue(g[j]), f = sigmoidValue(g[n + j])
            let cell = Foundation.tanh(g[2 * n + j]), o = sigmoidValue(g[3 * n + j])
            let next = f * c[j] + i * cell
            c[j] = next
            h[j] = o * Foundation.tanh(next)
            j += 1
        }
    }
}
