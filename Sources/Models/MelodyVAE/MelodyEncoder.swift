import Foundation
import Music
import Neural

/// MusicVAE's encoder: a bidirectional LSTM reads the one-hot events both ways; its two final states give
/// the latent's mean μ and spread σ (docs/models/melody-vae.md, "Encoder").
struct MelodyEncoder: Sendable {
    let lstm: LSTM
    let mu: Linear
    let sigma: Linear

    init(_ weights: Weights, latentSize: Int, file: String) throws(ModelError) {
        lstm = try LSTM(weights.scope("encoder.lstm"))
        mu = try Linear(weights.scope("encoder.mu"))
        sigma = try Linear(weights.scope("encoder.sigma"))
        guard lstm.isBidirectional, lstm.inputSize == MelodyEncoding.classCount else {
            throw ModelError(file: file, .layerMismatch(tensor: "encoder.lstm.weight_ih_l0",
                "the encoder must be a bidirectional LSTM over \(MelodyEncoding.classCount) classes"))
        }
        for (name, layer) in [("encoder.mu.weight", mu), ("encoder.sigma.weight", sigma)]
        where layer.inputSize != 2 * lstm.hiddenSize || layer.outputSize != latentSize {
            throw ModelError(file: file, .shapeMismatch(tensor: name, expected: [latentSize, 2 * lstm.hiddenSize],
                                                         actual: layer.weight.shape))
        }
    }

    /// μ and σ of one block of class indices (each 0…89).
    func encode(_ classes: [Int]) -> (mu: Tensor, sigma: Tensor) {
        var x = Tensor(shape: [classes.count, 1, MelodyEncoding.classCount])
        x.withUnsafeMutableBufferPointer { v in
            for (t, c) in classes.enumerated() { v[t * MelodyEncoding.classCount + c] = 1 }
        }
        // h is [layers·2, 1, H]; the top layer's forward final state, then its backward one (after reading x₀).
        let h = lstm(x).h
        let layers = h.shape[0]
        let both = Tensor.concatenate([h.slice(layers - 2).reshaped([lstm.hiddenSize]),
                                       h.slice(layers - 1).reshaped([lstm.hiddenSize])], dim: 0)
        let spread = sigma(both).map { $0 > 20 ? $0 : Float(log1p(Double(exp($0)))) }  // softplus, as F.softplus
        return (mu(both), spread)
    }
}
