import Foundation
import Testing
import TestSupport
@testable import Signal

/// Written by `training/timbre/make_fixtures.py` (numpy float64 reference of the same math).
private struct PhaseFixture: Decodable {
    let fftSize: Int, hop: Int, length: Int, frames: Int, bins: Int
    let signal: [Float], logMagnitude: [Float], frequency: [Float], audio: [Float]

    enum CodingKeys: String, CodingKey {
        case fftSize = "fft_size", hop, length, frames, bins, signal
        case logMagnitude = "log_magnitude", frequency, audio
    }

    static func load() throws -> PhaseFixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("timbre/phase-reconstruction.json")))
        return try JSONDecoder().decode(PhaseFixture.self, from: data)
    }
}

@Suite struct InstantaneousFrequencyTests {
    @Test func reconstructionMatchesThePythonReference() throws {
        let f = try PhaseFixture.load()
        let stft = STFT(fftSize: f.fftSize, hop: f.hop)
        let audio = stft.inverse(
            logMagnitude: Spectrogram(values: f.logMagnitude, frameCount: f.frames, binCount: f.bins),
            instantaneousFrequency: Spectrogram(values: f.frequency, frameCount: f.frames, binCount: f.bins),
            length: f.length)
        #expect(audio.count == f.audio.count)
        let scale = f.audio.map(abs).max()!
        let worst = zip(audio, f.audio).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-4 * scale, "largest difference \(worst), largest expected \(scale)")
    }

    @Test func analysisMatchesThePythonReference() throws {
        let f = try PhaseFixture.load()
        let (logMagnitude, frequency) = InstantaneousFrequency.analyse(STFT(fftSize: f.fftSize, hop: f.hop).forward(f.signal))
        #expect(logMagnitude.frameCount == f.frames && logMagnitude.binCount == f.bins)
        #expect(zip(logMagnitude.values, f.logMagnitude).allSatisfy { abs($0 - $1) < 1e-4 })
        // IF is an angle: ±1 are the same advance, so compare on the circle.
        let circular = zip(frequency.values, f.frequency).map { a, b -> Float in
            let d = abs(a - b).truncatingRemainder(dividingBy: 2)
            return min(d, 2 - d)
        }
        #expect(circular.max()! < 1e-4)
        #expect(frequency.values.allSatisfy { $0 > -1 && $0 <= 1 })
    }

    /// Analysis then synthesis gives the signal back: the running sum of IF is the phase.
    @Test(arguments: [(2048, 1024), (2048, 512), (256, 64)])
    func roundTripGivesTheSignalBack(fftSize: Int, hop: Int) {
        let x = TestSignals.noise(20_000 + 77)
        let stft = STFT(fftSize: fftSize, hop: hop)
        let (logMagnitude, frequency) = InstantaneousFrequency.analyse(stft.forward(x))
        let y = stft.inverse(logMagnitude: logMagnitude, instantaneousFrequency: frequency, length: x.count)
        let error = TestSignals.relativeErrorDB(x, y)
        #expect(error < -80, "round-trip error \(error) dB")
    }

    /// A steady sine at a bin's centre frequency advances by 2π·k·hop/N per hop: IF names that advance.
    @Test func steadySineHasTheExpectedAdvance() {
        let n = 256, hop = 64, bin = 21
        // Computed in Double: a Float phase ramp drifts by milliradians over thousands of samples.
        let x = (0..<4096).map { Float(sin(2 * Double.pi * Double(bin * $0) / Double(n) + 0.7)) }
        let (_, frequency) = InstantaneousFrequency.analyse(STFT(fftSize: n, hop: hop).forward(x))
        let expected = InstantaneousFrequency.wrapped(2 * Double.pi * Double(bin * hop) / Double(n)) / Double.pi
        // From frame 3: a centred frame f starts at f·hop − n/2, so frames 0…1 reach into the zero padding.
        for frame in 3..<(frequency.frameCount - 2) {
            #expect(abs(Double(frequency[frame, bin]) - expected) < 1e-4, "frame \(frame): \(frequency[frame, bin]) vs \(expected)")
        }
    }

    @Test func magnitudeFloorIsTakenOff() {
        let silent = Spectrogram(values: [Float](repeating: log(InstantaneousFrequency.logFloor), count: 6),
                                 frameCount: 2, binCount: 3)
        let spectrum = InstantaneousFrequency.spectrum(
            logMagnitude: silent, frequency: Spectrogram(values: [0.5, -0.25, 1, 0, 0.75, -1], frameCount: 2, binCount: 3))
        #expect(spectrum.magnitudes.values.allSatisfy { $0 < 1e-9 })
    }

    @Test func wrapping() {
        #expect(InstantaneousFrequency.wrapped(Double.pi) == Double.pi)
        #expect(abs(InstantaneousFrequency.wrapped(-Double.pi) - Double.pi) < 1e-12)
        #expect(abs(InstantaneousFrequency.wrapped(3 * Double.pi / 2) + Double.pi / 2) < 1e-12)
        #expect(abs(InstantaneousFrequency.wrapped(41 * Double.pi + 0.1) - (-Double.pi + 0.1)) < 1e-9)
    }
}
