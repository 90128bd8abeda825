/// A transposed 2-D convolution, `torch.nn.ConvTranspose2d`, on input [batch, channels, height, width].
///
/// Computed as sgemm (Wᵀ · x gives every kernel tap's contribution) followed by col2im scatter-add.
public struct ConvTranspose2d: Sendable {
    /// Kernel, shape [inChannels, outChannels / groups, kernelHeight, kernelWidth] (PyTorch's layout).
    public let weight: Tensor
    /// Bias, shape [outChannels], if any.
    public let bias: Tensor?
    let geometry: ConvolutionGeometry
    /// Extra rows/columns added on the bottom/right of the output.
    public let outputPadding: (Int, Int)

    /// A layer from its parameters and geometry (pairs are (height, width)).
    public init(weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) {
        precondition(weight.rank == 4 && groups >= 1 && weight.shape[0] % groups == 0, "ConvTranspose2d weight \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[1] * groups], "ConvTranspose2d bias shape")
        self.weight = weight
        self.bias = bias
        self.outputPadding = outputPadding
        geometry = ConvolutionGeometry(stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    /// Loads `weight` and (if present) `bias` from the module's scope.
    public init(_ weights: Weights, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) throws(ModelError) {
        let w = try weights.kernel(rank: 4, groups: groups)
        self.init(weight: w, bias: try weights.optionalTensor("bias", shape: [w.shape[1] * groups]), stride: stride,
                  padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups)
    }

    /// Output channels.
    public var outChannels: Int { weight.shape[1] * geometry.groups }

    /// Applies the layer to `x` of shape [batch, inChannels, h, w] (or [inChannels, h, w]).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if x.rank == 3 {
            let y = self(x.reshaped([1] + x.shape))
            return y.reshaped(Array(y.shape.dropFirst()))
        }
        precondition(x.rank == 4 && x.shape[1] == weight.shape[0], "ConvTranspose2d expects [N, \(weight.shape[0]), H, W], got \(x.shape)")
        let g = geometry
        let (n, cin, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (coutG, kh, kw) = (weight.shape[1], weight.shape[2], weight.shape[3])
        let cinG = cin / g.groups
        let cout = coutG * g.groups
        let ho = (h - 1) * g.stride.h - 2 * g.padding.h + g.dilation.h * (kh - 1) + outputPadding.0 + 1
        let wo = (w - 1) * g.stride.w - 2 * g.padding.w + g.dilation.w * (kw - 1) + outputPadding.1 + 1
        precondition(ho > 0 && wo > 0, "ConvTranspose2d output would be empty")
        let rows = coutG * kh * kw
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: rows * h * w)
        defer { columns.deallocate() }
        var y = Tensor(shape: [n, cout, ho, wo])
        y.withUnsafeMutableBufferPointer { out in
            let output = out.baseAddress!
            for b in 0..<n {
                for c in 0..<cout {
                    (output + (b * cout + c) * ho * wo).update(repeating: bias?.pointer[c] ?? 0, count: ho * wo)
                }
                for group in 0..<g.groups {
                    // columns[(co, ki, kj), pixel] = Σ_ci W[ci, co, ki, kj] · x[ci, pixel]
                    BLAS.gemm(transA: true, m: rows, n: h * w, k: cinG, a: weight.pointer + group * cinG * rows, lda: rows,
                              b: x.pointer + (b * cin + group * cinG) * h * w, ldb: h * w, c: columns, ldc: h * w)
                    for co in 0..<coutG {
                        let plane = output + (b * cout + group * coutG + co) * ho * wo
                        for ki in 0..<kh {
                            for kj in 0..<kw {
                                let src = columns + ((co * kh + ki) * kw + kj) * h * w
                                for iy in 0..<h {
                                    let oy = iy * g.stride.h - g.padding.h + ki * g.dilation.h
                                    if oy < 0 || oy >= ho { continue }
                                    for ix in 0..<w {
                                        let ox = ix * g.stride.w - g.padding.w + kj * g.dilation.w
                                        if ox >= 0 && ox < wo { plane[oy * wo + ox] += src[iy * w + ix] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
