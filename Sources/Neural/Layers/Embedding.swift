/// A lookup table of vectors, `torch.nn.Embedding`.
public struct Embedding: Sendable {
    /// The table, shape [count, dimension].
    public let weight: Tensor

    /// Number of entries.
    public var count: Int { weight.shape[0] }
    /// Size of each vector.
    public var dimension: Int { weight.shape[1] }

    /// A layer from its table.
    public init(weight: Tensor) {
        precondition(weight.rank == 2, "Embedding weight must be 2-D, got \(weight.shape)")
        self.weight = weight
    }

    /// Loads `weight` from the module's scope.
    public init(_ weights: Weights) throws(ModelError) {
        self.init(weight: try weights.tensor("weight", rank: 2))
    }

    /// The vector for `index` (a view, no copy), shape [dimension].
    public func vector(_ index: Int) -> Tensor {
        precondition(index >= 0 && index < count, "embedding index \(index) out of 0..<\(count)")
        return weight.slice(index)
    }

    /// The vectors for `indices` stacked, shape [indices.count, dimension].
    public func callAsFunction(_ indices: [Int]) -> Tensor {
        var out = Tensor(shape: [indices.count, dimension])
        out.withUnsafeMutableBufferPointer { dst in
            for (row, index) in indices.enumerated() {
                precondition(index >= 0 && index < count, "embedding index \(index) out of 0..<\(count)")
                (dst.baseAddress! + row * dimension).update(from: weight.pointer + index * dimension, count: dimension)
            }
        }
        return out
    }
}
