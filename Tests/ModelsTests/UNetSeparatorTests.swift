import Foundation
import Models
import Neural
import Signal
import Testing
import TestSupport

/// The Swift U-Net separator against PyTorch on `Tests/Fixtures/separator/golden.safetensors` (written by
/// `training/separation/export.py` from the bundled weights), and its behaviour on awkward input.
@Suite struct UNetSeparatorTests {
    static func fixture() throws -> SafeTensorsFile {
        try SafeTensorsFile(path: fixturePath("separator/golden.safetensors"))
    }

    @Test func masksMatchPyTorch() throws {
        let file = try Self.fixture()
        let unet = try UNetSeparator(store: bundledModels)
        let masks = unet.masks(try file.tensor("input").reshaped([1, 2, 32, 512]))
        let expected = try file.tensor("masks")
        #expect(masks.shape == expected.shape)
        let error = zip(masks.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-4, "largest |Δmask| \(error)")
    }

    @Test func wienerMatchesPyTorch() throws {
        let file = try Self.fixture()
        let mix = try file.tensor("wiener_mix"), masks = try file.tensor("wiener_masks"), out = try file.tensor("wiener_out")
        let (frames, bins) = (mix.shape[1], mix.shape[2])
        func spectrum(_ t: [Float], offset: Int, gain: (Int) -> Float = { _ in 1 }) -> ComplexSpectrogram {
            let n = frames * bins
            return ComplexSpectrogram(real: (0..<n).map { t[offset + 2 * $0] * gain($0) },
                                      imaginary: (0..<n).map { t[offset + 2 * $0 + 1] * gain($0) }, frameCount: frames, binCount: bins)
        }
        let plane = frames * bins
        let x = (0..<2).map { spectrum(mix.scalars, offset: $0 * 2 * plane) }
        let y = (0..<4).map { s in
            (0..<2).map { c in spectrum(mix.scalars, offset: c * 2 * plane) { masks.scalars[(s * 2 + c) * plane + $0] } }
        }
        let result = UNetSeparator.wiener(y, mixture: x)
        var actual: [Float] = []
        for s in 0..<4 {
            for c in 0..<2 {
                for i in 0..<plane { actual += [result[s][c].real[i], result[s][c].imaginary[i]] }
            }
        }
        let error = relativeError(out.scalars, actual)
        #expect(error <= 1e-4, "relative error \(error)")
    }

