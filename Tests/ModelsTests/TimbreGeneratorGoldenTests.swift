import Foundation
import Models
import Neural
import Testing
import TestSupport

/// The Swift TimbreGenerator against PyTorch on `Tests/Fixtures/timbre/generator.safetensors`, written by
/// `training/timbre/export.py` from the bundled weights: the generator's log magnitude and IF within 1e-4
/// relative, the encoder's z, and the note after band inversion, phase from IF and ISTFT.
@Suite struct TimbreGeneratorGoldenTests {
    static let tolerance: Float = 1e-4

    struct Fixture {
        let z: [[Float]], pitch: [Int], spectrogram: [[Float]], encoded: [[Float]], audio: [Float], corner0: String

        static func load() throws -> Fixture {
            let file = try SafeTensorsFile(path: fixturePath("timbre/generator.safetensors"))
            let z = try file.tensor("z"), spec = try file.tensor("spectrogram"), enc = try file.tensor("encoded")
            let rows = z.shape[0]
            return Fixture(z: (0..<rows).map { z.slice($0).scalars }, pitch: try file.tensor("pitch").scalars.map { Int($0) },
                           spectrogram: (0..<rows).map { spec.slice($0).scalars },
                           encoded: (0..<rows).map { enc.slice($0).scalars },
                           audio: try file.tensor("audio").scalars, corner0: try file.metadata("corner0"))
        }
    }

    @Test func generatorMatchesPyTorch() throws {
        let fixture = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        #expect(fixture.z.count == 2)
        for (i, z) in fixture.z.enumerated() {
            let spec = timbre.spectrogram(z: z, pitch: fixture.pitch[i])
            #expect(spec.shape == [2, 64, 512])
            let error = relativeError(fixture.spectrogram[i], spec.scalars)
            #expect(error <= Self.tolerance, "example \(i): relative error \(error)")
        }
    }

    @Test func encoderMatchesPyTorch() throws {
        let fixture = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        for i in fixture.z.indices {
            let z = timbre.encode(spectrogram: Tensor(shape: [2, 64, 512], scalars: fixture.spectrogram[i]))
            let error = relativeError(fixture.encoded[i], z)
            #expect(error <= Self.tolerance, "example \(i): relative error \(error)")
        }
    }

    @Test func noteAudioMatchesPyTorch() throws {
        let fixture = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        let audio = timbre.note(z: fixture.z[0], pitch: fixture.pitch[0])
        #expect(audio.count == 64_000 && timbre.sampleRate == 16_000)
        let error = relativeError(fixture.audio, audio)
        #expect(error <= Self.tolerance, "relative error \(error)")
    }

    /// A blended point (`TimbrePoint`: the corners' first feature maps mixed) against PyTorch on
    /// `Tests/Fixtures/timbre/blend.safetensors` (training/timbre/blend_fixture.py): four named corners at
    /// (0.3, 0.6), two pitches, and the first one's audio.
    @Test func blendedPointMatchesPyTorch() throws {
        let file = try SafeTensorsFile(path: fixturePath("timbre/blend.safetensors"))
        let timbre = try TimbreGenerator(store: bundledModels)
        let names = try file.metadata("corners").split(separator: ",").map(String.init)
        let latents = try names.map { name in try #require(timbre.latent(named: name), "\(name)") }
        let weights = try file.tensor("weights").scalars.map(Double.init)
        #expect(weights.count == 4 && weights.allSatisfy { $0 > 0 })
        let point = TimbrePoint(latents: latents, weights: weights)
        let spec = try file.tensor("spectrogram"), pitches = try file.tensor("pitch").scalars.map { Int($0) }
        for (i, pitch) in pitches.enumerated() {
            let mine = timbre.spectrogram(point: point, pitch: pitch)
            let error = relativeError(spec.slice(i).scalars, mine.scalars)
            #expect(error <= Self.tolerance, "pitch \(pitch): relative error \(error)")
        }
        let audio = timbre.note(point: point, pitch: pitches[0])
        let error = relativeError(try file.tensor("audio").scalars, audio)
        #expect(error <= Self.tolerance, "audio: relative error \(error)")
        // The mix is not the plain generator at any corner: it differs from each corner's note by far more.
        for z in latents {
            #expect(relativeError(spec.slice(0).scalars, timbre.spectrogram(z: z, pitch: pitches[0]).scalars) > 100 * Self.tolerance)
        }
    }

    /// A point of one latent is that latent's note, bit for bit.
    @Test func aPointOfOneLatentIsThatLatent() throws {
        let timbre = try TimbreGenerator(store: bundledModels)
        let z = try #require(timbre.latent(named: "flute.fluidr3"))
        let other = try #require(timbre.latent(named: "cello.fluidr3"))
        #expect(timbre.spectrogram(point: TimbrePoint(latents: [z, other], weights: [1, 0]), pitch: 60).scalars
                == timbre.spectrogram(z: z, pitch: 60).scalars)
    }

    @Test func cornersAreNamedTrainingInstruments() throws {
        let fixture = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        #expect(timbre.instrumentNames.count == 65)
        #expect(timbre.latent(named: fixture.corner0) == fixture.z[0])
        #expect(timbre.latent(named: "no-such-instrument") == nil)
        #expect(timbre.pitches == 24...84)
    }
}
