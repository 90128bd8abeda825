import AudioIO
import Foundation
import TOMLKit

/// A project: a folder `NAME.kanade/` holding `session.toml` and the files Kanade made for it (audio it
/// rendered, and later stems and generated samples), with paths relative to the folder so it can be moved.
public enum ProjectFile {
    /// The document's name inside the folder.
    public static let sessionFileName = "session.toml"
    /// The folder extension.
    public static let suffix = ".kanade"
    /// The largest `session.toml` read (a session names files; it never holds audio).
    static let sizeLimit = 64 << 20

    /// Whether `path` names a project folder (by its extension).
    public static func isProjectPath(_ path: String) -> Bool {
        let p = path.hasSuffix("/") ? String(path.dropLast()) : path
        return p.lowercased().hasSuffix(suffix)
    }

    /// Writes `document` as the project at `folder`. `madeAudio` holds audio Kanade made for tracks without a
    /// file (by track index); it is written into the folder's `audio/`. Refuses to write into anything that is
    /// not a Kanade project: an existing file, or a folder without `session.toml` that is not empty.
    /// Returns the absolute paths of the audio files it made, by track index.
    @discardableResult
    public static func write(_ document: SessionDocument, madeAudio: [Int: AudioBuffer], files: [String: AudioBuffer] = [:], to folder: String,
                             fileSystem fs: FileSystem = .standard) throws(ProjectError) -> [Int: String] {
        let folder = trimmed(folder)
        guard isProjectPath(folder) else { throw ProjectError(folder, "a project's name ends in \(suffix)") }
        let sessionPath = folder + "/" + sessionFileName
        let here = fs.stat(folder)
        if here.exists {
            guard here.isFolder else { throw ProjectError(folder, "is a file, not a Kanade project: not overwritten") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            guard fs.stat(sessionPath).exists || contents.isEmpty else {
                throw ProjectError(folder, "is a folder without \(sessionFileName), not a Kanade project: not overwritten")
            }
        }
        do { try fs.makeFolder(folder) } catch { throw ProjectError(folder, "cannot make the folder: \(reason(error))") }
        var doc = document
        doc.project = nil
        var made: [Int: String] = [:]
        let absoluteFolder = absolute(folder)
        for (i, track) in doc.tracks.enumerated() {
            if let audio = madeAudio[i] {
                let name = "audio/\(fileName(for: track.name, index: i)).wav"
                do {
                    try fs.makeFolder(folder + "/audio")
                    try AudioFile.write(audio, to: folder + "/" + name, format: .wav16, overwrite: true)
                } catch {
                    throw ProjectError(folder + "/" + name, "cannot write: \(reason(error))")
                }
                doc.tracks[i].path = name
                made[i] = absoluteFolder + "/" + name
            } else if let path = track.path {
                doc.tracks[i].path = relative(absolute(expandTilde(path)), to: absoluteFolder)
            }
        }
        // Audio the features made (stems), 32-bit float so stems still add up to their song exactly.
        for (name, audio) in files.sorted(by: { $0.key < $1.key }) {
            let path = folder + "/" + name
            do {
                try fs.makeFolder((path as NSString).deletingLastPathComponent)
                try AudioFile.write(audio, to: path, format: .wavFloat, overwrite: true)
            } catch {
                throw ProjectError(path, "cannot write: \(reason(error))")
            }
        }
        let text: String
        do { text = "# Kanade project (written by :w; paths are relative to this folder)\n" + (try TOMLEncoder().encode(doc)) } catch {
            throw ProjectError(sessionPath, "cannot encode the session: \(error)")
        }
        do { try fs.write(Array(text.utf8), sessionPath) } catch {
            throw ProjectError(sessionPath, "cannot write: \(reason(error))")
        }
        return made
    }

    /// Reads the project at `folder`: its document with track paths made absolute, checked for problems.
    /// A project from a newer Kanade, a damaged file or an impossible value is an error naming the file.
    public static func read(_ folder: String, fileSystem fs: FileSystem = .standard) throws(ProjectError) -> SessionDocument {
        let folder = trimmed(folder)
        let sessionPath = folder + "/" + sessionFileName
        let here = fs.stat(folder)
        guard here.exists else { throw ProjectError(folder, "no such project") }
        guard here.isFolder, fs.stat(sessionPath).exists else {
            throw ProjectError(folder, "not a Kanade project (no \(sessionFileName))")
        }
        let bytes: [UInt8]
        do { bytes = try fs.read(sessionPath, sizeLimit) } catch { throw ProjectError(sessionPath, "cannot read: \(reason(error))") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ProjectError(sessionPath, "is not UTF-8 text") }
        var doc: SessionDocument
        do { doc = try TOMLDecoder().decode(SessionDocument.self, from: text) } catch {
            throw ProjectError(sessionPath, describe(error))
        }
        doc.project = nil
        let problems = doc.problems()
        guard problems.isEmpty else { throw ProjectError(sessionPath, problems.joined(separator: "; ")) }
        let base = absolute(folder)
        for i in doc.tracks.indices {
            if let p = doc.tracks[i].path, !p.hasPrefix("/") {
                doc.tracks[i].path = URL(fileURLWithPath: base + "/" + p).standardizedFileURL.path
            }
        }
        return doc
    }

    /// A decoding error in a person's words: which field and what is wrong.
    static func describe(_ error: any Error) -> String {
        if let e = error as? SessionDocumentError { return e.description }
        if let e = error as? TOMLParseError { return "not valid TOML: \(e)" }
        if let e = error as? DecodingError {
            func path(_ keys: [any CodingKey]) -> String {
                keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            }
            switch e {
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
                return "\(path(c.codingPath)): \(c.debugDescription)"
            case .keyNotFound(let key, let c):
                let where_ = path(c.codingPath)
                return "\(where_.isEmpty ? "" : where_ + ": ")missing \(key.stringValue)"
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }

    private static func trimmed(_ p: String) -> String {
        var p = expandTilde(p)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    private static func absolute(_ p: String) -> String {
        p.hasPrefix("/") ? URL(fileURLWithPath: p).standardizedFileURL.path
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/" + p).standardizedFileURL.path
    }

    /// `path` relative to `folder` (`../song.flac`), both absolute.
    static func relative(_ path: String, to folder: String) -> String {
        let a = path.split(separator: "/"), b = folder.split(separator: "/")
        var common = 0
        while common < min(a.count, b.count) && a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: b.count - common)
        return (up + a[common...].map(String.init)).joined(separator: "/")
    }

    /// A file name from a track name: letters, digits and dashes.
    private static func fileName(for name: String, index: Int) -> String {
        let cleaned = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        return cleaned.isEmpty ? "track-\(index + 1)" : cleaned
    }
}

/// A project that could not be written or read: the file and the problem.
public struct ProjectError: Error, Equatable, CustomStringConvertible {
    /// The file or folder.
    public var path: String
    /// What is wrong.
    public var problem: String
    /// An error.
    public init(_ path: String, _ problem: String) { self.path = path; self.problem = problem }
    /// One line for the status bar.
    public var description: String { "\(path): \(problem)" }
}
