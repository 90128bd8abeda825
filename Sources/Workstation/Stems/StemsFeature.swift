/// The stems view: today the session's tracks as mixer strips (mute, solo, gain, level); separated stems of
/// a song join it with the separator (issue: auditioning separations).
public enum StemsFeature: Feature {
    public static let name = "stems"
    public static let panes = [PaneSpec(.stems, title: "Stems")]
}

extension PaneKind {
    /// The stems pane.
    public static let stems = PaneKind("stems")
}
