/// Elementwise functions written so the compiler vectorizes the loops that call them (libm's scalar calls were
/// a sixth of the separator's time: docs/benchmarks.md, "Models: StemSeparator").
public enum FastMath {
    /// eˣ within 2 × 10⁻⁷ relative of libm's `expf` for x in −87…88 (tested); 0 below, +∞ above.
    ///
    /// x = n · ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two for an exact product), eʳ by its Taylor series to
    /// r⁷ (remainder under 5 × 10⁻⁹), scaled by 2ⁿ through the exponent bits.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87), 88)
        // n = round(x / ln 2) without a call: adding 1.5 · 2²³ leaves n in the low mantissa bits.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693_145_751_953_125 - n * 1.428_606_765_330_187_e-6
        let p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040))))))
        let scale = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        let y = p * scale
        return x < -87 ? 0 : (x > 88 ? .infinity : y)
    }

    /// tanh x = 1 − 2 / (e²ˣ + 1), through `exp`: within 5 × 10⁻⁷ of libm's `tanhf` (tested).
    @inlinable @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        1 - 2 / (exp(2 * Swift.min(Swift.max(x, -20), 20)) + 1)
    }

    /// (sin πv, cos πv) for v in −1…1 (clamped there), within 10⁻⁶ of the exact values (tested; 6.6 × 10⁻⁷ at worst): the Taylor series of
    /// the half angle h = πv / 2 (|h| ≤ π/2; remainders under 6 × 10⁻⁸), then sin = 2 sin h cos h and
    /// cos = 1 − 2 sin² h.
    @inlinable @inline(__always)
    public static func sinCosPi(_ v: Float) -> (sin: Float, cos: Float) {
        let h = Swift.min(Swift.max(v, -1), 1) * (Float.pi / 2), h2 = h * h
        let s = h * (1 - h2 / 6 * (1 - h2 / 20 * (1 - h2 / 42 * (1 - h2 / 72 * (1 - h2 / 110)))))
        let c = 1 - h2 / 2 * (1 - h2 / 12 * (1 - h2 / 30 * (1 - h2 / 56 * (1 - h2 / 90 * (1 - h2 / 132)))))
        return (2 * s * c, 1 - 2 * s * s)
    }
}
