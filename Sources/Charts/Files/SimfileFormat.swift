/// The two StepMania file formats.
public enum SimfileFormat: String, Sendable, CaseIterable {
    /// StepMania 3.9 `.sm`: `#NOTES` with six colon-separated fields; song timing only.
    case sm
    /// StepMania 5 `.ssc`: `#NOTEDATA` blocks, charts may carry their own timing and delays.
    case ssc

    /// The format a path's extension names, or nil.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".sm") { self = .sm } else if lower.hasSuffix(".ssc") { self = .ssc } else { return nil }
    }
}
