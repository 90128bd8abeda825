// Neural speed goals (docs/benchmarks.md, "Neural"): a 2-layer LSTM (hidden 512) decoding 32 single steps at
// batch 1, and a 3×3 Conv2d on 1×32×128×256. scripts/bench/neural.sh runs these together with the PyTorch and
// numpy peers on the same weights (written by scripts/bench/neural_peer.py into $KANADE_NEURAL_BENCH_DIR).
import Benchmark
import CBLAS
import Foundation
import Neural

/// The peer's weights when the script wrote them, else seeded random ones of the same shapes.
func benchWeights(_ name: String, random: () -> [String: Tensor]) -> Weights {
    let dir = ProcessInfo.processInfo.environment["KANADE_NEURAL_BENCH_DIR"] ?? "/tmp/kanade-neural-bench"
    let path = "\(dir)/\(name).safetensors"
    if let weights = try? Weights(path: path) { return weights }
    let tmp = NSTemporaryDirectory() + "kanade-bench-\(name)-\(getpid()).safetensors"
    try? SafeTensorsWriter.write(random(), to: tmp)
    return try! Weights(path: tmp)  // benchmark setup: we just wrote this file
}

func randomTensor(_ shape: [Int], _ rng: inout SeededGenerator, scale: Float = 0.044) -> Tensor {
    var t = rng.gaussian(shape: shape)
    t.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] *= scale } }
    return t
}

let hidden = 512, layers = 2, steps = 32

let lstmWeights = benchWeights("lstm") {
    var rng = SeededGenerator(seed: 1)
    var tensors: [String: Tensor] = ["steps": randomTensor([steps, 1, hidden], &rng, scale: 1)]
    for l in 0..<layers {
        tensors["weight_ih_l\(l)"] = randomTensor([4 * hidden, hidden], &rng)
        tensors["weight_hh_l\(l)"] = randomTensor([4 * hidden, hidden], &rng)
        tensors["bias_ih_l\(l)"] = randomTensor([4 * hidden], &rng)
        tensors["bias_hh_l\(l)"] = randomTensor([4 * hidden], &rng)
    }
    return tensors
}

let convWeights = benchWeights("conv") {
    var rng = SeededGenerator(seed: 2)
    return ["weight": randomTensor([32, 32, 3, 3], &rng, scale: 0.06), "bias": randomTensor([32], &rng),
            "input": randomTensor([1, 32, 128, 256], &rng, scale: 1)]
}

let benchmarks: @Sendable () -> Void = {
    let threads = Int(ProcessInfo.processInfo.environment["KANADE_BLAS_THREADS"] ?? "") ?? BLASThreads.count
    BLASThreads.set(threads)
    let config = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds,
                                         warmupIterations: 3, maxDuration: .seconds(4), maxIterations: 200)

    let lstm = try! LSTM(lstmWeights)
    let inputs = try! lstmWeights.tensor("steps")
    let stepInputs = (0..<steps).map { inputs.slice($0).reshaped([hidden]) }
    // The stepper's default (1 thread), and its hidden units split over 2 threads.
    for stepThreads in [1, 2] {
        Benchmark("LSTM decode 2x512, 32 steps, batch 1, threads \(stepThreads)", configuration: config) { benchmark in
            let decoder = lstm.stepper()
            decoder.threads = stepThreads
            for _ in benchmark.scaledIterations {
                decoder.reset()
                for t in 0..<steps { blackHole(decoder.step(stepInputs[t])) }
            }
        }
    }

    // The same products through OpenBLAS directly: W_ih·x and W_hh·h per layer per step, nothing else.
    let matrices = (0..<layers).flatMap { l in [try! lstmWeights.tensor("weight_ih_l\(l)"), try! lstmWeights.tensor("weight_hh_l\(l)")] }
    Benchmark("sgemv floor 32 steps x 4 x (2048x512), 1 thread", configuration: config) { benchmark in
        BLASThreads.set(1)
        defer { BLASThreads.set(threads) }
        var x = [Float](repeating: 0.5, count: hidden)
        var y = [Float](repeating: 0, count: 4 * hidden)
        for _ in benchmark.scaledIterations {
            for _ in 0..<steps {
                for m in matrices {
                    m.withUnsafeBufferPointer { a in
                        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(4 * hidden), Int32(hidden), 1, a.baseAddress, Int32(hidden),
                                    &x, 1, 0, &y, 1)
                    }
                }
            }
            blackHole(y)
        }
    }

    let conv = try! Conv2d(convWeights, padding: (1, 1))
    let image = try! convWeights.tensor("input")
    Benchmark("Conv2d 3x3 32->32 on 1x32x128x256", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(conv(image)) }
    }

    melodyVAEBenchmarks(config)
    harmonizerBenchmarks(config)
    melodyContinuerBenchmarks(config)
}
