import Foundation
import TestSupport
import Testing

/// Runs the built `kanade` binary (found under the package's `.build`; `make test` builds it
/// before testing) and captures what it prints.
struct KanadeProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The newest `kanade` executable under `.build`, debug or release.
    static var binary: String? {
        let build = packageRoot.appendingPathComponent(".build")
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? [])
            .flatMap { ["\($0)/debug/kanade", "\($0)/release/kanade"] } + ["debug/kanade", "release/kanade"]
        return candidates.map { build.appendingPathComponent($0).path }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
            .max { modified($0) < modified($1) }
    }

    private static func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// Starts `kanade ARGS…`; `environment` entries are added to (or, when nil, removed from) ours.
    static func start(_ arguments: [String], environment: [String: String?] = [:]) throws -> (Process, Pipe, Pipe) {
        guard let binary else {
            throw KanadeNotBuilt()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KANADE_AUDIO_DEVICE"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `kanade ARGS…` to completion.
    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment)
        return finish(process, out, err)
    }

    /// Waits until `process` has a handler for `signal` (Linux: its bit in /proc/PID/status's SigCgt mask), so a
    /// test can send it without racing the process's start-up: sent earlier, the default action would kill it.
    /// False if the process ended or `timeout` seconds passed first.
    static func waitUntilCatching(_ signal: Int32, _ process: Process, timeout: Double = 60) -> Bool {
        let bit = UInt64(1) << UInt64(signal - 1)
        func catching() -> Bool {
            let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
                  let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
            else { return false }
            return mask & bit != 0
        }
        _ = try? poll("a handler for signal \(signal)", timeout: timeout, { catching() || !process.isRunning }, until: { $0 })
        return process.isRunning && catching()
    }

    /// Waits for the process to end and collects its output. One that runs past `timeout`
    /// seconds (e.g. a wrong argument parse that opened the workstation instead) is killed, so
    /// a broken command fails its test instead of hanging the suite.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe, timeout: Double = 120) -> Result {
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

struct KanadeNotBuilt: Error, CustomStringConvertible {
    var description: String { "no kanade binary under .build: run `swift build` (make test does) first" }
}
