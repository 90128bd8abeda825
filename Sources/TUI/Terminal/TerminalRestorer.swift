import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// Puts the terminal back if the process dies from a signal: SIGTERM, SIGHUP, SIGINT, SIGQUIT and the crash
/// signals (a Swift trap is SIGILL or SIGTRAP; SIGSEGV, SIGBUS, SIGFPE, SIGABRT). The handler ends curses
/// mode, restores the default action and re-raises, so the exit status still tells what happened.
public enum TerminalRestorer {
    /// Signals whose default action would leave the terminal in raw mode.
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Installs the handlers (once curses mode is on).
    public static func install() {
        for s in signals {
            signal(s) { sig in
                cn_emergency_restore()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Puts the default actions back (after curses mode has ended normally).
    public static func uninstall() {
        for s in signals { signal(s, SIG_DFL) }
    }
}
