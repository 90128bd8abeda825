/// The `Neural` module. See docs/architecture.md for what it owns.
public enum NeuralModule {
    /// The module's name, for diagnostics.
    public static let name = "Neural"
}
