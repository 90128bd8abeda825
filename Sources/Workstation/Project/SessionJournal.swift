import Foundation
import Synchronization

/// Keeps the whole session recoverable after a crash or `kill -9`. After each change the UI hands over the
/// session document (a value: handing it over costs copy-on-write references), and a background queue
/// writes the latest one to the journal within `delay`, atomically (temp file + rename), so a kill mid-write
/// leaves the previous state and a killed process loses at most the last `delay` of edits. Changes that
/// arrive while a write is pending are coalesced into it. A clean quit removes the file; a file found at
/// start means edits to recover.
///
/// Recovery checks what it reads: a journal that does not decode, or decodes to something impossible
/// (indices out of range, negative ticks), is reported in one line and moved aside — renamed next to
/// itself, never deleted — so it can be looked at, and the app starts clean.
public final class SessionJournal: Sendable {
    /// The journal file.
    public let path: String
    private let delay: Duration
    private let fileSystem: FileSystem
    private let queue = DispatchQueue(label: "kanade.journal", qos: .utility)
    private let latest = Mutex<(document: SessionDocument?, scheduled: Bool)>((nil, false))
    /// Writes done, for tests that check coalescing.
    private let writes = Atomic<Int>(0)

    /// What `recover()` found.
    public enum Recovery: Sendable, Equatable {
        /// No journal: the last run quit cleanly (or never ran).
        case nothing
        /// A sound session to offer back.
        case session(SessionDocument)
        /// A damaged journal, moved aside to `movedTo` (nil when even the rename failed); `problem` says why.
        case damaged(problem: String, movedTo: String?)
    }

    /// The largest journal read (it names files and holds melodies, never audio).
    static let sizeLimit = 64 << 20

    /// A journal at `path`, written at most `delay` after a change (0.2 s: well inside the promised second).
    public init(path: String, delay: Duration = .milliseconds(200), fileSystem: FileSystem = .standard) {
        self.path = path
        self.delay = delay
        self.fileSystem = fileSystem
    }

    /// `$XDG_STATE_HOME/kanade/journal.json`, else `~/.local/state/kanade/journal.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.local/state"
        return "\(base)/kanade/journal.json"
    }

    /// Remembers the session after a change; it reaches the file within `delay`, off the calling thread.
    public func record(_ document: SessionDocument) {
        let schedule = latest.withLock { state -> Bool in
            state.document = document
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard schedule else { return }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        queue.asyncAfter(deadline: .now() + seconds) { [self] in writeLatest() }
    }

    /// How many times the file has been written.
    public var writeCount: Int { writes.load(ordering: .relaxed) }

    /// Blocks until every write scheduled so far has happened (it does not write early).
    public func waitForPendingWrites() {
        let scheduled = latest.withLock { $0.scheduled }
        guard scheduled else { return }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        let done = DispatchSemaphore(value: 0)
        queue.asyncAfter(deadline: .now() + seconds) { done.signal() }
        done.wait()
    }

    private func writeLatest() {
        let document = latest.withLock { state -> SessionDocument? in
            defer { state.document = nil; state.scheduled = false }
            return state.document
        }
        guard let document, let data = try? JSONEncoder().encode(document) else { return }
        let folder = (path as NSString).deletingLastPathComponent
        try? fileSystem.makeFolder(folder)
        do {
            try fileSystem.write(Array(data), path)
            writes.add(1, ordering: .relaxed)
        } catch {
            // A full disk or a read-only folder: the journal is a safety net, the session itself is unharmed.
        }
    }

    /// What a run that did not quit cleanly left. A damaged journal is moved aside and reported.
    public func recover() -> Recovery {
        guard fileSystem.stat(path).exists else { return .nothing }
        let problem: String
        do {
            let bytes = try fileSystem.read(path, Self.sizeLimit)
            let document = try JSONDecoder().decode(SessionDocument.self, from: Data(bytes))
            let problems = document.problems()
            if problems.isEmpty { return .session(document) }
            problem = problems.prefix(3).joined(separator: "; ")
        } catch {
            problem = ProjectFile.describe(error)
        }
        return .damaged(problem: problem, movedTo: moveAside())
    }

    /// Renames the journal to a name not yet taken: `journal.json.damaged-20261205-011530` (then `-2` …).
    private func moveAside() -> String? {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let base = "\(path).damaged-\(formatter.string(from: Date()))"
        var target = base
        var n = 2
        while fileSystem.stat(target).exists {
            target = "\(base)-\(n)"
            n += 1
        }
        do { try fileSystem.rename(path, target) } catch { return nil }
        return target
    }

    /// Removes the journal (clean quit, or the person chose not to recover).
    public func discard() {
        queue.sync {
            latest.withLock { $0 = (nil, false) }
            if fileSystem.stat(path).exists { try? fileSystem.remove(path) }
        }
    }
}
