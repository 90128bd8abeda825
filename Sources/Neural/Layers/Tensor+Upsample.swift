/// Upsampling of the spatial dimensions (all after [batch, channels]), as `torch.nn.functional.interpolate`.
extension Tensor {
    /// Nearest-neighbour resize to `size` (one entry per spatial dimension; 1-D or 2-D).
    public func upsampledNearest(size: [Int]) -> Tensor {
        resized(size: size) { input, output, _ in
            let scale = Float(input) / Float(output)
            return (0..<output).map { dst in
                let src = Swift.min(Int((Float(dst) * scale).rounded(.down)), input - 1)
                return (src, src, 0)
            }
        }
    }

    /// Nearest-neighbour upsampling by an integer factor in every spatial dimension.
    public func upsampledNearest(scale: Int) -> Tensor {
        upsampledNearest(size: shape.dropFirst(2).map { $0 * scale })
    }

    /// Linear (1-D) or bilinear (2-D) resize to `size`.
    public func upsampledLinear(size: [Int], alignCorners: Bool = false) -> Tensor {
        resized(size: size) { input, output, _ in
            let scale: Float = alignCorners
                ? (output > 1 ? Float(input - 1) / Float(output - 1) : 0)
                : Float(input) / Float(output)
            return (0..<output).map { dst in
                let src = alignCorners ? scale * Float(dst) : Swift.max(scale * (Float(dst) + 0.5) - 0.5, 0)
                let i0 = Swift.min(Int(src), input - 1)
                let i1 = i0 < input - 1 ? i0 + 1 : i0
                return (i0, i1, src - Float(i0))
            }
        }
    }

    /// Linear (1-D) or bilinear (2-D) upsampling by an integer factor in every spatial dimension.
    public func upsampledLinear(scale: Int, alignCorners: Bool = false) -> Tensor {
        upsampledLinear(size: shape.dropFirst(2).map { $0 * scale }, alignCorners: alignCorners)
    }

    /// Resizes with separable taps: for each output index, (low source, high source, weight of high).
    private func resized(size: [Int], taps: (Int, Int, Int) -> [(Int, Int, Float)]) -> Tensor {
        precondition((rank == 3 && size.count == 1) || (rank == 4 && size.count == 2),
                     "upsampling expects [N, C, L] or [N, C, H, W] and one size per spatial dim, got \(shape) → \(size)")
        let planes = shape[0] * shape[1]
        let (h, w) = rank == 4 ? (shape[2], shape[3]) : (1, shape[2])
        let (ho, wo) = rank == 4 ? (size[0], size[1]) : (1, size[0])
        let rowTaps = taps(h, ho, 0)
        let columnTaps = taps(w, wo, 1)
        var y = Tensor(shape: Array(shape.prefix(2)) + size)
        let src = pointer
        y.withUnsafeMutableBufferPointer { out in
            for p in 0..<planes {
                let plane = src + p * h * w
                for oy in 0..<ho {
                    let (y0, y1, ly) = rowTaps[oy]
                    for ox in 0..<wo {
                        let (x0, x1, lx) = columnTaps[ox]
                        let top = (1 - lx) * plane[y0 * w + x0] + lx * plane[y0 * w + x1]
                        let bottom = (1 - lx) * plane[y1 * w + x0] + lx * plane[y1 * w + x1]
                        out[(p * ho + oy) * wo + ox] = (1 - ly) * top + ly * bottom
                    }
                }
            }
        }
        return y
    }
}
