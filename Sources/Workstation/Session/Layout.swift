/// The panes of the workstation screen.
public enum PaneKind: String, CaseIterable, Sendable, Hashable {
    case waveform, spectrogram
    case pianoRoll = "piano-roll"
    case interpolation
    case morphGrid = "morph-grid"
    case stems, chart

    /// The pane's title.
    public var title: String {
        switch self {
        case .waveform: return "Waveform"
        case .spectrogram: return "Spectrogram"
        case .pianoRoll: return "Piano roll"
        case .interpolation: return "Interpolation"
        case .morphGrid: return "Morph grid"
        case .stems: return "Stems"
        case .chart: return "Chart preview"
        }
    }
}

/// An arrangement of panes: rows top to bottom, panes left to right within a row.
public struct Layout: Sendable, Equatable {
    /// Name used by `:layout NAME`.
    public var name: String
    /// Rows of panes.
    public var rows: [[PaneKind]]
    /// Relative row heights before any resizing.
    public var rowWeights: [Int]

    /// The panes in focus order (row by row).
    public var panes: [PaneKind] { rows.flatMap { $0 } }

    /// The built-in layouts, switched with the number keys 1–5 or `:layout NAME`.
    public static let all: [Layout] = [
        Layout(name: "listen", rows: [[.waveform], [.spectrogram]], rowWeights: [2, 3]),
        Layout(name: "compose", rows: [[.pianoRoll], [.interpolation, .morphGrid]], rowWeights: [3, 2]),
        Layout(name: "stems", rows: [[.stems], [.waveform]], rowWeights: [3, 2]),
        Layout(name: "chart", rows: [[.chart, .spectrogram], [.waveform]], rowWeights: [3, 2]),
        Layout(name: "all", rows: [[.waveform, .spectrogram], [.pianoRoll, .stems],
                                   [.interpolation, .morphGrid, .chart]], rowWeights: [2, 2, 2]),
    ]
}
