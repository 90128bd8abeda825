import Neural

/// Coconet's network (training/coconet/model.py): a four-voice roll with its known-cell masks in, for every voice
/// and 16th step a distribution over 46 pitches out.
///
/// The input image is [8, steps, 46]: the one-hot roll of each voice with its unknown cells zeroed, then one
/// mask channel per voice (1 = known). A 3×3 convolution widens it to `channels`; each block is pre-activation
/// residual (BatchNorm, ReLU, a depthwise 3×3 convolution dilated in time and pitch, a 1×1 convolution); a last
/// BatchNorm and ReLU feed a 1×1 convolution to one logit plane per voice.
struct CoconetNetwork: Sendable {
    static let voices = 4

    struct Block: Sendable {
        let norm: BatchNorm
        let depthwise: Conv2d
        let pointwise: Conv2d
    }

    let pitches: Int
    let input: Conv2d
    let blocks: [Block]
    let outNorm: BatchNorm
    let output: Conv2d

    /// The time and pitch dilation of each block, as model.py's `dilations`.
    static func dilations(layers: Int, time: [Int], pitch: [Int]) -> [(Int, Int)] {
        (0..<layers).map { (time[$0 % time.count], pitch[$0 % pitch.count]) }
    }

    init(_ w: Weights, layers: Int, pitches: Int, timeDilations: [Int], pitchDilations: [Int]) throws(ModelError) {
        self.pitches = pitches
        input = try Conv2d(w.scope("input"), padding: (1, 1))
        var blocks: [Block] = []
        for (i, d) in Self.dilations(layers: layers, time: timeDilations, pitch: pitchDilations).enumerated() {
            let s = w.scope("blocks.\(i)")
            let norm = try BatchNorm(s.scope("norm"))
            blocks.append(Block(norm: norm,
                                depthwise: try Conv2d(s.scope("depthwise"), padding: d, dilation: d, groups: norm.channels),
                                pointwise: try Conv2d(s.scope("pointwise"))))
        }
        self.blocks = blocks
        outNorm = try BatchNorm(w.scope("out_norm"))
        output = try Conv2d(w.scope("output"))
        guard input.inChannels == 2 * Self.voices, output.outChannels == Self.voices else {
            throw ModelError(file: w.file.path, .badMetadata(key: "kanade.config", "Coconet expects 8 input and 4 output channels"))
        }
    }

    /// Logits [4, steps, pitches] for `roll` (pitch index per voice and step; any value where unknown) and `known`.
    func logits(roll: [[Int]], known: [[Bool]]) -> Tensor {
        let steps = roll[0].count
        let plane = steps * pitches
        var x = Tensor(shape: [1, 2 * Self.voices, steps, pitches])
        x.withUnsafeMutableBufferPointer { v in
            for voice in 0..<Self.voices {
                for t in 0..<steps where known[voice][t] {
                    v[voice * plane + t * pitches + roll[voice][t]] = 1
                    let mask = (Self.voices + voice) * plane + t * pitches
                    for p in 0..<pitches { v[mask + p] = 1 }
                }
            }
        }
        var h = input(x)
        for block in blocks {
            let update = block.pointwise(block.depthwise(Self.normalizedReLU(h, block.norm)))
            Self.add(update, into: &h)
        }
        let y = output(Self.normalizedReLU(h, outNorm))
        return y.reshaped([Self.voices, steps, pitches])
    }

    /// ReLU(norm(x)) in one pass.
    static func normalizedReLU(_ x: Tensor, _ norm: BatchNorm) -> Tensor {
        var y = x
        let inner = x.shape[2...].reduce(1, *)
        y.withUnsafeMutableBufferPointer { v in
            for b in 0..<x.shape[0] {
                for c in 0..<norm.channels {
                    let base = (b * norm.channels + c) * inner
                    let (s, t) = (norm.scale[c], norm.shift[c])
                    for i in base..<(base + inner) { v[i] = Swift.max(v[i] * s + t, 0) }
                }
            }
        }
        return y
    }

    /// h += update, elementwise.
    static func add(_ update: Tensor, into h: inout Tensor) {
        update.withUnsafeBufferPointer { u in
            h.withUnsafeMutableBufferPointer { v in
                for i in 0..<v.count { v[i] += u[i] }
            }
        }
    }
}
