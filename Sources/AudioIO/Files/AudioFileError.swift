/// Why an audio file could not be read or written, naming the file.
public struct AudioFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file concerned, as the caller named it.
    public let path: String
    /// What went wrong.
    public let problem: Problem

    /// What went wrong with an audio file.
    public enum Problem: Equatable, Sendable {
        /// There is no file at the path.
        case notFound
        /// The path is a directory, device or pipe.
        case notARegularFile
        /// The file has zero bytes.
        case empty
        /// libsndfile does not recognise or cannot open it (its message).
        case unreadable(String)
        /// The header promises more audio than the file holds.
        case truncated(expectedFrames: Int64, foundFrames: Int64)
        /// Decoding failed part way (libsndfile's message).
        case decodingFailed(String)
        /// The header states a channel count or sample rate no real audio has.
        case implausibleHeader(String)
        /// More audio than Kanade loads into memory at once.
        case tooLong(seconds: Double)
        /// The file would be overwritten and the caller did not ask for that.
        case alreadyExists
        /// The file could not be written (the system's or libsndfile's message).
        case writeFailed(String)
    }

    /// An error for `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// One line: the file, then the problem.
    public var description: String {
        let what: String
        switch problem {
        case .notFound: what = "no such file"
        case .notARegularFile: what = "not a regular file"
        case .empty: what = "empty file (0 bytes)"
        case .unreadable(let message): what = "not a readable audio file (\(message))"
        case .truncated(let expected, let found):
            what = "truncated: the header promises \(expected) frames but the file holds \(found)"
        case .decodingFailed(let message): what = "decoding failed (\(message))"
        case .implausibleHeader(let message): what = "implausible header (\(message))"
        case .tooLong(let seconds): what = "too long to load (\(Int(seconds)) s; the limit is \(Int(AudioFile.maximumSeconds)) s)"
        case .alreadyExists: what = "already exists; not overwriting it"
        case .writeFailed(let message): what = "could not write (\(message))"
        }
        return "\(path): \(what)"
    }
}
