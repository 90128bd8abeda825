import Neural

/// Where `MelodyVAE.sample` draws its latent points: N(0, I), or a diagonal Gaussian mixture shipped with the
/// model (`prior.weights` [K], `prior.means` [K, z], `prior.stds` [K, z]; `training/melody/fit_prior.py` fits it
/// to the codes of real training windows, docs/models/melody-vae.md "Sampling the 16-bar model").
public enum MelodyPrior: Sendable, Equatable {
    /// The standard normal MusicVAE samples from.
    case standardNormal
    /// A mixture of diagonal Gaussians: component k is picked with probability `weights[k]`, then
    /// z = means[k] + stds[k] · ε, ε ~ N(0, I).
    case mixture(weights: [Float], means: [[Float]], stds: [[Float]])

    /// Reads the mixture from `weights` when the file has one, else `.standardNormal`. A mixture whose shapes
    /// disagree with `latentSize`, whose weights are not a distribution, or whose spreads are not positive is
    /// a `ModelError` naming the file and tensor.
    init(_ weights: Weights, latentSize: Int, file: String) throws(ModelError) {
        guard weights.contains("prior.weights") else {
            self = .standardNormal
            return
        }
        let mixing = try weights.tensor("prior.weights", rank: 1)
        let k = mixing.count
        let means = try weights.tensor("prior.means", shape: [k, latentSize])
        let stds = try weights.tensor("prior.stds", shape: [k, latentSize])
        let total = mixing.scalars.reduce(0, +)
        guard k >= 1, mixing.scalars.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(total - 1) < 1e-2 else {
            throw ModelError(file: file, .layerMismatch(tensor: "prior.weights",
                "mixture weights must be non-negative and sum to 1, they sum to \(total)"))
        }
        guard stds.scalars.allSatisfy({ $0 > 0 && $0.isFinite }), means.scalars.allSatisfy(\.isFinite) else {
            throw ModelError(file: file, .layerMismatch(tensor: "prior.stds",
                "mixture spreads must be positive and means finite"))
        }
        func rows(_ t: Tensor) -> [[Float]] {
            let all = t.scalars
            return (0..<k).map { Array(all[$0 * latentSize..<($0 + 1) * latentSize]) }
        }
        self = .mixture(weights: mixing.scalars.map { $0 / total }, means: rows(means), stds: rows(stds))
    }

    /// Mixture components (1 for N(0, I)).
    public var components: Int {
        switch self {
        case .standardNormal: 1
        case .mixture(let weights, _, _): weights.count
        }
    }

    /// In words, for the CLI: "N(0, I)" or "a 64-component Gaussian mixture".
    public var summary: String {
        switch self {
        case .standardNormal: "N(0, I)"
        case .mixture(let weights, _, _): "a \(weights.count)-component Gaussian mixture"
        }
    }

    /// One point of `size` values: for a mixture, one uniform draw picks the component (`Sampling.pick`, as a
    /// class is picked), then `size` normal draws give ε.
    func draw(size: Int, using generator: inout SeededGenerator) -> Tensor {
        switch self {
        case .standardNormal:
            return generator.gaussian(shape: [size])
        case .mixture(let weights, _, _):
            let component = Sampling.pick(weights, using: &generator)
            return point(component: component, noise: generator.gaussian(shape: [size]))
        }
    }

    /// means[component] + stds[component] · noise (`noise` itself for N(0, I)).
    public func point(component: Int, noise: Tensor) -> Tensor {
        switch self {
        case .standardNormal:
            return noise
        case .mixture(_, let means, let stds):
            precondition(means.indices.contains(component), "component \(component) of \(means.count)")
            precondition(noise.count == means[component].count, "noise must have \(means[component].count) values")
            let mean = means[component], std = stds[component], e = noise.scalars
            return Tensor(shape: [e.count], scalars: e.indices.map { mean[$0] + std[$0] * e[$0] })
        }
    }
}
