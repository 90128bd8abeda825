/// The `Signal` module. See docs/architecture.md for what it owns.
public enum SignalModule {
    /// The module's name, for diagnostics.
    public static let name = "Signal"
}
