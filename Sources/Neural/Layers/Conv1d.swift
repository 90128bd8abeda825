/// A 1-D convolution, `torch.nn.Conv1d` (zero padding), on input [batch, channels, length].
public struct Conv1d: Sendable {
    /// Kernel, shape [outChannels, inChannels / groups, kernelSize].
    public let weight: Tensor
    /// Bias, shape [outChannels], if any.
    public let bias: Tensor?
    let geometry: ConvolutionGeometry

    /// A layer from its parameters and geometry.
    public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        precondition(weight.rank == 3 && groups >= 1 && weight.shape[0] % groups == 0, "Conv1d weight \(weight.shape), groups \(groups)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "Conv1d bias shape")
        precondition(stride > 0 && dilation > 0 && padding >= 0)
        self.weight = weight
        self.bias = bias
        geometry = ConvolutionGeometry(stride: (1, stride), padding: (0, padding), dilation: (1, dilation), groups: groups)
    }

    /// Loads `weight` and (if present) `bias` from the module's scope.
    public init(_ weights: Weights, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) throws(ModelError) {
        let w = try weights.kernel(rank: 3, groups: groups)
        self.init(weight: w, bias: try weights.optionalTensor("bias", shape: [w.shape[0]]), stride: stride,
                  padding: padding, dilation: dilation, groups: groups)
    }

    /// Convolves `x` of shape [batch, inChannels, length] (or [inChannels, length]).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if x.rank == 2 {
            let y = self(x.reshaped([1] + x.shape))
            return y.reshaped(Array(y.shape.dropFirst()))
        }
        precondition(x.rank == 3, "Conv1d expects [N, C, L], got \(x.shape)")
        let (n, c, l) = (x.shape[0], x.shape[1], x.shape[2])
        let kernel = weight.reshaped([weight.shape[0], weight.shape[1], 1, weight.shape[2]])
        let y = convolve2d(x.reshaped([n, c, 1, l]), weight: kernel, bias: bias, geometry: geometry)
        return y.reshaped([n, y.shape[1], y.shape[3]])
    }

    /// This convolution followed by `norm` as one convolution (inference only).
    public func folding(_ norm: BatchNorm) -> Conv1d {
        let (w, b) = norm.fold(weight: weight, bias: bias)
        return Conv1d(weight: w, bias: b, stride: geometry.stride.w, padding: geometry.padding.w,
                      dilation: geometry.dilation.w, groups: geometry.groups)
    }
}
