import Foundation
import Testing
@testable import Signal

@Suite struct STFTTests {
    @Test func frameCounts() {
        let centred = STFT(fftSize: 2048, hop: 512)
        #expect(centred.frameCount(forSampleCount: 44_100) == 87)        // librosa: 1 + 44100 // 512
        let plain = STFT(fftSize: 2048, hop: 512, center: false)
        #expect(plain.frameCount(forSampleCount: 7_938_000) == 15_500)
        #expect(plain.frameCount(forSampleCount: 2047) == 0)
        #expect(plain.magnitudes([Float](repeating: 0, count: 100)).frameCount == 0)
        #expect(centred.magnitudes([]).frameCount == 1)
    }

    @Test func sinePeaksInItsBin() {
        let sampleRate = 8000.0, n = 256
        // Bin 32 exactly: 32 * 8000 / 256 = 1000 Hz.
        let x = TestSignals.sine(hz: 1000, sampleRate: sampleRate, count: 4096)
        let spec = STFT(fftSize: n, hop: 64).magnitudes(x)
        #expect(spec.binCount == 129)
        let mid = spec.frameCount / 2
        let row = Array(spec.frame(mid))
        let peak = row.indices.max { row[$0] < row[$1] }!
        #expect(peak == 32)
        // Unnormalised: a unit sine under Hann gives N/4 at its bin.
        #expect(abs(row[32] - Float(n) / 4) < 0.01 * Float(n) / 4)
        #expect(row[40] < 1e-3 * row[32])
    }

    @Test func forwardMatchesDirectDFT() {
        let n = 32
        let x = TestSignals.noise(n)
        let stft = STFT(fftSize: n, hop: n, center: false)
        let spec = stft.forward(x)
        #expect(spec.frameCount == 1)
        let w = stft.window
        for k in 0..<(n / 2 + 1) {
            var re = 0.0, im = 0.0
            for t in 0..<n {
                let angle = -2 * Double.pi * Double(k * t) / Double(n)
                re += Double(x[t] * w[t]) * cos(angle)
                im += Double(x[t] * w[t]) * sin(angle)
            }
            #expect(abs(Double(spec.real[k]) - re) < 1e-4)
            #expect(abs(Double(spec.imaginary[k]) - im) < 1e-4)
        }
        let mags = stft.magnitudes(x)
        #expect(!mags.values.isEmpty && mags.values.count == spec.magnitudes.values.count)
        #expect(zip(mags.values, spec.magnitudes.values).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test(arguments: [(2048, 512), (1024, 256), (512, 128), (256, 64)])
    func reconstructsBelowMinus100dB(fftSize: Int, hop: Int) {
        let x = TestSignals.noise(44_100 + 123)
        let stft = STFT(fftSize: fftSize, hop: hop)
        let y = stft.inverse(stft.forward(x), length: x.count)
        #expect(y.count == x.count)
        let error = TestSignals.relativeErrorDB(x, y)
        #expect(error < -100, "reconstruction error \(error) dB")
    }

    @Test func reconstructsWithHammingAndHalfOverlap() {
        let x = TestSignals.sine(hz: 440, sampleRate: 44_100, count: 10_000)
        let stft = STFT(fftSize: 1024, hop: 512, window: Window.hamming(1024))
        let y = stft.inverse(stft.forward(x), length: x.count)
        #expect(TestSignals.relativeErrorDB(x, y) < -100)
    }

    @Test func uncentredReconstructsTheCoveredPart() {
        let x = TestSignals.noise(8192)
        let stft = STFT(fftSize: 1024, hop: 256, center: false)
        let y = stft.inverse(stft.forward(x))
        #expect(y.count == 8192)
        // The first and last 3/4 window are covered by fewer frames but still by some.
        let inner = Array(x[256..<7936]), innerY = Array(y[256..<7936])
        #expect(TestSignals.relativeErrorDB(inner, innerY) < -100)
    }

    @Test func splittingFramesOverThreadsChangesNothing() {
        let x = TestSignals.noise(300_000)
        let serial = STFT(fftSize: 512, hop: 128, maxThreads: 1)
        let parallel = STFT(fftSize: 512, hop: 128, maxThreads: 4)
        #expect(serial.frameCount(forSampleCount: x.count) / STFT.minimumFramesPerThread >= 4)
        #expect(serial.magnitudes(x) == parallel.magnitudes(x))
        #expect(serial.forward(x) == parallel.forward(x))
    }

    @Test func magnitudesIntoReusesAndReshapes() {
        let stft = STFT(fftSize: 256, hop: 64)
        let long = TestSignals.noise(10_000), short = TestSignals.noise(1000, seed: 3)
        var reused = Spectrogram(values: [], frameCount: 0, binCount: 0)
        stft.magnitudes(long, into: &reused)
        #expect(reused == stft.magnitudes(long))
        stft.magnitudes(short, into: &reused)
        #expect(reused == stft.magnitudes(short))
    }

    @Test func concurrentTransformsAgree() async {
        let x = TestSignals.noise(20_000)
        let stft = STFT(fftSize: 1024, hop: 256)
        let expected = stft.magnitudes(x)
        let results = await withTaskGroup(of: Spectrogram.self) { group in
            for _ in 0..<8 { group.addTask { stft.magnitudes(x) } }
            // Plan other sizes at the same time: planning runs under the cache lock.
            for size in [128, 384, 640] { group.addTask { STFT(fftSize: size, hop: size / 4).magnitudes(x) } }
            var all: [Spectrogram] = []
            for await s in group where s.binCount == expected.binCount { all.append(s) }
            return all
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }
}
