import Foundation

/// A seeded random number generator (SplitMix64) that gives the same sequence on every platform,
/// so a sampled melody can be reproduced from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) from the top 24 bits (defined here, not by the standard library, so it is stable).
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A standard normal sample (Box–Muller, computed in Double).
    public mutating func nextGaussian() -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]: log stays finite
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// A tensor of standard normal samples, e.g. a VAE latent z.
    public mutating func gaussian(shape: [Int]) -> Tensor {
        var t = Tensor(shape: shape)
        t.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = nextGaussian() }
        }
        return t
    }
}
