/// Batch normalization at inference, `torch.nn.BatchNorm1d/2d` in `eval()` mode: per-channel
/// (x − running_mean) / √(running_var + ε) · weight + bias over dimension 1.
public struct BatchNorm: Sendable {
    /// Per-channel multiplier weight / √(var + ε).
    public let scale: [Float]
    /// Per-channel offset bias − mean · scale.
    public let shift: [Float]

    /// From running statistics and (optional) affine parameters.
    public init(runningMean: Tensor, runningVar: Tensor, weight: Tensor? = nil, bias: Tensor? = nil, eps: Float = 1e-5) {
        let channels = runningMean.count
        precondition(runningVar.count == channels && (weight?.count ?? channels) == channels && (bias?.count ?? channels) == channels)
        let mean = runningMean.scalars, variance = runningVar.scalars
        let gamma = weight?.scalars ?? [Float](repeating: 1, count: channels)
        let beta = bias?.scalars ?? [Float](repeating: 0, count: channels)
        let s = (0..<channels).map { gamma[$0] / (variance[$0] + eps).squareRoot() }
        scale = s
        shift = (0..<channels).map { beta[$0] - mean[$0] * s[$0] }
    }

    /// Loads `running_mean`, `running_var` and (if affine) `weight` and `bias`; `num_batches_tracked` is ignored.
    public init(_ weights: Weights, eps: Float = 1e-5) throws(ModelError) {
        let mean = try weights.tensor("running_mean", rank: 1)
        let channels = mean.shape
        self.init(runningMean: mean, runningVar: try weights.tensor("running_var", shape: channels),
                  weight: try weights.optionalTensor("weight", shape: channels),
                  bias: try weights.optionalTensor("bias", shape: channels), eps: eps)
    }

    /// Channels normalized.
    public var channels: Int { scale.count }

    /// Normalizes `x` of shape [batch, channels, ...].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 2 && x.shape[1] == channels, "BatchNorm expects [N, \(channels), ...], got \(x.shape)")
        var y = x
        let inner = x.shape[2...].reduce(1, *)
        y.withUnsafeMutableBufferPointer { v in
            for b in 0..<x.shape[0] {
                for c in 0..<channels {
                    let base = (b * channels + c) * inner
                    for i in base..<(base + inner) { v[i] = v[i] * scale[c] + shift[c] }
                }
            }
        }
        return y
    }

    /// Weight and bias of a convolution whose output channels (dimension 0 of `weight`) this normalizes.
    func fold(weight: Tensor, bias: Tensor?) -> (Tensor, Tensor) {
        precondition(weight.shape[0] == channels, "cannot fold BatchNorm(\(channels)) into \(weight.shape[0]) channels")
        var w = weight
        let per = weight.count / channels
        w.withUnsafeMutableBufferPointer { v in
            for c in 0..<channels { for i in (c * per)..<((c + 1) * per) { v[i] *= scale[c] } }
        }
        let b = (0..<channels).map { (bias?.pointer[$0] ?? 0) * scale[$0] + shift[$0] }
        return (w, Tensor(b))
    }
}
