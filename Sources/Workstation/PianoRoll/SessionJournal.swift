import Foundation
import Music
import Synchronization

/// Keeps the piano roll recoverable after a crash or `kill -9`: after each edit the UI hands over the
/// melodies (a value, so this costs a copy-on-write reference), and a background queue writes the latest
/// one to the journal file within `delay` (atomically: temp file + rename, so a kill mid-write leaves the
/// previous state). A clean quit removes the file; a file found at start means edits to recover.
public final class SessionJournal: Sendable {
    /// The journal file.
    public let path: String
    private let delay: Duration
    private let queue = DispatchQueue(label: "kanade.journal", qos: .utility)
    private let latest = Mutex<(roll: PianoRoll?, scheduled: Bool)>((nil, false))

    /// A journal at `path`, written at most `delay` after an edit (0.2 s: well inside the promised second).
    public init(path: String, delay: Duration = .milliseconds(200)) {
        self.path = path
        self.delay = delay
    }

    /// `$XDG_STATE_HOME/kanade/journal.json`, else `~/.local/state/kanade/journal.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.local/state"
        return "\(base)/kanade/journal.json"
    }

    /// Remembers the melodies after an edit; they reach the file shortly, off the calling thread.
    public func record(_ roll: PianoRoll) {
        let schedule = latest.withLock { state -> Bool in
            state.roll = roll
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard schedule else { return }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        queue.asyncAfter(deadline: .now() + seconds) { [self] in writeLatest() }
    }

    /// Writes what is pending now (tests, and before a clean quit's removal).
    public func flush() { queue.sync { writeLatest() } }

    private func writeLatest() {
        let roll = latest.withLock { state -> PianoRoll? in
            defer { state.roll = nil; state.scheduled = false }
            return state.roll
        }
        guard let roll, let data = try? JSONEncoder().encode(roll), let text = String(data: data, encoding: .utf8) else { return }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? AtomicFile.write(text, to: path)
    }

    /// The melodies left by a session that did not quit cleanly, if any. A damaged file reads as nil.
    public func recoverable() -> PianoRoll? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(PianoRoll.self, from: data)
    }

    /// Removes the journal (clean quit, or the person chose not to recover).
    public func discard() {
        queue.sync {
            latest.withLock { $0 = (nil, false) }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
