/// A fully connected layer, `torch.nn.Linear`: y = x · Wᵀ + b over the last dimension.
public struct Linear: Sendable {
    /// Weight, shape [outputSize, inputSize].
    public let weight: Tensor
    /// Bias, shape [outputSize], if the layer has one.
    public let bias: Tensor?

    /// Features in.
    public var inputSize: Int { weight.shape[1] }
    /// Features out.
    public var outputSize: Int { weight.shape[0] }

    /// A layer from its parameters.
    public init(weight: Tensor, bias: Tensor? = nil) {
        precondition(weight.rank == 2, "Linear weight must be 2-D, got \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "Linear bias shape \(bias!.shape)")
        self.weight = weight
        self.bias = bias
    }

    /// Loads `weight` and (if present) `bias` from the module's scope.
    public init(_ weights: Weights) throws(ModelError) {
        let w = try weights.tensor("weight", rank: 2)
        self.init(weight: w, bias: try weights.optionalTensor("bias", shape: [w.shape[0]]))
    }

    /// Applies the layer to `x` of shape [..., inputSize].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1 && x.shape.last == inputSize, "Linear expects [..., \(inputSize)], got \(x.shape)")
        var outShape = x.shape
        outShape[outShape.count - 1] = outputSize
        var y = Tensor(shape: outShape)
        y.withUnsafeMutableBufferPointer { out in
            apply(x.pointer, rows: x.count / max(inputSize, 1), into: out.baseAddress!)
        }
        return y
    }

    /// The layer on one input row whose first `dense.count` values are `dense` and the rest zero but for a 1 at
    /// index `hot` (a latent point then a one-hot label, say): the dense columns' product plus column `hot` and
    /// the bias, without reading the columns that meet zeros. [outputSize].
    public func callAsFunction(dense: [Float], hot: Int) -> Tensor {
        precondition(dense.count <= inputSize && hot >= dense.count && hot < inputSize,
                     "Linear of \(inputSize) inputs: \(dense.count) dense, one-hot at \(hot)")
        var y = Tensor(shape: [outputSize])
        let (inputs, outputs) = (inputSize, outputSize)
        y.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!, w = weight.pointer
            for r in 0..<outputs { o[r] = w[r * inputs + hot] + (bias?.pointer[r] ?? 0) }
            guard !dense.isEmpty else { return }
            dense.withUnsafeBufferPointer { x in
                BLAS.gemv(m: outputs, n: x.count, a: w, lda: inputs, x: x.baseAddress!, beta: 1, y: o)
            }
        }
        return y
    }

    /// The layer as a matrix product on raw memory: `output[rows×outputSize] = input[rows×inputSize] · Wᵀ + b`,
    /// both blocks row-major. It allocates nothing, so a decoding loop that keeps its own buffers (a stepper's
    /// `h` in, logits out) can call it every step; one row goes through a matrix-vector kernel, more through
    /// BLAS's sgemm. `output` is overwritten, not accumulated into.
    public func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        if let bias {
            for r in 0..<rows { (output + r * outputSize).update(from: bias.pointer, count: outputSize) }
        }
        let beta: Float = bias == nil ? 0 : 1
        BLAS.linear(input, rows: rows, weight: weight.pointer, outputs: outputSize, inputs: inputSize, beta: beta, into: output)
    }
}
