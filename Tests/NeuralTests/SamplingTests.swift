import Foundation
import Neural
import Testing

struct SamplingTests {
    /// SplitMix64's published sequence for seed 0, so a seed means the same melody on every machine.
    @Test func generatorIsSplitMix64() {
        var rng = SeededGenerator(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func sameSeedSameDraws() {
        let logits = Tensor([0.1, 2, -1, 0.5, 1.5])
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let drawsA = (0..<50).map { _ in Sampling.sample(logits, temperature: 0.8, using: &a) }
        let drawsB = (0..<50).map { _ in Sampling.sample(logits, temperature: 0.8, using: &b) }
        #expect(drawsA == drawsB)
        #expect(Set(drawsA).count > 1)
    }

    @Test func topKKeepsOnlyTheLargest() {
        let logits = Tensor([0.1, 2, -1, 0.5, 1.5])
        var rng = SeededGenerator(seed: 7)
        let draws = Set((0..<200).map { _ in Sampling.sample(logits, temperature: 1.5, topK: 2, using: &rng) })
        #expect(draws == [1, 4])
        let p = Sampling.probabilities(logits, temperature: 1, topK: 2)
        #expect(p[0] == 0 && p[2] == 0 && p[3] == 0)
        #expect(abs(p[1] + p[4] - 1) < 1e-6)
    }

    @Test func temperatureZeroIsArgmaxAndHighTemperatureFlattens() {
        let logits = Tensor([0.1, 2, -1, 0.5, 1.5])
        var rng = SeededGenerator(seed: 3)
        #expect((0..<20).allSatisfy { _ in Sampling.sample(logits, temperature: 0, using: &rng) == 1 })
        let sharp = Sampling.probabilities(logits, temperature: 0.5)
        let flat = Sampling.probabilities(logits, temperature: 5)
        #expect(sharp[1] > flat[1] && flat[2] > sharp[2])
    }

    @Test func drawFrequenciesFollowTheProbabilities() {
        let logits = Tensor([0, Float(log(3.0))])  // p = [0.25, 0.75]
        var rng = SeededGenerator(seed: 99)
        let ones = (0..<4000).filter { _ in Sampling.sample(logits, using: &rng) == 1 }.count
        #expect(abs(Double(ones) / 4000 - 0.75) < 0.03)
    }

    @Test func gaussianHasUnitMoments() {
        var rng = SeededGenerator(seed: 5)
        let z = rng.gaussian(shape: [20000]).scalars
        let mean = z.reduce(0, +) / Float(z.count)
        let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(z.count)
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
    }
}
