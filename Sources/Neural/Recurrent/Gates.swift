import CKernels

/// The LSTM's pointwise update.
///
/// In C (CKernels, `gates.c`): a vectorized Cephes exp/tanh at AVX-512 or AVX2 width, chosen at run time. The
/// scalar glibc `expf` was about a fifth of a batch-1 decode step, and Swift's generic `SIMD16<Float>` math is
/// not vectorized for the baseline x86-64 target (docs/benchmarks.md, "Neural").
enum Gates {
    /// c ← σ(f)·c + σ(i)·tanh(g); h ← σ(o)·tanh(c), for gates laid out [i | f | g | o], each `n` wide.
    /// `level` caps the vector level (tests check each one).
    @inline(__always)
    static func lstm(gates g: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, n: Int,
                     level: Int32 = Kernels.level) {
        kanade_lstm_gates(level, g, c, h, Int32(n))
    }
}
