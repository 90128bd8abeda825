// MelodyRNN speed goal (docs/benchmarks.md, "Models: MelodyContinuer"; issue 20): four 8-bar continuations in at
// most 100 ms, with the ratio to PyTorch on the same weights measured in the same run
// (scripts/bench/melody_rnn_peer.py).
import Benchmark
import Foundation
import Models
import Neural

/// The primer both sides continue: two bars of quarter notes (G4 G4 D5 D5 E5 E5 D5 D5) as event classes
/// (0 hold, 2 + MIDI − 21 a note-on), 32 16th steps.
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The primer both sides continue, as event classes.
let benchmarkPrimer: [Int] = [67, 67, 74, 74, 76, 76, 74, 74].flatMap { [2 + $0 - 21, 0, 0, 0] }

func melodyContinuerBenchmarks(_ config: Benchmark.Configuration) {
    let store = ModelStore(folders: [(.bundled, root.appendingPathComponent("Sources/Models/Resources").path)])
    guard let rnn = try? MelodyContinuer(store: store) else { fatalError("benchmark setup: the bundled melody-rnn does not load") }
    Benchmark("MelodyRNN 4 continuations of 8 bars after a 2-bar primer", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(rnn.continuations(events: benchmarkPrimer, steps: 128, variations: 4, temperature: 1, seed: 1))
        }
    }
    Benchmark("MelodyRNN 1 continuation of 8 bars after a 2-bar primer", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(rnn.continuations(events: benchmarkPrimer, steps: 128, variations: 1, temperature: 1, seed: 1))
        }
    }
}
