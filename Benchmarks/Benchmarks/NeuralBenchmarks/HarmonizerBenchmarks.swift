// Coconet speed goal (docs/benchmarks.md, "Models: Harmonizer"; issue 20): harmonizing 8 bars in at most 2 s on
// 2 cores, with the ratio to PyTorch on the same weights measured in the same run (scripts/bench/coconet_peer.py).
import Benchmark
import Foundation
import Models
import Neural

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The soprano both sides harmonize: 8 bars (128 16th steps) of a G-major tune, quarter and half notes.
let benchmarkSoprano: [Int] = {
    let tune = [67, 67, 74, 74, 76, 76, 74, 74, 72, 72, 71, 71, 69, 69, 67, 67,
                74, 74, 72, 72, 71, 71, 69, 69, 74, 74, 72, 72, 71, 71, 69, 69]
    return tune.flatMap { Array(repeating: $0, count: 4) }
}()

func harmonizerBenchmarks(_ config: Benchmark.Configuration) {
    let store = ModelStore(folders: [(.bundled, root.appendingPathComponent("Sources/Models/Resources").path)])
    guard let coconet = try? Harmonizer(store: store) else { fatalError("benchmark setup: the bundled coconet does not load") }
    let known = [Array(repeating: true, count: 128)] + Array(repeating: Array(repeating: false, count: 128), count: 3)
    let roll = [benchmarkSoprano] + Array(repeating: Array(repeating: 60, count: 128), count: 3)
    // What `kanade harmonize` runs (Gibbs, then the voice-leading check), and Gibbs alone (the peer's `gibbs`).
    for steps in [96, 32] {
        Benchmark("Coconet harmonize 8 bars, \(steps) Gibbs steps + voice-leading check", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(coconet.harmonize(soprano: benchmarkSoprano, gibbsSteps: steps, seed: 1)) }
        }
        Benchmark("Coconet harmonize 8 bars, \(steps) Gibbs steps", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(coconet.harmonize(soprano: benchmarkSoprano, gibbsSteps: steps, seed: 1, voiceLeading: false))
            }
        }
    }
    Benchmark("Coconet one network pass, 8 bars", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(coconet.logits(roll: roll, known: known)) }
    }
}
