import Foundation
import Models
import Neural
import Testing

/// The Swift MelodyVAE against PyTorch on the committed golden fixtures (both models): μ, σ, teacher-forced
/// logits within 1e-4 relative, identical greedy decodes and slerp interpolation (the 2-bar sampling flavor too).
@Suite struct MelodyVAEGoldenTests {
    static let tolerance: Float = 1e-4

    @Test(arguments: goldenModels) func encoderMatchesPyTorch(bars: Int, flavor: MelodyVAE.Flavor) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars, flavor: flavor)
        let vae = try MelodyVAE(bars: bars, flavor: flavor, store: bundledModels)
        #expect(fixture.model == MelodyVAE.modelName(bars: bars, flavor: flavor))
        #expect(!fixture.melodies.isEmpty)
        for melody in fixture.melodies {
            let (mu, sigma) = vae.encode(classes: melody.events)
            #expect(relativeError(melody.mu, mu.scalars) <= Self.tolerance)
            #expect(relativeError(melody.sigma, sigma.scalars) <= Self.tolerance)
        }
    }

    @Test(arguments: goldenModels) func teacherForcedLogitsMatchPyTorch(bars: Int, flavor: MelodyVAE.Flavor) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars, flavor: flavor)
        let vae = try MelodyVAE(bars: bars, flavor: flavor, store: bundledModels)
        for melody in fixture.melodies {
            let logits = vae.teacherForcedLogits(Tensor(melody.mu), classes: melody.events)
            #expect(!melody.teacher_forced_steps.isEmpty)
            #expect(melody.teacher_forced_steps.count == melody.teacher_forced_logits.count)
            for (step, expected) in zip(melody.teacher_forced_steps, melody.teacher_forced_logits) {
                let error = relativeError(expected, logits[step])
                #expect(error <= Self.tolerance, "step \(step): relative error \(error)")
            }
        }
    }

    @Test(arguments: goldenModels) func greedyDecodeMatchesPyTorch(bars: Int, flavor: MelodyVAE.Flavor) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars, flavor: flavor)
        let vae = try MelodyVAE(bars: bars, flavor: flavor, store: bundledModels)
        var generator = SeededGenerator(seed: 0)
        for melody in fixture.melodies {
            #expect(vae.decodeClasses(Tensor(melody.mu), using: &generator) == melody.greedy)
        }
        // All melodies as one batch: the same decodes.
        var generators: [SeededGenerator] = []
        #expect(vae.decodeClasses(fixture.melodies.map { Tensor($0.mu) }, using: &generators) == fixture.melodies.map(\.greedy))
    }

    @Test(arguments: goldenModels) func slerpInterpolationMatchesPyTorch(bars: Int, flavor: MelodyVAE.Flavor) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars, flavor: flavor)
        let vae = try MelodyVAE(bars: bars, flavor: flavor, store: bundledModels)
        let interpolation = fixture.interpolation
        let a = Tensor(fixture.melodies[interpolation.from].mu), b = Tensor(fixture.melodies[interpolation.to].mu)
        #expect(interpolation.steps > 1)
        #expect(interpolation.z.count == interpolation.steps && interpolation.greedy.count == interpolation.steps)
        var generator = SeededGenerator(seed: 0)
        for (i, (expectedZ, expectedEvents)) in zip(interpolation.z, interpolation.greedy).enumerated() {
            let z = MelodyVAE.slerp(a, b, Float(i) / Float(interpolation.steps - 1))
            #expect(relativeError(expectedZ, z.scalars) <= Self.tolerance, "point \(i)")
            #expect(vae.decodeClasses(Tensor(expectedZ), using: &generator) == expectedEvents, "point \(i)")
        }
    }
}

/// The 16-bar model's sampling mixture against PyTorch: the same component and noise give the same z (1e-4
/// relative) and the same greedy melody; the 2-bar models ship none and sample from N(0, I).
@Suite struct MelodyPriorGoldenTests {
    @Test(arguments: goldenModels) func mixturePointsMatchPyTorch(bars: Int, flavor: MelodyVAE.Flavor) throws {
        let fixture = try MelodyVAEFixture.load(bars: bars, flavor: flavor)
        let vae = try MelodyVAE(bars: bars, flavor: flavor, store: bundledModels)
        guard let prior = fixture.prior else {
            #expect(vae.prior == .standardNormal)
            return
        }
        #expect(vae.prior.components == prior.components && !prior.draws.isEmpty)
        var generator = SeededGenerator(seed: 0)
        for (i, draw) in prior.draws.enumerated() {
            let z = vae.prior.point(component: draw.component, noise: Tensor(draw.noise))
            #expect(relativeError(draw.z, z.scalars) <= MelodyVAEGoldenTests.tolerance, "draw \(i)")
            #expect(vae.decodeClasses(Tensor(draw.z), using: &generator) == draw.greedy, "draw \(i)")
        }
    }
}
