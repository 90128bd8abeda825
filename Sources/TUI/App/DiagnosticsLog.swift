import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends the process's stderr to a log file while the workstation owns the screen.
///
/// C libraries below us print to stderr on their own (libmpg123 reports every damaged MP3 frame
/// there); on a full-screen ncurses UI those lines would land in the middle of the panes. The log
/// lives next to the session journal (`$XDG_STATE_HOME/kanade/kanade.log`), appended, so a
/// report of something odd can point at it.
struct DiagnosticsLog {
    /// Where stderr goes meanwhile.
    let path: String
    private let savedStderr: Int32

    /// Redirects stderr to `path` (creating its folder); nil when the file cannot be opened, in
    /// which case stderr is left alone.
    init?(path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        let saved = dup(2)
        guard saved >= 0, dup2(fd, 2) >= 0 else {
            close(fd)
            if saved >= 0 { close(saved) }
            return nil
        }
        close(fd)
        self.path = path
        savedStderr = saved
    }

    /// Puts the terminal's stderr back.
    func restore() {
        dup2(savedStderr, 2)
        close(savedStderr)
    }
}
