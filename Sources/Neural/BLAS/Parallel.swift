import Dispatch
import Foundation

/// Splitting a kernel's independent blocks over the machine's cores.
enum Parallel {
    /// Cores available to this process.
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Raw buffers shared by workers that write disjoint parts of them.
    struct Pointers: @unchecked Sendable {
        let input: UnsafePointer<Float>
        let kernel: UnsafePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let columns: UnsafeMutablePointer<Float>
        var bias: UnsafePointer<Float>? = nil
    }

    /// Runs `body(worker)` for each worker in 0..<workers, concurrently when more than one, with OpenBLAS
    /// limited to `blasThreads` meanwhile.
    static func run(workers: Int, blasThreads: Int?, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 { return body(0) }
        BLASThreads.limited(to: blasThreads) {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
    }
}
