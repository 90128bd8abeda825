// MelodyVAE speed goals (docs/benchmarks.md, "Models: MelodyVAE"; issue 6): an 11-step 2-bar interpolation
// (2 encodes + 11 greedy decodes) under 20 ms and ≥ 5× PyTorch, one 16-bar greedy decode under 100 ms.
// The peer is scripts/bench/melody_vae_peer.py on the same bundled weights and the same fixture melodies.
import Benchmark
import Foundation
import Models
import Neural

/// The repository root, from this file's place in it.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Event classes of the first melodies in a golden fixture (the test melodies PyTorch's peer also uses).
private func fixtureEvents(bars: Int) -> [[Int]] {
    let url = repositoryRoot.appendingPathComponent("Tests/Fixtures/melody-vae/\(bars)bar.json")
    guard let data = try? Data(contentsOf: url),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let melodies = json["melodies"] as? [[String: Any]] else { fatalError("benchmark setup: cannot read \(url.path)") }
    return melodies.compactMap { $0["events"] as? [Int] }
}

func melodyVAEBenchmarks(_ config: Benchmark.Configuration) {
    let store = ModelStore(folders: [(.bundled, repositoryRoot.appendingPathComponent("Sources/Models/Resources").path)])
    guard let two = try? MelodyVAE(bars: 2, store: store), let sixteen = try? MelodyVAE(bars: 16, store: store) else {
        fatalError("benchmark setup: the bundled melody models do not load")
    }
    let melodies = fixtureEvents(bars: 2)
    // As `MelodyVAE.interpolate` does it: the 11 decodes stepped together as one batch.
    Benchmark("MelodyVAE 2-bar interpolation, 11 steps (2 encodes + 11 greedy decodes, batched)", configuration: config) { benchmark in
        let before = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(before) }
        var generators: [SeededGenerator] = []
        for _ in benchmark.scaledIterations {
            let a = two.encode(classes: melodies[0]).mu, b = two.encode(classes: melodies[1]).mu
            let points = (0..<11).map { MelodyVAE.slerp(a, b, Float($0) / 10) }
            blackHole(two.decodeClasses(points, using: &generators))
        }
    }
    // The same work one decode after another, as the PyTorch peer does it.
    Benchmark("MelodyVAE 2-bar interpolation, 11 steps (2 encodes + 11 greedy decodes, one by one)", configuration: config) { benchmark in
        let before = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(before) }
        var generator = SeededGenerator(seed: 0)
        for _ in benchmark.scaledIterations {
            let a = two.encode(classes: melodies[0]).mu, b = two.encode(classes: melodies[1]).mu
            for i in 0..<11 {
                blackHole(two.decodeClasses(MelodyVAE.slerp(a, b, Float(i) / 10), using: &generator))
            }
        }
    }
    // The parts: one encode, one greedy decode.
    Benchmark("MelodyVAE 2-bar encode", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(two.encode(classes: melodies[0])) }
    }
    let z2 = two.encode(classes: melodies[0]).mu
    Benchmark("MelodyVAE 2-bar greedy decode", configuration: config) { benchmark in
        var generator = SeededGenerator(seed: 0)
        for _ in benchmark.scaledIterations { blackHole(two.decodeClasses(z2, using: &generator)) }
    }
    let z16 = sixteen.encode(classes: fixtureEvents(bars: 16)[0]).mu
    Benchmark("MelodyVAE 16-bar greedy decode (256 steps)", configuration: config) { benchmark in
        let before = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(before) }
        var generator = SeededGenerator(seed: 0)
        for _ in benchmark.scaledIterations { blackHole(sixteen.decodeClasses(z16, using: &generator)) }
    }
}
