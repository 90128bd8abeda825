/// Why a chart file could not be read or written, naming the file and, where it helps, the line.
public struct ChartFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Sendable, Equatable {
        /// The file could not be opened or read (the system's reason).
        case cannotRead(String)
        /// The file could not be written (the system's reason).
        case cannotWrite(String)
        /// The file is there and writing was not asked to replace it.
        case alreadyExists
        /// Larger than any simfile we read (`SimfileReader.maximumFileSize`).
        case tooLarge(bytes: Int)
        /// No `#TAG:value;` in it: not a StepMania file.
        case notASimfile
        /// No usable tempo (`#BPMS` missing, empty or all invalid).
        case noTempo
        /// A tag's value that cannot be read (the tag, and why).
        case badValue(tag: String, reason: String)
        /// A row of note data that cannot be read (why).
        case badNoteRow(String)
        /// The chart cannot be put in this format (why: a note off the 192nd grid, before beat 0 …).
        case unwritable(String)
    }

    /// The file's path (or the name given for bytes in memory).
    public let path: String
    /// What went wrong.
    public let problem: Problem
    /// The 1-based line where it went wrong, when known.
    public let line: Int?

    /// An error about `path`.
    public init(path: String, problem: Problem, line: Int? = nil) {
        self.path = path
        self.problem = problem
        self.line = line
    }

    /// One line: the file, the line, the problem.
    public var description: String {
        let what: String
        switch problem {
        case .cannotRead(let reason): what = "cannot read: \(reason)"
        case .cannotWrite(let reason): what = "cannot write: \(reason)"
        case .alreadyExists: what = "already exists (not replaced)"
        case .tooLarge(let bytes): what = "file too large for a simfile (\(bytes) bytes)"
        case .notASimfile: what = "not a StepMania simfile (no #TAG:value; in it)"
        case .noTempo: what = "no usable tempo (#BPMS missing or invalid)"
        case .badValue(let tag, let reason): what = "bad #\(tag): \(reason)"
        case .badNoteRow(let reason): what = "bad note row: \(reason)"
        case .unwritable(let reason): what = "cannot be written: \(reason)"
        }
        return line.map { "\(path):\($0): \(what)" } ?? "\(path): \(what)"
    }
}
