import Foundation
import Models
import Neural
import Testing
import TestSupport

/// Encoding a recording (a morph-grid corner from a WAV file): the Swift representation of a real held-out note
/// (log magnitude and IF on the model's 512 bands) and the encoder's z, against PyTorch on
/// `Tests/Fixtures/timbre/encode.safetensors` (`training/timbre/encode_fixture.py`).
@Suite struct TimbreRepresentationGoldenTests {
    struct Fixture {
        let audio: [Float], representation: [Float], z: [Float]
        static func load() throws -> Fixture {
            let file = try SafeTensorsFile(path: fixturePath("timbre/encode.safetensors"))
            return Fixture(audio: try file.tensor("audio").scalars, representation: try file.tensor("representation").scalars,
                           z: try file.tensor("z").scalars)
        }
    }

    @Test func logMagnitudeMatchesPyTorch() throws {
        let f = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        let rep = timbre.representation(of: f.audio)
        #expect(rep.shape == [2, 64, 512])
        let plane = 64 * 512
        // Everywhere within 1e-3 (bands near the 1e-6 floor carry float32 STFT rounding into the log); within
        // 1e-4 where there is sound (the loudest band less 60 dB).
        let expected = Array(f.representation[0..<plane]), actual = Array(rep.scalars[0..<plane])
        let error = relativeError(expected, actual)
        #expect(error <= 1e-3, "log magnitude: relative error \(error)")
        let floor = expected.max()! - Float(log(1000.0) / 5)
        let scale = expected.map(abs).max()!
        let loud = zip(expected, actual).filter { $0.0 > floor }.map { abs($0.0 - $0.1) / scale }.max()!
        #expect(loud <= 1e-4, "log magnitude where there is sound: relative error \(loud)")
    }

    /// IF is an angle: compared on the circle, where the band has energy (within 60 dB of the loudest band —
    /// where there is none the angle is noise in both, float32 here against float64 there).
    @Test func instantaneousFrequencyMatchesPyTorchWhereThereIsSound() throws {
        let f = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        let rep = timbre.representation(of: f.audio).scalars
        let plane = 64 * 512
        let loudest = f.representation[0..<plane].max()!
        let floor = loudest - Float(log(1000.0) / 5)   // 60 dB in the scaled log magnitude (÷ LOGMAG_SCALE 5)
        var worst: Float = 0, compared = 0
        for i in 0..<plane where f.representation[i] > floor {
            var d = abs(rep[plane + i] - f.representation[plane + i])
            d = min(d, 2 - d)                                        // (−1, 1] wraps
            worst = max(worst, d)
            compared += 1
        }
        #expect(compared > 1000)
        #expect(worst <= 1e-3, "largest IF difference \(worst) (units of π) over \(compared) loud bands")
    }

    @Test func encodedRecordingMatchesPyTorch() throws {
        let f = try Fixture.load()
        let timbre = try TimbreGenerator(store: bundledModels)
        let z = timbre.encode(spectrogram: timbre.representation(of: f.audio))
        let error = relativeError(f.z, z)
        #expect(error <= 1e-3, "z: relative error \(error)")
    }

    @Test func bandsAreTrianglesSummingToOne() {
        let bands = TimbreBands(bands: 512, fftSize: 2048, sampleRate: 16_000)
        #expect(bands.rows.count == 512 && bands.binCount == 1024)
        for row in bands.rows { #expect(abs(row.weights.reduce(0, +) - 1) < 1e-9) }
        #expect(bands.centres.first! > 0 && bands.centres.first! < 16 && bands.centres.last! > 7900 && bands.centres.last! < 8000)
        #expect(zip(bands.centres, bands.centres.dropFirst()).allSatisfy { $0 < $1 })
    }
}
