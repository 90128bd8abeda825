/// One thing the lint found in a chart, with where it is.
public struct LintFinding: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of finding.
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        /// No steps at all (mines and fakes alone count as empty).
        case emptyChart = "empty-chart"
        /// A note between 192nds: it cannot be written to a simfile.
        case offGrid = "off-grid"
        /// A note on a finer snap than the difficulty allows.
        case snapTooFine = "snap-too-fine"
        /// Two steps on one lane closer than the difficulty allows.
        case jack
        /// A crossover where the difficulty allows none.
        case crossover
        /// A measure far denser than the rest of the chart.
        case densitySpike = "density-spike"
        /// A note (or a hold's end) after the audio has ended.
        case afterAudio = "after-audio"
        /// A note before the audio starts.
        case beforeAudio = "before-audio"
        /// Two notes on one lane at once, or a note inside a hold on its lane.
        case overlap
    }

    /// Which rule.
    public var rule: Rule
    /// Where (the first note concerned).
    public var beat: Beat
    /// The lane, when one is concerned.
    public var lane: Int?
    /// What is wrong, in words.
    public var message: String

    /// A finding.
    public init(rule: Rule, beat: Beat, lane: Int? = nil, message: String) {
        self.rule = rule
        self.beat = beat
        self.lane = lane
        self.message = message
    }

    /// "beat 12 (lane 3): jack …".
    public var description: String {
        "beat \(beat)" + (lane.map { " (lane \($0 + 1))" } ?? "") + ": \(rule.rawValue): \(message)"
    }
}
