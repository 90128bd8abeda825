/// Layer normalization, `torch.nn.LayerNorm`, over the last dimensions of the input.
public struct LayerNorm: Sendable {
    /// The trailing shape normalized over.
    public let normalizedShape: [Int]
    /// Elementwise scale, shape `normalizedShape`, if affine.
    public let weight: Tensor?
    /// Elementwise offset, shape `normalizedShape`, if affine.
    public let bias: Tensor?
    /// Added to the variance.
    public let eps: Float

    /// A layer over `normalizedShape`.
    public init(normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil, eps: Float = 1e-5) {
        precondition(weight == nil || weight!.shape == normalizedShape)
        precondition(bias == nil || bias!.shape == normalizedShape)
        self.normalizedShape = normalizedShape
        self.weight = weight
        self.bias = bias
        self.eps = eps
    }

    /// Loads `weight` and `bias`; the normalized shape is the weight's shape.
    public init(_ weights: Weights, eps: Float = 1e-5) throws(ModelError) {
        let w = try weights.tensor("weight")
        self.init(normalizedShape: w.shape, weight: w, bias: try weights.optionalTensor("bias", shape: w.shape), eps: eps)
    }

    /// Normalizes `x` whose trailing dimensions are `normalizedShape`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(Array(x.shape.suffix(normalizedShape.count)) == normalizedShape,
                     "LayerNorm over \(normalizedShape) got \(x.shape)")
        let group = normalizedShape.reduce(1, *)
        var y = x
        y.withUnsafeMutableBufferPointer { v in
            for start in stride(from: 0, to: x.count, by: max(group, 1)) {
                var sum = 0.0
                for i in start..<(start + group) { sum += Double(v[i]) }
                let mean = sum / Double(group)
                var squares = 0.0
                for i in start..<(start + group) { squares += (Double(v[i]) - mean) * (Double(v[i]) - mean) }
                let inv = 1 / (squares / Double(group) + Double(eps)).squareRoot()
                for i in 0..<group {
                    var value = Float((Double(v[start + i]) - mean) * inv)
                    if let weight { value *= weight.pointer[i] }
                    if let bias { value += bias.pointer[i] }
                    v[start + i] = value
                }
            }
        }
        return y
    }
}
