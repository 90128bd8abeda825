#if canImport(Glibc)
import Glibc
#endif

/// A self-pipe that lets background work wake the UI loop while it sleeps in `poll`.
///
/// Invariant for `@unchecked Sendable`: the two descriptors are fixed at init; `write` and `read` on a
/// pipe are safe from any thread.
public final class WakeSignal: @unchecked Sendable {
    /// Read end (polled by the terminal) and write end.
    let readFD: Int32, writeFD: Int32

    /// A new pipe; both ends non-blocking and closed on exec.
    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        } else {
            fds = [-1, -1]
        }
        readFD = fds[0]; writeFD = fds[1]
    }

    deinit { if readFD >= 0 { close(readFD); close(writeFD) } }

    /// Wakes the loop. Never blocks: a full pipe already means "wake up".
    public func wake() {
        guard writeFD >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        guard readFD >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}
