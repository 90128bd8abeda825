/// The `Synth` module. See docs/architecture.md for what it owns.
public enum SynthModule {
    /// The module's name, for diagnostics.
    public static let name = "Synth"
}
