import CFFTW
import Synchronization

/// FFTW plans for real transforms of one size, shared by every thread.
///
/// FFTW's planner is not thread-safe, its execute functions are (fftw3 manual, "Thread safety").
/// So plans are made once per size under one process-wide lock and then run through the
/// new-array execute functions (`fftwf_execute_dft_r2c(plan, in, out)`) on each caller's own
/// buffers: one plan serves any number of threads at once. Plans live for the whole process.
/// Plans are FFTW_ESTIMATE: on this machine FFTW_MEASURE took 0.11, 0.15 and 0.18 s to plan sizes 1024, 2048
/// and 4096 and saved 9, 14 and 20 ms over 18,000 transforms (a 3-minute song's frames at a 10 ms hop), so a
/// command that plans afresh each run loses ten times what it gains (docs/benchmarks.md, "FFT planning").
/// The inverse is planned on its first use: most callers (spectrograms, features, tempo) only go forward.
final class RealFFT: @unchecked Sendable {
    /// Transform length in samples.
    let size: Int
    /// Number of complex bins of the one-sided spectrum, `size / 2 + 1`.
    var binCount: Int { size / 2 + 1 }
    private let forwardPlan: fftwf_plan
    private let inversePlan = Mutex<fftwf_plan?>(nil)

    /// The plans by size; its lock also serialises FFTW's planner.
    private static let cache = Mutex<[Int: RealFFT]>([:])

    /// The shared plans for `size`, planning the forward one the first time.
    static func shared(size: Int) -> RealFFT {
        cache.withLock { plans in
            if let plan = plans[size] { return plan }
            let plan = RealFFT(planning: size)
            plans[size] = plan
            return plan
        }
    }

    /// Plans the forward direction. Only called under `cache`'s lock, which also serialises the planner.
    private init(planning size: Int) {
        self.size = size
        let scratch = FFTScratch(size: size)
        defer { scratch.free() }
        forwardPlan = fftwf_plan_dft_r2c_1d(Int32(size), scratch.real, scratch.complexPointer, Self.flags)
    }

    /// Spectrum of `scratch.real` into `scratch.complex`. Thread-safe; the scratch must be the caller's own.
    func forward(_ scratch: FFTScratch) {
        fftwf_execute_dft_r2c(forwardPlan, scratch.real, scratch.complexPointer)
    }

    /// Unnormalised inverse of `scratch.complex` into `scratch.real` (scaled by `size`).
    /// Destroys `scratch.complex`, as FFTW's c2r does. Thread-safe with the caller's own scratch.
    func inverse(_ scratch: FFTScratch) {
        fftwf_execute_dft_c2r(planInverse(), scratch.complexPointer, scratch.real)
    }

    /// How plans are made.
    static let flags = UInt32(FFTW_ESTIMATE)

    /// The inverse plan, made on first use on arrays of its own under the planner's lock.
    private func planInverse() -> fftwf_plan {
        inversePlan.withLock { plan in
            if let plan { return plan }
            let made = Self.cache.withLock { _ in
                let scratch = FFTScratch(size: size)
                defer { scratch.free() }
                return fftwf_plan_dft_c2r_1d(Int32(size), scratch.complexPointer, scratch.real, Self.flags)!
            }
            plan = made
            return made
        }
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
