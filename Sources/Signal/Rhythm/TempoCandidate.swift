/// One tempo the detector considered, with how much of the evidence it carries.
public struct TempoCandidate: Hashable, Sendable {
    /// How a candidate relates to the best one.
    public enum Relation: String, Hashable, Sendable {
        /// The best candidate.
        case best
        /// Twice the best (`×2`).
        case double = "×2"
        /// Half the best (`÷2`).
        case half = "÷2"
        /// One and a half times the best (`×1.5`).
        case threeHalves = "×1.5"
        /// Two thirds of the best (`÷1.5`).
        case twoThirds = "÷1.5"
        /// Another peak of the periodicity.
        case other
    }

    /// Beats per minute.
    public var bpm: Double
    /// Its share of the candidates' combined score, 0…1 (the candidates' confidences sum to 1).
    public var confidence: Double
    /// How it relates to the best candidate.
    public var relation: Relation

    /// A candidate.
    public init(bpm: Double, confidence: Double, relation: Relation) {
        self.bpm = bpm
        self.confidence = confidence
        self.relation = relation
    }
}
