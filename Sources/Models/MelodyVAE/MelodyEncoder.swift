import Foundation
import Music
import Neural

/// MusicVAE's encoder: a bidirectional LSTM reads the one-hot events both ways; its two final states give
/// the latent's mean μ and spread σ (docs/models/melody-vae.md, "Encoder").
///
/// The 16-bar model's encoder is hierarchical (MusicVAE's `HierarchicalLstmEncoder`): the same kind of
/// BiLSTM reads each block of `blockSteps` events on its own, `encoder.block` turns its final states into a
/// block code, and a second BiLSTM (`encoder.top`) reads the block codes; μ and σ come from the top's finals.
struct MelodyEncoder: Sendable {
    /// Present only in the hierarchical encoder.
    struct Blocks: Sendable {
        let code: Linear
        let top: LSTM
        let steps: Int
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
            let b = Blocks(code: try Linear(weights.scope("encoder.block")), top: try LSTM(weights.scope("encoder.top")),
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
        let both: Tensor
        if let blocks {
            precondition(classes.count % blocks.steps == 0, "\(classes.count) steps are not whole encoder blocks")
            let codes = stride(from: 0, to: classes.count, by: blocks.steps).map {
                blocks.code(Self.finals(lstm, Self.oneHot(classes[$0..<$0 + blocks.steps])))
            }
            let width = blocks.code.outputSize
            both = Self.finals(blocks.top, Tensor.concatenate(codes, dim: 0).reshaped([codes.count, 1, width]))
        } else {
            both = Self.finals(lstm, Self.oneHot(classes[...]))
        }
        let spread = sigma(both).map { $0 > 20 ? $0 : Float(log1p(Double(exp($0)))) }  // softplus, as F.softplus
        return (mu(both), spread)
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
