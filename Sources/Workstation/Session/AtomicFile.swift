import Foundation

/// Writes files the safe way: a temporary file in the same folder, then a rename over the target.
public enum AtomicFile {
    /// Writes `text` to `path` atomically; the error names the file and the problem.
    public static func write(_ text: String, to path: String) throws(WorkstationError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let temp = dir + "/." + url.lastPathComponent + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temp, contents: Data(text.utf8)) else {
            throw WorkstationError("\(path): cannot write (is \(dir) writable?)")
        }
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw WorkstationError("\(path): cannot replace: \(reason)")
        }
    }
}
