#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory; unmapped when the last tensor borrowing it goes away.
final class MappedFile: @unchecked Sendable {
    let path: String
    let bytes: UnsafeRawPointer
    let size: Int

    init(path: String) throws(ModelError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ModelError(file: path, .unreadable(Self.systemError())) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ModelError(file: path, .unreadable(Self.systemError())) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ModelError(file: path, .unreadable("not a regular file")) }
        size = Int(info.st_size)
        // The 8-byte header length comes first; checking here also avoids mapping an empty file.
        guard size >= 8 else { throw ModelError(file: path, .truncated(expected: 8, actual: size)) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw ModelError(file: path, .unreadable(Self.systemError()))
        }
        bytes = UnsafeRawPointer(mapped)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes), size)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
