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
    init(count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
        owner = nil
    }

    /// Memory owned by `owner` (read-only to tensors).
    init(borrowing base: UnsafePointer<Float>, count: Int, owner: AnyObject) {
        self.base = UnsafeMutablePointer(mutating: base)
        self.count = count
        self.owner = owner
    }

    var isWritable: Bool { owner == nil }

    deinit {
        if owner == nil { base.deallocate() }
    }
}
