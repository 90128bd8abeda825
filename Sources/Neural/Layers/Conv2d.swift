/// A 2-D convolution, `torch.nn.Conv2d` (zero padding), on input [batch, channels, height, width].
public struct Conv2d: Sendable {
    /// Kernel, shape [outChannels, inChannels / groups, kernelHeight, kernelWidth].
    public let weight: Tensor
    /// Bias, shape [outChannels], if any.
    public let bias: Tensor?
    let geometry: ConvolutionGeometry

    /// A layer from its parameters and geometry (pairs are (height, width), as in PyTorch).
    public init(weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                dilation: (Int, Int) = (1, 1), groups: Int = 1) {
        precondition(weight.rank == 4 && groups >= 1 && weight.shape[0] % groups == 0, "Conv2d weight \(weight.shape), groups \(groups)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "Conv2d bias shape")
        precondition(stride.0 > 0 && stride.1 > 0 && dilation.0 > 0 && dilation.1 > 0 && padding.0 >= 0 && padding.1 >= 0)
        self.weight = weight
        self.bias = bias
        geometry = ConvolutionGeometry(stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    /// Loads `weight` and (if present) `bias` from the module's scope.
    public init(_ weights: Weights, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                dilation: (Int, Int) = (1, 1), groups: Int = 1) throws(ModelError) {
        let w = try weights.kernel(rank: 4, groups: groups)
        self.init(weight: w, bias: try weights.optionalTensor("bias", shape: [w.shape[0]]), stride: stride,
                  padding: padding, dilation: dilation, groups: groups)
    }

    /// Output channels.
    public var outChannels: Int { weight.shape[0] }
    /// Input channels.
    public var inChannels: Int { weight.shape[1] * geometry.groups }

    /// Convolves `x` of shape [batch, inChannels, h, w] (or [inChannels, h, w]).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if x.rank == 3 {
            let y = self(x.reshaped([1] + x.shape))
            return y.reshaped(Array(y.shape.dropFirst()))
        }
        precondition(x.rank == 4, "Conv2d expects [N, C, H, W], got \(x.shape)")
        return convolve2d(x, weight: weight, bias: bias, geometry: geometry)
    }

    /// This convolution followed by `norm` as one convolution (inference only): W' = W·s, b' = b·s + t.
    public func folding(_ norm: BatchNorm) -> Conv2d {
        let (w, b) = norm.fold(weight: weight, bias: bias)
        return Conv2d(weight: w, bias: b, stride: geometry.stride, padding: geometry.padding,
                      dilation: geometry.dilation, groups: geometry.groups)
    }
}
