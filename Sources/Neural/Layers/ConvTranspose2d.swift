/// A transposed 2-D convolution, `torch.nn.ConvTranspose2d`, on input [batch, channels, height, width].
///
/// Stride 2 with an output exactly twice the input (kernel + output padding − 2 · padding = 2 in both
/// dimensions; one group, no dilation), as a U-Net's upsampling has: sub-pixel form (`SubPixel`), one stride-1
/// convolution with four output channels per channel (one per output row and column parity), then interleaved.
/// It does the same multiply-adds through the direct convolution kernel instead of a column matrix 25 times the
/// input's size. Otherwise: sgemm (Wᵀ · x gives every kernel tap's contribution) followed by col2im scatter-add.
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
        subPixel = SubPixel(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                            dilation: dilation, groups: groups)
    }

    /// The sub-pixel form, where the geometry allows it.
    let subPixel: SubPixel?

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
        if let subPixel { return subPixel(x) }
        return scattered(x)
    }

    /// The general form: sgemm, then col2im scatter-add (`x` of rank 4).
    func scattered(_ x: Tensor) -> Tensor {
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

/// A stride-2 transposed convolution whose output is exactly twice its input, as a stride-1 convolution.
///
/// Output row `oy = 2m + py` gathers input rows `m + d` through kernel row `ki = py + padding − 2d` (PyTorch:
/// `oy = 2 · iy − padding + ki`), and likewise for columns. So each of the four parities (py, px) is a stride-1
/// convolution of the input with a sub-kernel of taps d = −P…P (zero where `ki` falls outside the kernel),
/// padding P. The four are one convolution with `4 · outChannels` outputs (parity-major), interleaved after.
struct SubPixel: Sendable {
    /// [4 · outChannels, inChannels, 2P+1, 2Q+1].
    let weight: Tensor
    /// [4 · outChannels].
    let bias: Tensor?
    let reach: (h: Int, w: Int)

    init?(weight: Tensor, bias: Tensor?, stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int),
          dilation: (Int, Int), groups: Int) {
        let (cin, cout, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard groups == 1, stride == (2, 2), dilation == (1, 1),
              kh + outputPadding.0 - 2 * padding.0 == 2, kw + outputPadding.1 - 2 * padding.1 == 2 else { return nil }
        // The input offsets d each parity uses: ki = parity + padding − 2d within 0..<k.
        func reach(kernel k: Int, padding p: Int) -> Int {
            var most = 0
            for parity in 0...1 {
                for ki in 0..<k where (parity + p - ki) % 2 == 0 { most = max(most, abs((parity + p - ki) / 2)) }
            }
            return most
        }
        let rh = reach(kernel: kh, padding: padding.0), rw = reach(kernel: kw, padding: padding.1)
        let th = 2 * rh + 1, tw = 2 * rw + 1
        var packed = [Float](repeating: 0, count: 4 * cout * cin * th * tw)
        let w = weight.scalars
        for py in 0...1 {
            for px in 0...1 {
                for co in 0..<cout {
                    for ci in 0..<cin {
                        for t in 0..<th {
                            let ki = py + padding.0 - 2 * (t - rh)
                            guard ki >= 0 && ki < kh else { continue }
                            for u in 0..<tw {
                                let kj = px + padding.1 - 2 * (u - rw)
                                guard kj >= 0 && kj < kw else { continue }
                                packed[((((py * 2 + px) * cout + co) * cin + ci) * th + t) * tw + u] = w[((ci * cout + co) * kh + ki) * kw + kj]
                            }
                        }
                    }
                }
            }
        }
        self.weight = Tensor(shape: [4 * cout, cin, th, tw], scalars: packed)
        self.bias = bias.map { b in Tensor(shape: [4 * cout], scalars: Array([[Float]](repeating: b.scalars, count: 4).joined())) }
        self.reach = (rh, rw)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let cout = weight.shape[0] / 4
        let parts = convolve2d(x, weight: weight, bias: bias,
                               geometry: ConvolutionGeometry(stride: (1, 1), padding: reach, dilation: (1, 1), groups: 1))
        var y = Tensor(uninitializedShape: [n, cout, 2 * h, 2 * w])
        y.withUnsafeMutableBufferPointer { out in
            let output = out.baseAddress!, source = parts.pointer
            for b in 0..<n {
                for co in 0..<cout {
                    for py in 0...1 {
                        let even = source + ((b * 4 + py * 2) * cout + co) * h * w
                        let odd = source + ((b * 4 + py * 2 + 1) * cout + co) * h * w
                        for m in 0..<h {
                            let row = output + ((b * cout + co) * 2 * h + 2 * m + py) * 2 * w
                            let e = even + m * w, o = odd + m * w
                            for i in 0..<w {
                                row[2 * i] = e[i]
                                row[2 * i + 1] = o[i]
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
