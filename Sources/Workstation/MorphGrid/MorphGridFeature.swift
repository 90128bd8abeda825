import Synth

/// The instrument morph grid (issue 18): four corner instruments of the timbre model, a point between them that
/// every move turns into 61 notes off the UI thread, a 9 × 9 preview shaded by brightness, QWERTY keys that play
/// the point, and points saved by name that tracks play (`:instrument morph NAME`).
public enum MorphGridFeature: Feature {
    public static let name = "morph-grid"
    public static let panes = [PaneSpec(.morphGrid, title: "Morph grid")]

    public static let commands: [CommandSpec] = [
        CommandSpec("morph", usage: MorphGridCommand.usage,
                    summary: "the morph grid: corners (instrument names, families or one-note WAV files), the point, saved points",
                    argument: .morph, describe: { MorphGridCommand.summary($0) }) { a throws(CommandError) in
            .morphGrid(.command(try MorphGridCommand(words: a.words)))
        },
    ]

    /// QWERTY keys as on a DAW's computer keyboard (Ableton's, Bitwig's): the home row plays white keys from the
    /// base key, the row above the black ones; z and x move an octave.
    static let qwerty: [(key: String, semitone: Int)] = [
        ("a", 0), ("w", 1), ("s", 2), ("e", 3), ("d", 4), ("f", 5), ("t", 6), ("g", 7), ("y", 8), ("h", 9),
        ("u", 10), ("j", 11), ("k", 12), ("o", 13), ("l", 14), ("p", 15), (";", 16),
    ]

    public static let keyTable: String = """
        # Keys of the morph grid pane, while it has the focus (other keys fall through to [keys]).
        [morph-grid]
        "left" = "morph move -0.125 0"
        "right" = "morph move 0.125 0"
        "up" = "morph move 0 0.125"
        "down" = "morph move 0 -0.125"
        "H" = "morph move -0.03125 0"
        "L" = "morph move 0.03125 0"
        "K" = "morph move 0 0.03125"
        "J" = "morph move 0 -0.03125"
        "z" = "morph octave -1"
        "x" = "morph octave +1"

        """ + qwerty.map { "\"\($0.key)\" = \"morph play \($0.semitone)\"" }.joined(separator: "\n") + "\n"

    public static let sessionParts: [any SessionPart.Type] = [MorphGrid.self]

    /// A project or recovered session was opened: the points its tracks play are made again, so playback finds
    /// them. The grid's own point waits until the grid is used (a key, a move, a corner): making it is a second
    /// of both cores, not to be spent on every open.
    public static func sessionOpened(_ state: inout AppState) -> [Effect] {
        state.morphWork = MorphGridWork()
        let roll = state.session.pianoRoll
        var warm: [Effect] = []
        var seen = Set<String>()
        for case .morph(let spec) in roll.instruments.values.flatMap(\.values) where seen.insert(spec.soundKey).inserted {
            warm.append(.feature(MorphGridEffect.warm(spec)))
        }
        return warm
    }

    /// Undo or redo may have moved the point or changed the corners: made again if the grid was in use.
    public static func sessionRestored(_ state: inout AppState) -> [Effect] {
        let work = state.morphWork
        guard work.ready != nil || work.isGenerating, work.ready != state.session.morphGrid.point.soundKey else { return [] }
        return regenerate(&state, preview: true)
    }
}

extension PaneKind {
    /// The morph grid.
    public static let morphGrid = PaneKind("morph-grid")
}
