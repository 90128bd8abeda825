import AudioIO

/// A part of the workstation that owns its rooms: its saved state, its actions and their reducer, its
/// effects, its commands, its key table and its panes. The core (tracks, transport, view, prompt, project)
/// knows features only through this protocol and the one list in `Features.all`.
///
/// Adding a feature means adding a folder `Workstation/<Feature>/` with a type conforming to `Feature`,
/// one line in `Features.all`, a pane in `TUI/Panes/` and one line in `TUI`'s `PaneRegistry`
/// (docs/architecture.md, "Adding a feature").
public protocol Feature: Sendable {
    /// A short name ("piano-roll"), used in diagnostics.
    static var name: String { get }
    /// The panes it shows, with their titles.
    static var panes: [PaneSpec] { get }
    /// The `:` commands it adds; each one declaration feeds the parser, `?` help and Tab completion.
    static var commands: [CommandSpec] { get }
    /// Its default key bindings as key-map TOML (a pane table such as `[piano-roll]`).
    static var keyTable: String { get }
    /// The parts of the saved session it owns (written to `session.toml`, journaled, validated on recovery).
    static var sessionParts: [any SessionPart.Type] { get }
    /// The files it opens and writes by extension (`:open x.mid`, `:w x.mid`).
    static var fileTypes: [FileType] { get }
    /// Audio it made that a project keeps (`:w NAME.kanade`), by path relative to the project folder; its
    /// session part names the same paths.
    static func projectAudio(_ session: Session) -> [String: AudioBuffer]
    /// A project or recovered session was opened: the work that brings back what its part names (audio).
    static func sessionOpened(_ state: inout AppState) -> [Effect]
    /// Undo or redo put back an earlier session: the work that brings what the feature runs outside the session
    /// (the engine's stems) in line with it.
    static func sessionRestored(_ state: inout AppState) -> [Effect]
}

extension Feature {
    public static var panes: [PaneSpec] { [] }
    public static var commands: [CommandSpec] { [] }
    public static var keyTable: String { "" }
    public static var sessionParts: [any SessionPart.Type] { [] }
    public static var fileTypes: [FileType] { [] }
    public static func projectAudio(_ session: Session) -> [String: AudioBuffer] { [:] }
    public static func sessionOpened(_ state: inout AppState) -> [Effect] { [] }
    public static func sessionRestored(_ state: inout AppState) -> [Effect] { [] }
}

/// An action that belongs to one feature; the root `reduce` hands it to the feature's own reducer.
/// A feature exposes it as `Action.pianoRoll(…)` through a static function in its own folder.
public protocol FeatureAction: Sendable {
    /// Applies the action to the state and returns the work to do. Pure, like `reduce`.
    func reduce(_ state: inout AppState) -> [Effect]
}

/// Work that belongs to one feature, run by the `EffectRunner` off the UI thread; results come back as actions.
public protocol FeatureEffect: Sendable {
    /// Does the work; posts what happened through `context.post`.
    func run(_ context: EffectContext)
}

/// A pane a feature shows: its kind (the name layouts and key tables use) and its title.
public struct PaneSpec: Sendable {
    /// The pane's name in layouts and key-map tables.
    public var kind: PaneKind
    /// The title on its border.
    public var title: String
    /// A pane.
    public init(_ kind: PaneKind, title: String) { self.kind = kind; self.title = title }
}

/// A kind of file a feature opens with `:open PATH` and writes with `:w PATH`.
public struct FileType: Sendable {
    /// Lower-case extensions without the dot (`mid`, `midi`).
    public var extensions: [String]
    /// The action `:open PATH` sends.
    public var open: @Sendable (_ path: String) -> Action
    /// The action `:w PATH` sends, or nil when this kind of file is only read.
    public var write: (@Sendable (_ path: String) -> Action)?

    /// A file type.
    public init(extensions: [String], open: @escaping @Sendable (String) -> Action,
                write: (@Sendable (String) -> Action)? = nil) {
        self.extensions = extensions; self.open = open; self.write = write
    }

    /// Whether `path` ends in one of the extensions.
    public func matches(_ path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix("." + $0) }
    }
}
