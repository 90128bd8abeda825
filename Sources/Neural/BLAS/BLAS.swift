import CBLAS
import CKernels

/// The vector level CKernels' hand-written kernels run at on this CPU: 2 AVX-512, 1 AVX2 + FMA, 0 plain C.
enum Kernels {
    static let level = kanade_simd_level()
}

/// Thin wrappers over OpenBLAS for row-major float matrices, so the layers read like the math.
enum BLAS {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, row-major; `transA`/`transB` transpose A and B.
    @inline(__always)
    static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y[m] = A[m×n] · x + beta · y, row-major A: our own kernel (CKernels), faster than Debian's OpenBLAS
    /// sgemv for a recurrent step's shapes and single-threaded by design.
    @inline(__always)
    static func gemv(
        m: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        if m == 0 { return }
        kanade_sgemv_rows(Int32(m), Int32(n), a, Int32(lda), x, beta, y)
    }
}

extension BLAS {
    /// out[rows×m] = input[rows×k] · weight[m×k]ᵀ + beta·out: a linear layer's product, gemv for one row.
    @inline(__always)
    static func linear(_ input: UnsafePointer<Float>, rows: Int, weight: UnsafePointer<Float>, outputs m: Int,
                       inputs k: Int, beta: Float, into out: UnsafeMutablePointer<Float>) {
        if rows == 1 {
            gemv(m: m, n: k, a: weight, lda: k, x: input, beta: beta, y: out)
        } else {
            gemm(transB: true, m: rows, n: m, k: k, a: input, lda: k, b: weight, ldb: k, beta: beta, c: out, ldc: m)
        }
    }
}

/// OpenBLAS's worker threads, which help large products and hurt small ones.
public enum BLASThreads {
    /// How many threads OpenBLAS uses now.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// Sets how many threads OpenBLAS uses (process-wide).
    public static func set(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

    /// Runs `body` with OpenBLAS limited to `n` threads, then restores the previous count.
    ///
    /// Matrix-vector products of a few MB finish in tens of microseconds; waking a second thread for them
    /// costs more than it saves, badly so on a busy 2-core machine.
    @inline(__always)
    static func limited<R>(to n: Int?, _ body: () -> R) -> R {
        guard let n else { return body() }
        let previous = openblas_get_num_threads()
        if previous == Int32(n) { return body() }
        openblas_set_num_threads(Int32(n))
        defer { openblas_set_num_threads(previous) }
        return body()
    }
}
