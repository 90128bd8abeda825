import AudioIO

/// Every feature of the workstation, in the order their commands, keys and panes are listed in help.
/// Registering a feature is one line here (and one in `TUI`'s `PaneRegistry`).
public enum Features {
    /// The registered features.
    public static let all: [any Feature.Type] = [
        TracksFeature.self,
        PianoRollFeature.self,
        InterpolationFeature.self,
        StemsFeature.self,
        MorphGridFeature.self,
        ChartFeature.self,
        MelodyToolsFeature.self,
    ]

    /// Every pane of every feature.
    public static let panes: [PaneSpec] = all.flatMap { $0.panes }

    /// Every session part of every feature.
    static let sessionParts: [any SessionPart.Type] = all.flatMap { $0.sessionParts }

    /// Every file type of every feature.
    static let fileTypes: [FileType] = all.flatMap { $0.fileTypes }

    /// The audio every feature made that a project keeps, by path relative to the project folder.
    static func projectAudio(_ session: Session) -> [String: AudioBuffer] {
        all.reduce(into: [:]) { out, feature in out.merge(feature.projectAudio(session)) { a, _ in a } }
    }

    /// Each feature's work after a project or recovered session opened.
    static func sessionOpened(_ state: inout AppState) -> [Effect] {
        all.flatMap { $0.sessionOpened(&state) }
    }

    /// Each feature's work after undo or redo.
    static func sessionRestored(_ state: inout AppState) -> [Effect] {
        all.flatMap { $0.sessionRestored(&state) }
    }
}
