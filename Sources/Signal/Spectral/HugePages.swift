#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large, not yet touched buffer with transparent huge pages.
///
/// A fresh 63 MB spectrogram costs ~16,000 page faults on first touch, which on the team's VM
/// took more CPU than the 15,500 FFTs filling it (docs/benchmarks.md). With THP in "madvise"
/// mode (Debian's default) this advice makes that ~30 faults. Only advice: where THP is off or
/// the kernel says no, nothing changes.
enum HugePages {
    /// Below this, the faults are too few to matter.
    static let threshold = 8 << 20

    static func advise(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= threshold else { return }
        let page = 4096
        let start = (Int(bitPattern: pointer) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: pointer) + bytes) & ~(page - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
