#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc hands every block over 128 KiB–32 MiB to its own mmap and unmaps it when freed, so each of the
/// separator's layer outputs (tens of MB, every chunk) arrives as fresh pages the kernel must fault in and zero:
/// a third of `kanade separate`'s system time. Kept in the heap instead, freed blocks are reused while still
/// mapped (docs/benchmarks.md, "Models: StemSeparator"). The peak resident size stays the peak in use.
enum MemoryReuse {
    #if canImport(Glibc)
    /// glibc's `int mallopt(int, int)`, which its Swift module does not export.
    @_silgen_name("mallopt") private static func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
    #endif

    static func keepFreedMemory() {
        #if canImport(Glibc)
        // malloc.h's M_TRIM_THRESHOLD, M_TOP_PAD and M_MMAP_THRESHOLD (negative macros Swift does not import).
        _ = glibcMallopt(-3, 1 << 30)
        _ = glibcMallopt(-1, Int32.max)
        _ = glibcMallopt(-2, 64 << 20)
        #endif
    }
}
