import Foundation

/// External tools some tests compare against, when installed.
enum Tools {
    /// Full path of `name` on PATH, or nil.
    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A python that can `import mido`: $KANADE_PYTHON, else python3 on PATH.
    static let pythonWithMido: String? = {
        let candidates = [ProcessInfo.processInfo.environment["KANADE_PYTHON"], find("python3")].compactMap { $0 }
        return candidates.first { (try? run($0, ["-c", "import mido"]).status) == 0 }
    }()

    /// Runs a program to completion, capturing its output.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread while stdout is read here, so a chatty tool cannot block on a full pipe.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let errDone = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async { errBox.data = errHandle.readDataToEndOfFile(); errDone.signal() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                String(decoding: errBox.data, as: UTF8.self))
    }
}
