import Workstation

/// The instrument morph grid: four corner instruments and the point between them (a placeholder until the
/// timbre generator arrives).
public enum MorphGridPane: Pane {
    public static let kind = PaneKind.morphGrid
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        PlaceholderPane.draw(
            holds: "A square whose corners are four instruments: the point you pick blends their timbres into the piano roll's instrument.",
            how: "Arrives with the model layer (Models.TimbreGenerator).", in: rect, buffer: &buffer, context: context)
    }
}
