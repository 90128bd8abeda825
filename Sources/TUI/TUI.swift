/// The `TUI` module. See docs/architecture.md for what it owns.
public enum TUIModule {
    /// The module's name, for diagnostics.
    public static let name = "TUI"
}
