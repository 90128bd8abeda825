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
            return try AudioFile.readWithInfo(path)
        } catch {
            Self.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// "m:ss.s" (or "h:mm:ss.s") for a time in seconds.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((max(0, seconds) * 10).rounded(.down))
        let (h, m, s, t) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10)
        return h > 0 ? String(format: "%d:%02d:%02d.%d", h, m, s, t) : String(format: "%d:%02d.%d", m, s, t)
    }
}
