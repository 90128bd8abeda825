import Workstation

/// Panes that later work fills (morph grid, chart preview) say what they
/// will hold and how to get there, so the layout can be arranged around them now.
public enum PlaceholderPane {
    /// What the pane will show, and where it comes from.
    static func explanation(for pane: PaneKind) -> (holds: String, how: String) {
        switch pane {
        case .morphGrid:
            return ("A square whose corners are four instruments: the point you pick blends their timbres into the piano roll's instrument.",
                    "Arrives with the model layer (Models.TimbreGenerator).")
        case .chart:
            return ("A rhythm-game chart (StepMania lanes) generated from the track, scrolling with the playhead, editable.",
                    "Arrives with the charts work (Charts + Models.ChartGenerator).")
        default:
            return ("", "")
        }
    }

    /// Draws the explanation.
    public static func draw(_ pane: PaneKind, in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        buffer.fill(rect, with: Cell(" ", context.text))
        let (holds, how) = explanation(for: pane)
        var lines = wrap(holds, width: rect.width - 2)
        let howLines = wrap(how, width: rect.width - 2)
        let total = lines.count + 1 + howLines.count
        var y = rect.y + max(0, (rect.height - total) / 2)
        if total > rect.height { lines = Array(lines.prefix(max(0, rect.height - howLines.count - 1))); y = rect.y }
        for line in lines where y < rect.maxY { buffer.put(line, x: rect.x + 1, y: y, style: context.text, maxX: rect.maxX); y += 1 }
        y += 1
        for line in howLines where y < rect.maxY { buffer.put(line, x: rect.x + 1, y: y, style: context.muted, maxX: rect.maxX); y += 1 }
    }
}
