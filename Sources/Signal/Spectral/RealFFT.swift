import CFFTW
import Synchronization

/// FFTW plans for real transforms of one size, shared by every thread.
///
/// FFTW's planner is not thread-safe, its execute functions are (fftw3 manual, "Thread safety").
/// So plans are made once per size under one process-wide lock and then run through the
/// new-array execute functions (`fftwf_execute_dft_r2c(plan, in, out)`) on each caller's own
/// buffers: one plan serves any number of threads at once. Plans live for the whole process.
final class RealFFT: @unchecked Sendable {
    /// Transform length in samples.
    let size: Int
    /// Number of complex bins of the one-sided spectrum, `size / 2 + 1`.
    var binCount: Int { size / 2 + 1 }
    private let forwardPlan: fftwf_plan
    private let inversePlan: fftwf_plan

    private static let cache = Mutex<[Int: RealFFT]>([:])

    /// The shared plans for `size`, planning them (FFTW_MEASURE, ~0.1–0.2 s) the first time.
    static func shared(size: Int) -> RealFFT {
        cache.withLock { plans in
            if let plan = plans[size] { return plan }
            let plan = RealFFT(planning: size)
            plans[size] = plan
            return plan
        }
    }

    /// Plans both directions. Only called under `cache`'s lock, which also serialises the planner.
    private init(planning size: Int) {
        self.size = size
        let scratch = FFTScratch(size: size)
        defer { scratch.free() }
        // MEASURE overwrites the arrays while planning; nothing is in them yet.
        let flags = UInt32(FFTW_MEASURE)
        forwardPlan = fftwf_plan_dft_r2c_1d(Int32(size), scratch.real, scratch.complexPointer, flags)
        inversePlan = fftwf_plan_dft_c2r_1d(Int32(size), scratch.complexPointer, scratch.real, flags)
    }

    /// Spectrum of `scratch.real` into `scratch.complex`. Thread-safe; the scratch must be the caller's own.
    func forward(_ scratch: FFTScratch) {
        fftwf_execute_dft_r2c(forwardPlan, scratch.real, scratch.complexPointer)
    }

    /// Unnormalised inverse of `scratch.complex` into `scratch.real` (scaled by `size`).
    /// Destroys `scratch.complex`, as FFTW's c2r does. Thread-safe with the caller's own scratch.
    func inverse(_ scratch: FFTScratch) {
        fftwf_execute_dft_c2r(inversePlan, scratch.complexPointer, scratch.real)
    }
}

/// SIMD-aligned work buffers for one thread's transforms (`fftwf_malloc`, so they match the
/// alignment the plans were made with). Free them with `free()`.
struct FFTScratch {
    /// `size` real samples.
    let real: UnsafeMutablePointer<Float>
    /// `size / 2 + 1` complex bins, interleaved re, im.
    let complex: UnsafeMutablePointer<Float>

    init(size: Int) {
        real = fftwf_alloc_real(size)!
        complex = fftwf_alloc_real(2 * (size / 2 + 1))!
    }

    var complexPointer: UnsafeMutablePointer<fftwf_complex> {
        UnsafeMutableRawPointer(complex).assumingMemoryBound(to: fftwf_complex.self)
    }

    func free() {
        fftwf_free(real)
        fftwf_free(complex)
    }
}
