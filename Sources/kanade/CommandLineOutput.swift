import AudioIO
import ArgumentParser
import Foundation

/// Output helpers shared by the subcommands: one-line errors on stderr, terminal detection.
enum CommandLineOutput {
    /// Prints `kanade: MESSAGE` on stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("kanade: \(message)\n".utf8))
    }

    /// Whether `fd` is a terminal.
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The terminal's size in columns and rows, when stdout is one.
    static func terminalSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Reads an audio file or prints its one-line error and fails the command.
    static func readAudio(_ path: String) throws -> (info: AudioFileInfo, buffer: AudioBuffer) {
        do {
            return try withStandardErrorSilenced { try AudioFile.readWithInfo(path) }
        } catch {
            Self.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// Runs `body` with file descriptor 2 pointed at /dev/null: libsndfile's MP3 decoder (libmpg123)
    /// prints its own complaints about damaged frames there, which would add lines to our one-line
    /// error. Only for the single-threaded CLI; the workstation screen keeps stderr off the terminal.
    static func withStandardErrorSilenced<T>(_ body: () throws -> T) rethrows -> T {
        let saved = dup(STDERR_FILENO)
        let null = open("/dev/null", O_WRONLY)
        if saved >= 0 && null >= 0 { dup2(null, STDERR_FILENO) }
        defer {
            if saved >= 0 {
                dup2(saved, STDERR_FILENO)
                close(saved)
            }
            if null >= 0 { close(null) }
        }
        return try body()
    }

    /// "m:ss.s" (or "h:mm:ss.s") for a time in seconds.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((max(0, seconds) * 10).rounded(.down))
        let (h, m, s, t) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10)
        return h > 0 ? String(format: "%d:%02d:%02d.%d", h, m, s, t) : String(format: "%d:%02d.%d", m, s, t)
    }
}
