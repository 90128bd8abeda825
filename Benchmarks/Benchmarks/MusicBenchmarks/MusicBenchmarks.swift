import Benchmark

let benchmarks: @Sendable () -> Void = {
    // Benchmarks for this area are added with the work they measure.
}
