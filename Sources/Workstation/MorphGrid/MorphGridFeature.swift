/// The instrument morph grid: four corner instruments and a point between them (a placeholder pane until
/// the timbre generator arrives).
public enum MorphGridFeature: Feature {
    public static let name = "morph-grid"
    public static let panes = [PaneSpec(.morphGrid, title: "Morph grid")]
}

extension PaneKind {
    /// The morph grid.
    public static let morphGrid = PaneKind("morph-grid")
}
