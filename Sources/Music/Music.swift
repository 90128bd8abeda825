/// The `Music` module. See docs/architecture.md for what it owns.
public enum MusicModule {
    /// The module's name, for diagnostics.
    public static let name = "Music"
}
