// swift-tools-version:6.1
// Kanade's speed goals, measured with ordo-one/benchmark. Its own package so `swift test` never builds it.
// Run with `make bench` from the repository root. Figures and peers: docs/benchmarks.md.
import PackageDescription

/// A benchmark executable over some of Kanade's library products.
func benchmark(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + products.map { .product(name: $0, package: "kanade") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "KanadeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "kanade", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        benchmark("SignalBenchmarks", ["Signal", "AudioIO"]),
        benchmark("NeuralBenchmarks", ["Neural", "Models"]),
        benchmark("TUIBenchmarks", ["TUI", "Workstation", "AudioIO", "Signal"]),
        benchmark("MusicBenchmarks", ["Music", "Synth", "TUI", "Workstation"]),
    ]
)
