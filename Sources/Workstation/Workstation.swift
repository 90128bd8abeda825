/// The `Workstation` module. See docs/architecture.md for what it owns.
public enum WorkstationModule {
    /// The module's name, for diagnostics.
    public static let name = "Workstation"
}
