import Foundation

/// The session as a saved document: what `session.toml` in a project folder and the crash-recovery journal
/// hold. Versioned: a document of a newer `version` than this build knows is refused, not guessed at.
///
/// Audio is not in it: tracks name their files (relative to the project folder when saved in one), and
/// audio Kanade made itself (the demo song) is written into the project as a WAV file.
public struct SessionDocument: Sendable, Equatable {
    /// The format this build writes; it reads this and older ones.
    public static let currentVersion = 1

    /// One track: where its audio comes from and its mixer settings.
    public struct TrackEntry: Sendable, Equatable, Codable {
        /// Shown name.
        public var name: String
        /// The audio file (relative to the project folder, or absolute); nil for the demo song, which is
        /// rendered again when nothing was saved for it.
        public var path: String?
        /// Mixer settings.
        public var gainDB: Double = 0
        public var muted = false
        public var soloed = false

        enum CodingKeys: String, CodingKey { case name, path, gainDB = "gain_db", muted, soloed }

        /// A track entry; only `name` is required (the mixer defaults to 0 dB, unmuted, not soloed).
        public init(name: String, path: String?, gainDB: Double = 0, muted: Bool = false, soloed: Bool = false) {
            self.name = name; self.path = path; self.gainDB = gainDB; self.muted = muted; self.soloed = soloed
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            path = try c.decodeIfPresent(String.self, forKey: .path)
            gainDB = try c.decodeIfPresent(Double.self, forKey: .gainDB) ?? 0
            muted = try c.decodeIfPresent(Bool.self, forKey: .muted) ?? false
            soloed = try c.decodeIfPresent(Bool.self, forKey: .soloed) ?? false
        }
    }

    /// How the session was being viewed.
    public struct ViewEntry: Sendable, Equatable, Codable {
        /// The layout by name.
        public var layout: String
        /// The focused pane.
        public var focus: PaneKind
        /// Seconds across the time panes (nil: the whole track) and the left edge.
        public var visibleSeconds: Double?
        public var viewStart: Double = 0
        /// Row weights changed with `resize`, by layout name.
        public var rowWeights: [String: [Int]] = [:]

        enum CodingKeys: String, CodingKey {
            case layout, focus, visibleSeconds = "visible_seconds", viewStart = "view_start", rowWeights = "row_weights"
        }

        /// A view entry.
        public init(layout: String, focus: PaneKind, visibleSeconds: Double? = nil, viewStart: Double = 0,
                    rowWeights: [String: [Int]] = [:]) {
            self.layout = layout; self.focus = focus; self.visibleSeconds = visibleSeconds
            self.viewStart = viewStart; self.rowWeights = rowWeights
        }

        /// Reads a view; only the layout and focus are required.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            layout = try c.decode(String.self, forKey: .layout)
            focus = try c.decode(PaneKind.self, forKey: .focus)
            visibleSeconds = try c.decodeIfPresent(Double.self, forKey: .visibleSeconds)
            viewStart = try c.decodeIfPresent(Double.self, forKey: .viewStart) ?? 0
            rowWeights = try c.decodeIfPresent([String: [Int]].self, forKey: .rowWeights) ?? [:]
        }
    }

    /// Format version of what was read (`currentVersion` for a new document).
    public var version = SessionDocument.currentVersion
    /// The tracks, in order.
    public var tracks: [TrackEntry] = []
    /// Index of the track on screen.
    public var currentTrack = 0
    /// The selected time range and whether playback loops over it.
    public var selection: TimeRange?
    public var loopSelection = false
    /// The theme by name.
    public var theme = "default"
    /// Layout, focus and zoom.
    public var view = ViewEntry(layout: "listen", focus: .waveform)
    /// `:set` values.
    public var settings = Settings()
    /// The features' saved parts.
    public var parts = PartStore()
    /// The project folder the session belongs to: kept in the journal so a recovered session writes back
    /// to its project; not written into `session.toml` (a project does not name itself).
    public var project: String?

    /// An empty document.
    public init() {}
}

extension SessionDocument {
    /// The document of a state (tracks' paths as they are; `ProjectFile` makes them relative when writing).
    public init(_ state: AppState) {
        let s = state.session
        tracks = s.tracks.map {
            TrackEntry(name: $0.name, path: $0.path, gainDB: $0.gainDB, muted: $0.isMuted, soloed: $0.isSoloed)
        }
        currentTrack = s.currentTrackIndex
        selection = s.selection
        loopSelection = s.loopSelection
        theme = state.theme.name
        view = ViewEntry(layout: state.view.layout.name, focus: state.view.focus, visibleSeconds: state.view.visibleSeconds,
                         viewStart: state.view.viewStart, rowWeights: state.view.rowWeights)
        settings = state.settings
        parts = s.parts
        project = s.path
    }

