#if canImport(Glibc)
import Glibc
#endif

/// Wakes the UI loop on SIGWINCH. The loop sleeps in `poll` on a worker thread, and the kernel may deliver
/// SIGWINCH to any other thread, so `poll` is not reliably interrupted: this handler first runs ncurses' own
/// (which records the new size and queues `KEY_RESIZE`), then writes a byte to the wake pipe.
enum ResizeSignal {
    nonisolated(unsafe) private static var wakeFD: Int32 = -1
    nonisolated(unsafe) private static var previous = sigaction()

    /// Installs the handler once curses mode is on (ncurses installs its handler in `newterm`).
    static func install(waking signal: WakeSignal) {
        wakeFD = signal.writeFD
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            // Chain to the handler that was there (ncurses'), unless it was SIG_DFL or SIG_IGN.
            if let handler = ResizeSignal.previous.__sigaction_handler.sa_handler,
               unsafeBitCast(handler, to: Int.self) > 1 {
                handler(sig)
            }
            var byte: UInt8 = 1
            _ = write(ResizeSignal.wakeFD, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGWINCH, &action, &previous)
    }

    /// Puts the previous handler back.
    static func uninstall() {
        guard wakeFD >= 0 else { return }
        sigaction(SIGWINCH, &previous, nil)
        wakeFD = -1
    }
}
