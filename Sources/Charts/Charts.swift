/// The `Charts` module. See docs/architecture.md for what it owns.
public enum ChartsModule {
    /// The module's name, for diagnostics.
    public static let name = "Charts"
}
