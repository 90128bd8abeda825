/// Why a Standard MIDI File could not be read or written, naming the file.
public struct MIDIFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Sendable, Equatable {
        /// The file could not be opened or read (the system's reason).
        case cannotRead(String)
        /// The file could not be written (the system's reason).
        case cannotWrite(String)
        /// Larger than any MIDI file we read (`MIDIFileReader.maximumFileSize`).
        case tooLarge(bytes: Int)
        /// The file does not start with an `MThd` chunk.
        case notAMIDIFile
        /// The header chunk is short or holds an impossible value.
        case badHeader(String)
        /// SMF format other than 0, 1 or 2.
        case unsupportedFormat(Int)
        /// An event that no reader can make sense of (the description says which).
        case malformedEvent(String)
    }

    /// The file's path (or the name given for bytes in memory).
    public let path: String
    /// What went wrong.
    public let problem: Problem
    /// Byte offset in the file where it went wrong, when known.
    public let offset: Int?

    /// An error about `path`.
    public init(path: String, problem: Problem, offset: Int? = nil) {
        self.path = path
        self.problem = problem
        self.offset = offset
    }

    /// One line: the file, the problem, and where.
    public var description: String {
        let what: String
        switch problem {
        case .cannotRead(let reason): what = "cannot read: \(reason)"
        case .cannotWrite(let reason): what = "cannot write: \(reason)"
        case .tooLarge(let bytes): what = "file too large for a MIDI file (\(bytes) bytes)"
        case .notAMIDIFile: what = "not a Standard MIDI File (no MThd header)"
        case .badHeader(let reason): what = "bad MIDI header: \(reason)"
        case .unsupportedFormat(let format): what = "unsupported MIDI file format \(format) (0, 1 and 2 are read)"
        case .malformedEvent(let reason): what = "malformed MIDI event: \(reason)"
        }
        return offset.map { "\(path): \(what) at byte \($0)" } ?? "\(path): \(what)"
    }
}
