import Foundation
import Music

/// The file operations projects and the journal use, behind a seam so tests can make them slow or fail
/// (as swift-system wraps syscalls). `FileSystem.standard` is the real one.
public struct FileSystem: Sendable {
    /// The bytes of a file (at most `limit`).
    public var read: @Sendable (_ path: String, _ limit: Int) throws -> [UInt8]
    /// Writes a file atomically: a temporary file in the same folder, then a rename.
    public var write: @Sendable (_ bytes: [UInt8], _ path: String) throws -> Void
    /// Whether something is at `path`, and whether it is a folder.
    public var stat: @Sendable (_ path: String) -> (exists: Bool, isFolder: Bool)
    /// Makes a folder and its parents.
    public var makeFolder: @Sendable (_ path: String) throws -> Void
    /// Renames a file (never across file systems: used to move a damaged file aside next to itself).
    public var rename: @Sendable (_ from: String, _ to: String) throws -> Void
    /// Removes a file.
    public var remove: @Sendable (_ path: String) throws -> Void

    /// A file system from closures.
    public init(read: @escaping @Sendable (String, Int) throws -> [UInt8],
                write: @escaping @Sendable ([UInt8], String) throws -> Void,
                stat: @escaping @Sendable (String) -> (exists: Bool, isFolder: Bool),
                makeFolder: @escaping @Sendable (String) throws -> Void,
                rename: @escaping @Sendable (String, String) throws -> Void,
                remove: @escaping @Sendable (String) throws -> Void) {
        self.read = read; self.write = write; self.stat = stat; self.makeFolder = makeFolder
        self.rename = rename; self.remove = remove
    }

    /// The real file system: `AtomicFile` for reads and writes, `FileManager` for the rest.
    public static let standard = FileSystem(
        read: { path, limit in try AtomicFile.read(path, limit: limit) },
        write: { bytes, path in try AtomicFile.write(bytes, to: path) },
        stat: { path in
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            return (exists, exists && isDir.boolValue)
        },
        makeFolder: { path in try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) },
        rename: { from, to in
            guard Foundation.rename(from, to) == 0 else {
                throw FileSystemError(reason: String(cString: strerror(errno)))
            }
        },
        remove: { path in try FileManager.default.removeItem(atPath: path) })
}

/// A file operation that failed, in the system's words.
public struct FileSystemError: Error, CustomStringConvertible {
    /// The system's words.
    public var reason: String
    /// An error.
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The last part of a path: how messages and job labels name a file.
func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

/// The system's words for a failure, without Foundation's decoration.
func reason(_ error: any Error) -> String {
    if let f = error as? AtomicFile.Failure { return f.reason }
    if let f = error as? FileSystemError { return f.reason }
    if let e = error as? CocoaError, let u = e.userInfo[NSUnderlyingErrorKey] as? NSError {
        return String(cString: strerror(Int32(u.code)))
    }
    return "\(error)"
}
