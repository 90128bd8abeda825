/// What the tempo detector found in a song: a tempo and the first beat, or why there is no clear one —
/// never a silent 120 (ArrowVortex's "Find BPM" bug, ../shared/reference/charts.md §5).
public struct TempoDetection: Sendable {
    /// The tempo of the longest steady stretch; nil when there is no clear tempo.
    public var bpm: Double?
    /// When the first beat plays, in seconds; nil when there is no clear tempo.
    public var firstBeat: Double?
    /// The steady stretches in order (more than one when the tempo changes).
    public var segments: [TempoSegment]
    /// The tracked beats in seconds.
    public var beats: [Double]
    /// The tempos considered, best first, with the best's ×2 and ÷2.
    public var candidates: [TempoCandidate]
    /// How periodic the onsets are (the autocorrelation at the best period, −1…1).
    public var clarity: Double
    /// Why there is no clear tempo; nil when there is one.
    public var problem: String?

    /// A detection.
    public init(bpm: Double?, firstBeat: Double?, segments: [TempoSegment], beats: [Double],
                candidates: [TempoCandidate], clarity: Double, problem: String?) {
        self.bpm = bpm
        self.firstBeat = firstBeat
        self.segments = segments
        self.beats = beats
        self.candidates = candidates
        self.clarity = clarity
        self.problem = problem
    }

    /// No clear tempo, and why.
    static func none(_ problem: String, candidates: [TempoCandidate] = [], clarity: Double = 0) -> TempoDetection {
        TempoDetection(bpm: nil, firstBeat: nil, segments: [], beats: [], candidates: candidates, clarity: clarity,
                       problem: problem)
    }
}
