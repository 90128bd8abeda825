/// The geometry of a 2-D convolution; a 1-D convolution is one with height 1.
struct ConvolutionGeometry: Sendable {
    var stride: (h: Int, w: Int)
    var padding: (h: Int, w: Int)
    var dilation: (h: Int, w: Int)
    var groups: Int

    func outputSize(input: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
        (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
    }
}

import CKernels

/// Cross-correlation as PyTorch computes it. Stride 1, dilation 1, one group: CKernels' direct convolution
/// when the CPU has AVX2 or AVX-512 (`level` > 0); otherwise im2col in cache-sized column blocks, then one sgemm
/// per block.
///
/// Input [n, cin, h, w], weight [cout, cin/groups, kh, kw] → output [n, cout, ho, wo]. `level` caps the vector
/// level (tests pass 0 for the im2col path).
func convolve2d(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvolutionGeometry,
                level: Int32 = Kernels.level) -> Tensor {
    let (n, cin, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (cout, cinG, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
    precondition(cinG * g.groups == cin, "convolution expects \(cinG * g.groups) input channels, got \(cin)")
    let ho = g.outputSize(input: h, kernel: kh, stride: g.stride.h, padding: g.padding.h, dilation: g.dilation.h)
    let wo = g.outputSize(input: w, kernel: kw, stride: g.stride.w, padding: g.padding.w, dilation: g.dilation.w)
    precondition(ho > 0 && wo > 0, "convolution input \(x.shape) is smaller than the kernel")
    let coutG = cout / g.groups
    let k = cinG * kh * kw
    let planeOut = ho * wo
    var y = Tensor(shape: [n, cout, ho, wo])
    let pointwise = kh == 1 && kw == 1 && g.stride == (1, 1) && g.padding == (0, 0)
    if g.groups == cin && cinG == 1 && cout == cin && g.stride == (1, 1) {
        return convolveDepthwise(x, weight: weight, bias: bias, geometry: g, output: (ho, wo), level: level)
    }
    if !pointwise && g.stride == (1, 1) && g.dilation == (1, 1) && g.groups == 1 && kanade_clamp_level(level) > 0 {
        return convolveDirect(x, weight: weight, bias: bias, padding: g.padding, output: (ho, wo), level: level)
    }
    // About 1 MiB of columns at a time stays in cache while sgemm reads it.
    let rowsPerBlock = max(1, min(ho, (1 << 18) / max(k * wo, 1)))
    let blocks = (0..<n).flatMap { b in
        (0..<g.groups).flatMap { group in
            stride(from: 0, to: ho, by: rowsPerBlock).map { row0 in (b, group, row0..<min(ho, row0 + rowsPerBlock)) }
        }
    }
    // Large convolutions split their blocks over the cores, each running single-threaded sgemm: the blocks'
    // products are too small for OpenBLAS's own threading to pay (docs/benchmarks.md, "Neural").
    let workers = coutG * k * planeOut * n * g.groups >= 1 << 22 ? min(Parallel.cores, blocks.count) : 1
    let columnsPerWorker = pointwise ? 1 : k * rowsPerBlock * wo
    let columns = UnsafeMutablePointer<Float>.allocate(capacity: workers * columnsPerWorker)
    defer { columns.deallocate() }
    let input = x.pointer
    let kernel = weight.pointer
    y.withUnsafeMutableBufferPointer { out in
        let output = out.baseAddress!
        if let bias {
            for b in 0..<n {
                for c in 0..<cout { (output + (b * cout + c) * planeOut).update(repeating: bias.pointer[c], count: planeOut) }
            }
        }
        let beta: Float = bias == nil ? 0 : 1
        let shared = Parallel.Pointers(input: input, kernel: kernel, output: output, columns: columns)
        Parallel.run(workers: workers, blasThreads: workers > 1 ? 1 : nil) { worker in
            let scratch = shared.columns + worker * columnsPerWorker
            for index in stride(from: worker, to: blocks.count, by: workers) {
                let (b, group, rows) = blocks[index]
                let image = shared.input + (b * cin + group * cinG) * h * w
                let a = shared.kernel + group * coutG * k
                let c = shared.output + (b * cout + group * coutG) * planeOut + rows.lowerBound * wo
                let width = rows.count * wo
                if pointwise {
                    // A 1×1 convolution reads the image itself as its columns.
                    BLAS.gemm(m: coutG, n: width, k: k, a: a, lda: k, b: image + rows.lowerBound * wo, ldb: h * w,
                              beta: beta, c: c, ldc: planeOut)
                } else {
                    fillColumns(scratch, image: image, channels: cinG, h: h, w: w, kh: kh, kw: kw, rows: rows, wo: wo, geometry: g)
                    BLAS.gemm(m: coutG, n: width, k: k, a: a, lda: k, b: scratch, ldb: width, beta: beta, c: c, ldc: planeOut)
                }
            }
        }
    }
    return y
}

/// im2col for output rows `rows`: row (c, ki, kj) of the block holds the input pixel each output pixel sees.
private func fillColumns(
    _ columns: UnsafeMutablePointer<Float>, image: UnsafePointer<Float>, channels: Int, h: Int, w: Int,
    kh: Int, kw: Int, rows: Range<Int>, wo: Int, geometry g: ConvolutionGeometry
) {
    let width = rows.count * wo
    var dst = columns
    for c in 0..<channels {
        let plane = image + c * h * w
        for ki in 0..<kh {
            for kj in 0..<kw {
                let dx = kj * g.dilation.w - g.padding.w
                // Output columns whose input column lies inside the image.
                let first = dx >= 0 ? 0 : (-dx + g.stride.w - 1) / g.stride.w
                let last = min(wo, w - dx <= 0 ? 0 : (w - dx - 1) / g.stride.w + 1)
                for (r, oy) in rows.enumerated() {
                    let line = dst + r * wo
                    let iy = oy * g.stride.h - g.padding.h + ki * g.dilation.h
                    if iy < 0 || iy >= h || first >= last {
                        line.update(repeating: 0, count: wo)
                        continue
                    }
                    let src = plane + iy * w + dx
                    if first > 0 { line.update(repeating: 0, count: first) }
                    if g.stride.w == 1 {
                        (line + first).update(from: src + first, count: last - first)
                    } else {
                        for ox in first..<last { line[ox] = src[ox * g.stride.w] }
                    }
                    if last < wo { (line + last).update(repeating: 0, count: wo - last) }
                }
                dst += width
            }
        }
    }
}

/// Depthwise convolution (one filter per channel, `groups` = channels), stride 1, any padding and dilation:
/// CKernels' `kanade_depthwise_plane` per plane (a zero-bordered copy, then kh·kw scaled rows added, vectorized).
/// im2col would build a kh·kw-row column matrix per channel for a one-row product. Planes are split over the
/// cores when the work is large enough.
private func convolveDepthwise(_ x: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvolutionGeometry,
                               output: (h: Int, w: Int), level: Int32) -> Tensor {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw) = (weight.shape[2], weight.shape[3])
    let (ho, wo) = output
    let workers = n * c * ho * wo * kh * kw >= 1 << 22 ? min(Parallel.cores, n * c) : 1
    let scratchCount = kanade_depthwise_scratch_count(Int32(h), Int32(w), Int32(g.padding.h), Int32(g.padding.w))
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: workers * scratchCount)
    defer { scratch.deallocate() }
    var y = Tensor(uninitializedShape: [n, c, ho, wo])   // the kernel writes every element
    y.withUnsafeMutableBufferPointer { out in
        let shared = Parallel.Pointers(input: x.pointer, kernel: weight.pointer, output: out.baseAddress!,
                                       columns: scratch, bias: bias?.pointer)
        Parallel.run(workers: workers, blasThreads: nil) { worker in
            for plane in stride(from: worker, to: n * c, by: workers) {
                let channel = plane % c
                kanade_depthwise_plane(level, shared.input + plane * h * w, Int32(h), Int32(w),
                                       shared.kernel + channel * kh * kw, Int32(kh), Int32(kw),
                                       Int32(g.dilation.h), Int32(g.dilation.w), Int32(g.padding.h), Int32(g.padding.w),
                                       shared.bias?[channel] ?? 0, shared.output + plane * ho * wo, Int32(ho), Int32(wo),
                                       shared.columns + worker * scratchCount)
            }
        }
    }
    return y
}

/// Stride-1, dilation-1, single-group convolution through CKernels' register-tiled kernel (no im2col buffer):
/// output rows split over the cores, each working through bands of zero-padded input rows that stay in cache.
private func convolveDirect(_ x: Tensor, weight: Tensor, bias: Tensor?, padding: (h: Int, w: Int),
                            output: (h: Int, w: Int), level: Int32) -> Tensor {
    let (n, cin, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (cout, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
    let (ho, wo) = output
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: kanade_conv2d_packed_count(Int32(cout), Int32(cin), Int32(kh), Int32(kw)))
    defer { packed.deallocate() }
    kanade_conv2d_pack(weight.pointer, Int32(cout), Int32(cin), Int32(kh), Int32(kw), packed)
    let scratchCount = kanade_conv2d_scratch_count(Int32(cin), Int32(h), Int32(w), Int32(kh), Int32(kw),
                                                   Int32(padding.h), Int32(padding.w))
    // Same threshold as im2col: below ~4 M multiply-adds a second thread costs more than it saves.
    let workers = cout * cin * kh * kw * ho * wo >= 1 << 22 ? min(Parallel.cores, ho) : 1
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: workers * scratchCount)
    defer { scratch.deallocate() }
    var y = Tensor(uninitializedShape: [n, cout, ho, wo])   // the kernel writes every element
    y.withUnsafeMutableBufferPointer { out in
        let shared = Parallel.Pointers(input: x.pointer, kernel: packed, output: out.baseAddress!, columns: scratch,
                                       bias: bias?.pointer)
        for b in 0..<n {
            Parallel.run(workers: workers, blasThreads: nil) { worker in
                let rows = (worker * ho / workers, (worker + 1) * ho / workers)
                kanade_conv2d_direct(level, shared.input + b * cin * h * w, Int32(cin), Int32(h), Int32(w), shared.kernel,
                                     shared.bias, Int32(cout), Int32(kh), Int32(kw), Int32(padding.h), Int32(padding.w),
                                     shared.output + b * cout * ho * wo, Int32(rows.0), Int32(rows.1),
                                     shared.columns + worker * scratchCount)
            }
        }
    }
    return y
}
