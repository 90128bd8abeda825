import Foundation

/// Float memory behind one or more tensors: owned (allocated here) or borrowed from a mapped file.
///
/// Tensors share a storage for views (reshape, first-axis slices) and copy it before writing when it is
/// shared or read-only, so a `Tensor` behaves as a value.
final class TensorStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    /// Keeps borrowed memory (a mapped file) alive; `nil` when this storage owns `base`.
    let owner: AnyObject?

    /// Zeroed memory for `count` floats.
    convenience init(count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// Memory for `count` floats that the caller fills completely before anyone reads it: a kernel's
    /// output, whose pages are then first touched by the kernel's own threads instead of a zeroing pass.
    init(uninitializedCount count: Int) {
        self.count = count
        base = Self.allocate(count: max(count, 1))
        owner = nil
    }

    private static let hugePage = 1 << 21

    /// 64-byte aligned memory; from 2 MiB up, 2 MiB aligned and marked for transparent huge pages, so that
    /// first touching a large output faults once per 2 MiB instead of once per 4 KiB. With a new 4 MiB conv
    /// output per call, the 4 KiB faults cost about as much as the convolution (docs/benchmarks.md, "Neural").
    private static func allocate(count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = count * MemoryLayout<Float>.stride
        let alignment = bytes >= hugePage ? hugePage : 64
        var raw: UnsafeMutableRawPointer?
        precondition(posix_memalign(&raw, alignment, bytes) == 0 && raw != nil, "out of memory for \(count) floats")
        #if os(Linux)
        if alignment == hugePage { _ = madvise(raw, bytes & ~(hugePage - 1), MADV_HUGEPAGE) }
        #endif
        return raw!.bindMemory(to: Float.self, capacity: count)
    }

    /// Memory owned by `owner` (read-only to tensors).
    init(borrowing base: UnsafePointer<Float>, count: Int, owner: AnyObject) {
        self.base = UnsafeMutablePointer(mutating: base)
        self.count = count
        self.owner = owner
    }

    var isWritable: Bool { owner == nil }

    deinit {
        if owner == nil { free(base) }
    }
}
