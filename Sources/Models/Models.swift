/// The `Models` module. See docs/architecture.md for what it owns.
public enum ModelsModule {
    /// The module's name, for diagnostics.
    public static let name = "Models"
}
