/// An n-dimensional array of `Float` in row-major (C) order, like a contiguous `torch.Tensor`.
///
/// A tensor is a value: copies share memory until one of them writes. Reshaping and slicing along the
/// first axis are views (no copy); weights loaded from a safetensors file point straight into the mapped file.
public struct Tensor: Sendable {
    /// The size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The number of elements (the product of `shape`).
    public let count: Int
    var storage: TensorStorage
    var offset: Int

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        count = shape.reduce(1, *)
        storage = TensorStorage(count: count)
        offset = 0
        if value != 0 { storage.base.update(repeating: value, count: count) }
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        self.init(shape: shape)
        precondition(scalars.count == count, "\(scalars.count) scalars for shape \(shape)")
        scalars.withUnsafeBufferPointer { storage.base.update(from: $0.baseAddress!, count: count) }
    }

    /// A one-dimensional tensor of `scalars`.
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    /// A tensor of `shape` whose contents the caller writes, every element, before reading any.
    init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: shape.reduce(1, *)), offset: 0)
    }

    init(shape: [Int], storage: TensorStorage, offset: Int) {
        self.shape = shape
        count = shape.reduce(1, *)
        precondition(offset + count <= storage.count)
        self.storage = storage
        self.offset = offset
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// All elements in row-major order.
    public var scalars: [Float] {
        withUnsafeBufferPointer { Array($0) }
    }

    /// Reads the elements without copying.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base + offset, count: count))
    }

    /// Writes the elements in place, first copying them if the memory is shared or read-only.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base + offset, count: count))
    }

    /// The element at a full index (one coordinate per dimension).
    public subscript(_ index: Int...) -> Float {
        get { storage.base[offset + flatIndex(index)] }
        set {
            let i = flatIndex(index)
            makeUnique()
            storage.base[offset + i] = newValue
        }
    }

    /// The same elements under another shape (a view); one dimension may be -1 to be inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[hole] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: resolved, storage: storage, offset: offset)
    }

    /// Sub-tensor `i` along the first axis (a view), like `t[i]` in PyTorch.
    public func slice(_ i: Int) -> Tensor {
        precondition(rank >= 1 && i >= 0 && i < shape[0], "index \(i) out of range for shape \(shape)")
        let inner = Array(shape.dropFirst())
        return Tensor(shape: inner, storage: storage, offset: offset + i * inner.reduce(1, *))
    }

    /// The rows `range` along the first axis (a view), like `t[a:b]` in PyTorch.
    public func slice(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0])
        var newShape = shape
        newShape[0] = range.count
        let stride = count / max(shape[0], 1)
        return Tensor(shape: newShape, storage: storage, offset: offset + range.lowerBound * stride)
    }

    /// True when both have the same shape and elements.
    public func isIdentical(to other: Tensor) -> Bool {
        shape == other.shape && scalars == other.scalars
    }

    /// The largest absolute difference from `other` (same shape required).
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                zip(a, b).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
            }
        }
    }

    mutating func makeUnique() {
        if storage.isWritable && isKnownUniquelyReferenced(&storage) { return }
        let copy = TensorStorage(count: count)
        copy.base.update(from: storage.base + offset, count: count)
        storage = copy
        offset = 0
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "index \(index) out of range for shape \(shape)")
            flat = flat * n + i
        }
        return flat
    }

    /// A raw pointer to the first element, for kernels; valid while `self` is alive and unmodified.
    var pointer: UnsafePointer<Float> { UnsafePointer(storage.base + offset) }
}

extension Tensor: CustomStringConvertible {
    /// Shape and the first few elements.
    public var description: String {
        let head = withUnsafeBufferPointer { $0.prefix(8).map { "\($0)" } }
        return "Tensor\(shape)[\(head.joined(separator: ", "))\(count > 8 ? ", …" : "")]"
    }
}
