/// A seeded xorshift64 generator for tests: the same draws on every run and machine, so a failure found with
/// random input reproduces from its seed. Put the seed in the failure message.
public struct TestRandom: RandomNumberGenerator, Sendable {
    /// The seed this generator started from.
    public let seed: UInt64
    private var state: UInt64

    /// A generator starting from `seed` (not 0: xorshift would stay at 0 for ever).
    public init(seed: UInt64) {
        precondition(seed != 0, "xorshift needs a non-zero seed")
        self.seed = seed
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