    /// A stereo test signal: a chord, a bass line and noise clicks.
    static func song(seconds: Double, rate: Double, channels: Int = 2) -> [[Float]] {
        let count = Int(seconds * rate)
        var random = TestRandom(seed: 17)
        var out = [[Float]](repeating: [Float](repeating: 0, count: count), count: channels)
        for i in 0..<count {
            let t = Double(i) / rate
            let tone = Float(0.2 * sin(2 * .pi * 330 * t) + 0.2 * sin(2 * .pi * 82.4 * t))
            let k = i % max(1, Int(rate / 4))
            let click: Float = k < Int(rate / 200) ? Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) : 0
            for c in 0..<channels { out[c][i] = tone * (c == 0 ? 1 : 0.7) + click }
        }
        return out
    }

    /// Residual of the stems' sum against the input in dB.
    static func sumError(_ stems: [Stem], _ input: [[Float]]) -> Double {
        var error = 0.0, energy = 0.0
        for c in input.indices {
            for i in input[c].indices {
                let sum = stems.reduce(0.0) { $0 + Double($1.channels[c][i]) }
                error += (sum - Double(input[c][i])) * (sum - Double(input[c][i]))
                energy += Double(input[c][i]) * Double(input[c][i])
            }
        }
        return 10 * log10(error / energy)
    }

    /// Linear interpolation: enough to carry a test signal between rates.
    static let linear: StemSeparator.Resampling = { x, from, to in
        let n = Int((Double(x.count) * to / from).rounded())
        return (0..<n).map { i in
            let p = Double(i) * from / to, j = min(Int(p), x.count - 1), f = Float(p - Double(j))
            return x[j] * (1 - f) + x[min(j + 1, x.count - 1)] * f
        }
    }

    /// Both post-filters: the masks alone (the bundled file's choice, made on the validation songs) and one
    /// Wiener/EM iteration (issue 17's "stems add up" bar names the Wiener filter).
    @Test(arguments: [0, 1]) func stemsAddUpInChunks(wienerIterations: Int) throws {
        let input = Self.song(seconds: 5, rate: 44_100)
        var unet = try UNetSeparator(store: bundledModels)
        #expect(unet.wienerIterations == 0, "the bundled separator.safetensors says wiener_iterations = 0")
        unet.wienerIterations = wienerIterations
        let separator = StemSeparator(unet: unet, chunkSeconds: 2, overlapSeconds: 0.5)
        var reports: [Double] = []
        let stems = try separator.separate(channels: input, sampleRate: 44_100) { reports.append($0); return true }
        #expect(stems.map(\.name) == ["vocals", "drums", "bass", "other"])
        #expect(stems.allSatisfy { $0.channels.count == 2 && $0.channels.allSatisfy { $0.count == input[0].count } })
        let error = Self.sumError(stems, input)
        #expect(error < -30, "Wiener iterations \(wienerIterations): stems add up to within \(error) dB")
        #expect(reports.count >= 3 && reports.last == 1)
    }

    @Test(arguments: [(1, 44_100.0), (2, 8_000.0), (2, 96_000.0), (2, 44_100.0)])
    func oddInputsSeparate(channels: Int, rate: Double) throws {
        let seconds = rate == 44_100 && channels == 2 ? 0.1 : 1
        let input = Self.song(seconds: seconds, rate: rate, channels: channels)
        let separator = StemSeparator(unet: try UNetSeparator(store: bundledModels), resampling: Self.linear)
        let stems = try separator.separate(channels: input, sampleRate: rate)
        #expect(stems.count == 4)
        #expect(stems.allSatisfy { $0.channels.count == channels && $0.channels.allSatisfy { $0.count == input[0].count } })
        if rate == 44_100 { #expect(Self.sumError(stems, input) < -30) }
    }

    @Test func otherRateWithoutResamplerIsRefused() throws {
        let separator = StemSeparator(unet: try UNetSeparator(store: bundledModels))
        #expect {
            _ = try separator.separate(channels: Self.song(seconds: 0.5, rate: 8_000), sampleRate: 8_000)
        } throws: { error in
            "\(error)".contains("8000 Hz") && "\(error)".contains("resampl")
        }
    }

    @Test func emptyAudioIsRefused() throws {
        let separator = StemSeparator(unet: try UNetSeparator(store: bundledModels))
        #expect(throws: StemSeparationError.badInput("the audio is empty (0 samples)")) {
            _ = try separator.separate(channels: [[], []], sampleRate: 44_100)
        }
    }

    @Test func unetWithoutModelIsRefused() {
        #expect(throws: StemSeparationError.badInput("no U-Net model is loaded")) {
            _ = try StemSeparator(method: .unet).separate(channels: [[0, 0, 0]], sampleRate: 44_100)
        }
    }

    @Test func cancelStops() throws {
        let separator = StemSeparator(unet: try UNetSeparator(store: bundledModels), chunkSeconds: 1, overlapSeconds: 0.25)
        var calls = 0
        #expect(throws: StemSeparationError.cancelled) {
            _ = try separator.separate(channels: Self.song(seconds: 3, rate: 44_100), sampleRate: 44_100) { _ in
                calls += 1
                return false
            }
        }
        #expect(calls == 1)
    }

    @Test func brokenModelFileIsNamed() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write(Array("not a safetensors file".utf8), to: "separator.safetensors")
        #expect {
            _ = try UNetSeparator(store: ModelStore(folders: [(.environment, folder.path)]))
        } throws: { error in
            "\(error)".contains(path)
        }
    }
}
