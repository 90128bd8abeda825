/// The rhythm-game chart preview and editor (a placeholder pane until charts arrive).
public enum ChartFeature: Feature {
    public static let name = "chart"
    public static let panes = [PaneSpec(.chart, title: "Chart preview")]
}

extension PaneKind {
    /// The chart preview.
    public static let chart = PaneKind("chart")
}