    /// What is wrong with a document read from outside; empty when it can be used as it is.
    public func problems() -> [String] {
        var out: [String] = []
        if version < 1 { out.append("version \(version) is not a Kanade session version") }
        if !tracks.isEmpty && !tracks.indices.contains(currentTrack) {
            out.append("current track \(currentTrack) is out of range (\(tracks.count) tracks)")
        }
        if tracks.isEmpty && currentTrack != 0 { out.append("current track \(currentTrack) but no tracks") }
        for (i, t) in tracks.enumerated() {
            if !t.gainDB.isFinite || abs(t.gainDB) > 96 { out.append("track \(i + 1) gain \(t.gainDB) dB is out of range") }
            if t.name.isEmpty { out.append("track \(i + 1) has no name") }
        }
        if let s = selection, !(s.start.isFinite && s.end.isFinite && s.start >= 0) {
            out.append("selection \(s.start)–\(s.end) is not a time range")
        }
        if let v = view.visibleSeconds, !(v.isFinite && v > 0) { out.append("view width \(v) s is not positive") }
        if !view.viewStart.isFinite || view.viewStart < 0 { out.append("view start \(view.viewStart) is not a time") }
        for (name, w) in view.rowWeights where !w.allSatisfy({ (1...12).contains($0) }) {
            out.append("row weights of \(name) must be 1–12")
        }
        // Settings need no check here: decoding applies each through `Settings.set`, which refuses what `:set` would.
        for type in Features.sessionParts { out += partProblems(type) }
        return out
    }

    private func partProblems<P: SessionPart>(_ type: P.Type) -> [String] {
        parts.contains(type) ? parts[type].problems().map { "\(P.key): \($0)" } : []
    }
}

extension SessionDocument: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        version = try c.decode(Int.self, forKey: Key("kanade_session"))
        guard version <= SessionDocument.currentVersion else {
            throw SessionDocumentError.newerVersion(version)
        }
        tracks = try c.decodeIfPresent([TrackEntry].self, forKey: Key("tracks")) ?? []
        currentTrack = try c.decodeIfPresent(Int.self, forKey: Key("current_track")) ?? 0
        if let sel = try c.decodeIfPresent([Double].self, forKey: Key("selection")) {
            guard sel.count == 2 else { throw SessionDocumentError.field("selection", "must be [start, end]") }
            selection = TimeRange(sel[0], sel[1])
        }
        loopSelection = try c.decodeIfPresent(Bool.self, forKey: Key("loop_selection")) ?? false
        theme = try c.decodeIfPresent(String.self, forKey: Key("theme")) ?? "default"
        view = try c.decodeIfPresent(ViewEntry.self, forKey: Key("view")) ?? ViewEntry(layout: "listen", focus: .waveform)
        if let values = try c.decodeIfPresent([String: String].self, forKey: Key("settings")) {
            for (key, value) in values {
                do { try settings.set(key, value) } catch { throw SessionDocumentError.field("settings", error.message) }
            }
        }
        project = try c.decodeIfPresent(String.self, forKey: Key("project"))
        for type in Features.sessionParts { try decodePart(type, from: c) }
    }

    private mutating func decodePart<P: SessionPart>(_ type: P.Type, from c: KeyedDecodingContainer<Key>) throws {
        if let part = try c.decodeIfPresent(type, forKey: Key(P.key)) { parts[type] = part }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(version, forKey: Key("kanade_session"))
        try c.encode(theme, forKey: Key("theme"))
        try c.encode(currentTrack, forKey: Key("current_track"))
        if let s = selection { try c.encode([s.start, s.end], forKey: Key("selection")) }
        try c.encode(loopSelection, forKey: Key("loop_selection"))
        var values: [String: String] = [:]
        for (key, _) in Settings.keys { values[key] = settings.value(of: key) }
        try c.encode(values, forKey: Key("settings"))
        try c.encode(view, forKey: Key("view"))
        try c.encodeIfPresent(project, forKey: Key("project"))
        try c.encode(tracks, forKey: Key("tracks"))
        for type in Features.sessionParts { try encodePart(type, into: &c) }
    }

    private func encodePart<P: SessionPart>(_ type: P.Type, into c: inout KeyedEncodingContainer<Key>) throws {
        if parts.contains(type) { try c.encode(parts[type], forKey: Key(P.key)) }
    }
}

/// Why a session document could not be read.
public enum SessionDocumentError: Error, CustomStringConvertible, Equatable {
    /// Written by a newer Kanade.
    case newerVersion(Int)
    /// A field holds something it cannot.
    case field(String, String)

    public var description: String {
        switch self {
        case .newerVersion(let v):
            return "written by a newer Kanade (format version \(v); this one reads up to \(SessionDocument.currentVersion))"
        case .field(let name, let problem): return "\(name): \(problem)"
        }
    }
}
