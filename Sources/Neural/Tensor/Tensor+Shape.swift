/// Copies that rearrange dimensions, and concatenation.
extension Tensor {
    /// The dimensions reordered (a copy), like `t.permute(dims).contiguous()`.
    public func permuted(_ dims: [Int]) -> Tensor {
        precondition(dims.sorted() == Array(0..<rank), "bad permutation \(dims) for rank \(rank)")
        let newShape = dims.map { shape[$0] }
        var result = Tensor(shape: newShape)
        if count == 0 { return result }
        var strides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        let srcStrides = dims.map { strides[$0] }
        var index = [Int](repeating: 0, count: rank)
        let src = pointer
        result.withUnsafeMutableBufferPointer { dst in
            var srcOffset = 0
            for i in 0..<count {
                dst[i] = src[srcOffset]
                // Odometer over the destination index, tracking the source offset.
                var d = rank - 1
                while d >= 0 {
                    index[d] += 1
                    srcOffset += srcStrides[d]
                    if index[d] < newShape[d] { break }
                    srcOffset -= srcStrides[d] * newShape[d]
                    index[d] = 0
                    d -= 1
                }
            }
        }
        return result
    }

    /// Two dimensions swapped (a copy), like `t.transpose(a, b).contiguous()`.
    public func transposed(_ a: Int, _ b: Int) -> Tensor {
        var dims = Array(0..<rank)
        dims.swapAt(normalized(a), normalized(b))
        return permuted(dims)
    }

    /// Tensors joined along `dim`, like `torch.cat`; all other dimensions must match.
    public static func concatenate(_ parts: [Tensor], dim: Int) -> Tensor {
        precondition(!parts.isEmpty, "nothing to concatenate")
        let first = parts[0]
        let axis = first.normalized(dim)
        for p in parts {
            precondition(p.rank == first.rank, "ranks differ in concatenate")
            for d in 0..<first.rank where d != axis {
                precondition(p.shape[d] == first.shape[d], "shapes \(first.shape) and \(p.shape) differ off dim \(axis)")
            }
        }
        var shape = first.shape
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        var result = Tensor(shape: shape)
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let rowOut = shape[axis] * inner
        result.withUnsafeMutableBufferPointer { dst in
            var column = 0
            for p in parts {
                let chunk = p.shape[axis] * inner
                let src = p.pointer
                for o in 0..<outer {
                    (dst.baseAddress! + o * rowOut + column).update(from: src + o * chunk, count: chunk)
                }
                column += chunk
            }
        }
        return result
    }

    /// `dim` counted from the end when negative.
    func normalized(_ dim: Int) -> Int {
        let d = dim < 0 ? dim + rank : dim
        precondition(d >= 0 && d < rank, "dim \(dim) out of range for rank \(rank)")
        return d
    }
}
