/// A point of the timbre space as Kanade plays it: latents (corners) and their weights.
///
/// The generator makes a point's note from the weighted mean of its latents' **first feature maps** — G's
/// projection of (z, pitch) after the leaky ReLU and pixel norm, 64 channels × 4 frames × 32 bands — and runs all
/// four convolution blocks and the output on that mean (`TimbreGenerator.spectrogram(point:pitch:)`). Mixing the
/// latents themselves (a weighted mean, or slerp) was what versions 1–3 did: along a straight path between two
/// instruments the brightness then moved monotonically on 34 of 50 paths (mean |Spearman ρ| 0.863), the middle of
/// an edge often darker than both ends, because G is far from linear in z. Mixing the first feature map instead
/// gives 45 of 50 (0.946) with the same weights, and a corner is still exactly its instrument's note
/// (docs/models/timbre.md, "Blending corners"). NSynth Super mixed a map too: its instruments' NSynth embeddings
/// are 16 channels every 512 samples (the encoder's output that conditions the WaveNet decoder), not one vector.
public struct TimbrePoint: Sendable, Hashable {
    /// The latents, each `TimbreGenerator.latentSize` long.
    public let latents: [[Float]]
    /// One weight per latent, each > 0 (zero weights are dropped on creation).
    public let weights: [Double]

    /// The point that mixes `latents` by `weights` (e.g. `CornerBlend.weights`); corners of weight 0 are dropped.
    /// At least one weight must be positive.
    public init(latents: [[Float]], weights: [Double]) {
        precondition(latents.count == weights.count, "one weight per latent")
        let kept = zip(latents, weights).filter { $0.1 != 0 }
        precondition(!kept.isEmpty && kept.allSatisfy { $0.1 > 0 }, "weights must be ≥ 0, one of them positive")
        self.latents = kept.map(\.0)
        self.weights = kept.map(\.1)
    }

    /// The point of one latent: the generator's note of `z` itself.
    public init(z: [Float]) { self.init(latents: [z], weights: [1]) }
}
