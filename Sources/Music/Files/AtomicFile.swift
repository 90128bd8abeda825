#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with a size cap and atomic writes (temp file in the same folder, fsync, rename),
/// so a crash mid-write never leaves a half-written file where the user's file was.
/// Music is the lowest module that writes user files, so the rest of Kanade writes through this too.
public enum AtomicFile {
    /// Why a read or write failed, in the system's words.
    public struct Failure: Error, CustomStringConvertible {
        /// The system's words for it.
        public let reason: String
        public var description: String { reason }
    }

    /// The bytes of `path`; fails if the file is larger than `limit` (checked before reading).
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(reason: systemError()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(reason: systemError()) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw Failure(reason: "is a folder") }
        let size = Int(info.st_size)
        guard size <= limit else { throw Failure(reason: "file too large (\(size) bytes, limit \(limit))") }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Failure(reason: systemError()) }
            if n == 0 { break }  // file shrank while we read: keep what is there
            done += n
        }
        return Array(bytes[0..<done])
    }

    /// Writes `bytes` to `path` atomically: a temp file next to it, flushed, then renamed over it.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(reason: systemError()) }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(tempPath) }
        }
        fchmod(fd, 0o644)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { let reason = systemError(); close(fd); throw Failure(reason: reason) }
            done += n
        }
        guard fsync(fd) == 0 else { let reason = systemError(); close(fd); throw Failure(reason: reason) }
        guard close(fd) == 0 else { throw Failure(reason: systemError()) }
        guard rename(tempPath, path) == 0 else { throw Failure(reason: systemError()) }
        ok = true
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(Failure) {
        try write(Array(text.utf8), to: path)
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
