import Foundation
import Music
import Neural

/// MusicVAE's encoder: a bidirectional LSTM reads the one-hot events both ways; its two final states give
/// the latent's mean μ and spread σ (docs/models/melody-vae.md, "Encoder").
///
/// The 16-bar model's encoder is hierarchical (MusicVAE's `HierarchicalLstmEncoder`): the same kind of
/// BiLSTM reads each block of `blockSteps` events on its own, `encoder.block` turns its final states into a
/// block code, and a second BiLSTM (`encoder.top`) reads the block codes; μ and σ come from the top's finals.
/// When the file has `encoder.flat_mu` and `encoder.flat_sigma`, their maps of all block codes at once are
/// added before σ's softplus: a direct path from every block to z (the top's finals favour the first and last).
struct MelodyEncoder: Sendable {
    /// Present only in the hierarchical encoder.
    struct Blocks: Sendable {
        let code: Linear
        let top: LSTM
        let steps: Int
        /// Linear maps of the concatenated block codes, added to μ's and σ's pre-activations.
        var flat: (mu: Linear, sigma: Linear)?
    }

    let lstm: LSTM
    let blocks: Blocks?
    let mu: Linear
    let sigma: Linear

    init(_ weights: Weights, config: ModelConfig, latentSize: Int, file: String) throws(ModelError) {
        lstm = try LSTM(weights.scope("encoder.lstm"))
        mu = try Linear(weights.scope("encoder.mu"))
        sigma = try Linear(weights.scope("encoder.sigma"))
        guard lstm.isBidirectional, lstm.inputSize == MelodyEncoding.classCount else {
            throw ModelError(file: file, .layerMismatch(tensor: "encoder.lstm.weight_ih_l0",
                "the encoder must be a bidirectional LSTM over \(MelodyEncoding.classCount) classes"))
        }
        var summary = 2 * lstm.hiddenSize
        if weights.contains("encoder.block.weight") {
            var b = Blocks(code: try Linear(weights.scope("encoder.block")), top: try LSTM(weights.scope("encoder.top")),
                           steps: try config.int("enc_block_steps"))
            guard b.code.inputSize == summary else {
                throw ModelError(file: file, .shapeMismatch(tensor: "encoder.block.weight",
                                                             expected: [b.code.outputSize, summary], actual: b.code.weight.shape))
            }
            let steps = try config.int("bars") * config.int("steps_per_bar")
            guard b.steps > 0, steps % b.steps == 0 else {
                throw ModelError(file: file, .badMetadata(key: "kanade.config",
                    "enc_block_steps \(b.steps) does not divide the model's \(steps) steps"))
            }
            guard b.top.isBidirectional, b.top.inputSize == b.code.outputSize else {
                throw ModelError(file: file, .layerMismatch(tensor: "encoder.top.weight_ih_l0",
                    "the top encoder must be a bidirectional LSTM over \(b.code.outputSize) block features"))
            }
            if weights.contains("encoder.flat_mu.weight") {
                let flat = (mu: try Linear(weights.scope("encoder.flat_mu")),
                            sigma: try Linear(weights.scope("encoder.flat_sigma")))
                let width = steps / b.steps * b.code.outputSize
                for (name, layer) in [("encoder.flat_mu.weight", flat.mu), ("encoder.flat_sigma.weight", flat.sigma)]
                where layer.inputSize != width || layer.outputSize != latentSize {
                    throw ModelError(file: file, .shapeMismatch(tensor: name, expected: [latentSize, width],
                                                                 actual: layer.weight.shape))
                }
                b.flat = flat
            }
            blocks = b
            summary = 2 * b.top.hiddenSize
        } else {
            blocks = nil
        }
        for (name, layer) in [("encoder.mu.weight", mu), ("encoder.sigma.weight", sigma)]
        where layer.inputSize != summary || layer.outputSize != latentSize {
            throw ModelError(file: file, .shapeMismatch(tensor: name, expected: [latentSize, summary],
                                                         actual: layer.weight.shape))
        }
    }

    /// μ and σ of one block of class indices (each 0…89).
    func encode(_ classes: [Int]) -> (mu: Tensor, sigma: Tensor) {
        var preMu: Tensor, preSigma: Tensor
        if let blocks {
            precondition(classes.count % blocks.steps == 0, "\(classes.count) steps are not whole encoder blocks")
            let codes = Tensor.concatenate(stride(from: 0, to: classes.count, by: blocks.steps).map {
                blocks.code(Self.finals(lstm, Self.oneHot(classes[$0..<$0 + blocks.steps])))
            }, dim: 0)
            let count = classes.count / blocks.steps, width = blocks.code.outputSize
            let both = Self.finals(blocks.top, codes.reshaped([count, 1, width]))
            (preMu, preSigma) = (mu(both), sigma(both))
            if let flat = blocks.flat {
                Self.add(flat.mu(codes), to: &preMu)
                Self.add(flat.sigma(codes), to: &preSigma)
            }
        } else {
            let both = Self.finals(lstm, Self.oneHot(classes[...]))
            (preMu, preSigma) = (mu(both), sigma(both))
        }
        let spread = preSigma.map { $0 > 20 ? $0 : Float(log1p(Double(exp($0)))) }  // softplus, as F.softplus
        return (preMu, spread)
    }

    /// x += y, element by element (same count).
    private static func add(_ y: Tensor, to x: inout Tensor) {
        precondition(x.count == y.count, "adding \(y.shape) to \(x.shape)")
        y.withUnsafeBufferPointer { src in
            x.withUnsafeMutableBufferPointer { dst in
                for i in dst.indices { dst[i] += src[i] }
            }
        }
    }

    /// Events as a [T, 1, classes] one-hot sequence.
    private static func oneHot(_ classes: ArraySlice<Int>) -> Tensor {
        var x = Tensor(shape: [classes.count, 1, MelodyEncoding.classCount])
        x.withUnsafeMutableBufferPointer { v in
            for (t, c) in classes.enumerated() { v[t * MelodyEncoding.classCount + c] = 1 }
        }
        return x
    }

    /// A bidirectional LSTM's summary of a [T, 1, features] sequence: the top layer's forward final state, then
    /// its backward one (after reading x₀). h is [layers·2, 1, H].
    private static func finals(_ lstm: LSTM, _ x: Tensor) -> Tensor {
        let h = lstm(x).h
        let layers = h.shape[0]
        return Tensor.concatenate([h.slice(layers - 2).reshaped([lstm.hiddenSize]),
                                   h.slice(layers - 1).reshaped([lstm.hiddenSize])], dim: 0)
    }
}
