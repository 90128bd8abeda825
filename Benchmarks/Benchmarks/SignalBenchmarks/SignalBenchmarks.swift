import Benchmark
import Foundation
import Signal

/// The STFT of docs/benchmarks.md: 3 minutes of 44.1 kHz mono, n_fft 2048, hop 512, periodic Hann,
/// magnitudes, frames not centred (15,500 frames). `scripts/bench/stft.sh` runs the C, numpy,
/// scipy and librosa peers on the same input in the same run.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(10), maxIterations: 30)

    // One thread, like the C, numpy and scipy peers; then the default, which splits the frames
    // over the machine's cores. Each both returning a fresh spectrogram (like numpy) and writing
    // into a reused one (`magnitudes(_:into:)`), since on this VM the page faults of a fresh
    // 63 MB result cost more than the FFTs.
    for (label, threads) in [("1 thread", 1), ("all cores", ProcessInfo.processInfo.activeProcessorCount)] {
        Benchmark("STFT magnitudes, 3 min 44.1 kHz mono, 2048/512 Hann, \(label)") { benchmark in
            let signal = stftInput()
            let stft = STFT(fftSize: 2048, hop: 512, window: Window.hann(2048), center: false, maxThreads: threads)
            _ = stft.magnitudes(Array(signal.prefix(4096)))   // plan outside the measured time
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(stft.magnitudes(signal))
            }
        }
        Benchmark("STFT magnitudes, 3 min 44.1 kHz mono, 2048/512 Hann, \(label), reused output") { benchmark in
            let signal = stftInput()
            let stft = STFT(fftSize: 2048, hop: 512, window: Window.hann(2048), center: false, maxThreads: threads)
            var spectrogram = stft.magnitudes(signal)   // plans, and sizes the output once
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                stft.magnitudes(signal, into: &spectrogram)
                blackHole(spectrogram.values[spectrogram.values.count / 2])
            }
        }
    }
}

/// The shared input: raw little-endian float32 at `$KANADE_BENCH_STFT_INPUT` (what the peer script
/// writes), or the same deterministic signal generated here when unset.
func stftInput() -> [Float] {
    if let path = ProcessInfo.processInfo.environment["KANADE_BENCH_STFT_INPUT"],
       let data = FileManager.default.contents(atPath: path) {
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
    let count = 180 * 44_100
    var state: UInt32 = 12345
    return (0..<count).map { i in
        state = state &* 1_664_525 &+ 1_013_904_223
        let noise = Float(state >> 8) / Float(1 << 24) - 0.5
        return 0.5 * sinf(2 * .pi * 440 * Float(i) / 44_100) + 0.1 * noise
    }
}
