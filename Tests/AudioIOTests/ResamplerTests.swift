import Foundation
import Testing
@testable import AudioIO

@Suite struct ResamplerTests {
    @Test func sameRateIsIdentity() throws {
        let buffer = AudioBuffer(sampleRate: 44_100, channels: [[0.1, 0.2, 0.3]])
        #expect(try Resampler.resample(buffer, to: 44_100) == buffer)
    }

    @Test(arguments: [(48_000.0, 44_100.0), (44_100, 48_000), (22_050, 44_100)])
    func sineKeepsItsPitchAndLevel(from: Double, to: Double) throws {
        let hz = 1000.0
        let input = AudioBuffer(sampleRate: from, channels: [
            (0..<Int(from)).map { 0.5 * Float(sin(2 * Double.pi * hz * Double($0) / from)) },
        ])
        let output = try Resampler.resample(input, to: to)
        #expect(output.sampleRate == to)
        #expect(output.frameCount == Int(to))
        // Compare the middle (away from the filter's edges) with an ideal sine at the new rate.
        let x = output.channels[0]
        var error = 0.0, energy = 0.0
        for i in Int(to * 0.1)..<Int(to * 0.9) {
            let ideal = 0.5 * sin(2 * Double.pi * hz * Double(i) / to)
            error += (Double(x[i]) - ideal) * (Double(x[i]) - ideal)
            energy += ideal * ideal
        }
        let db = 10 * log10(error / energy)
        #expect(db < -80, "resampled sine error \(db) dB")
    }
}
