import Foundation
import Models
import Neural
import Testing

/// The Swift MelodyVAE against PyTorch on the committed golden fixtures (both models): μ, σ, teacher-forced
/// logits within 1e-4 relative, identical greedy decodes and slerp interpolation.
@Suite struct MelodyVAEGoldenTests {
    static let tolerance: Float = 1e-4

    @Test(arguments: [2, 16]) func encoderMatchesPyTorch(bars: Int) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars)
        let vae = try MelodyVAE(bars: bars, store: bundledModels)
        #expect(fixture.model == MelodyVAE.modelName(bars: bars))
        #expect(!fixture.melodies.isEmpty)
        for melody in fixture.melodies {
            let (mu, sigma) = vae.encode(classes: melody.events)
            #expect(relativeError(melody.mu, mu.scalars) <= Self.tolerance)
            #expect(relativeError(melody.sigma, sigma.scalars) <= Self.tolerance)
        }
    }

    @Test(arguments: [2, 16]) func teacherForcedLogitsMatchPyTorch(bars: Int) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars)
        let vae = try MelodyVAE(bars: bars, store: bundledModels)
        for melody in fixture.melodies {
            let logits = vae.teacherForcedLogits(Tensor(melody.mu), classes: melody.events)
            #expect(melody.teacher_forced_steps.count == melody.teacher_forced_logits.count)
            for (step, expected) in zip(melody.teacher_forced_steps, melody.teacher_forced_logits) {
                let error = relativeError(expected, logits[step])
                #expect(error <= Self.tolerance, "step \(step): relative error \(error)")
            }
        }
    }

    @Test(arguments: [2, 16]) func greedyDecodeMatchesPyTorch(bars: Int) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars)
        let vae = try MelodyVAE(bars: bars, store: bundledModels)
        var generator = SeededGenerator(seed: 0)
        for melody in fixture.melodies {
            #expect(vae.decodeClasses(Tensor(melody.mu), using: &generator) == melody.greedy)
        }
        // All melodies as one batch: the same decodes.
        var generators: [SeededGenerator] = []
        #expect(vae.decodeClasses(fixture.melodies.map { Tensor($0.mu) }, using: &generators) == fixture.melodies.map(\.greedy))
    }

    @Test(arguments: [2, 16]) func slerpInterpolationMatchesPyTorch(bars: Int) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars)
        let vae = try MelodyVAE(bars: bars, store: bundledModels)
        let interpolation = fixture.interpolation
        let a = Tensor(fixture.melodies[interpolation.from].mu), b = Tensor(fixture.melodies[interpolation.to].mu)
        #expect(interpolation.z.count == interpolation.steps && interpolation.greedy.count == interpolation.steps)
        var generator = SeededGenerator(seed: 0)
        for (i, (expectedZ, expectedEvents)) in zip(interpolation.z, interpolation.greedy).enumerated() {
            let z = MelodyVAE.slerp(a, b, Float(i) / Float(interpolation.steps - 1))
            #expect(relativeError(expectedZ, z.scalars) <= Self.tolerance, "point \(i)")
            #expect(vae.decodeClasses(Tensor(expectedZ), using: &generator) == expectedEvents, "point \(i)")
        }
    }
}
