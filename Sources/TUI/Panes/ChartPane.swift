import Workstation

/// The rhythm-game chart preview and editor (a placeholder until charts arrive).
public enum ChartPane: Pane {
    public static let kind = PaneKind.chart
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        PlaceholderPane.draw(
            holds: "A rhythm-game chart (StepMania lanes) generated from the track, scrolling with the playhead, editable.",
            how: "Arrives with the charts work (Charts + Models.ChartGenerator).", in: rect, buffer: &buffer, context: context)
    }
}
