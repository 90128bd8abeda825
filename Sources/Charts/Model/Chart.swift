/// One chart: the notes of one difficulty of one style (`dance-single`: four lanes) of a song.
public struct Chart: Hashable, Sendable {
    /// StepMania's steps type (`dance-single`, `dance-double`, `pump-single` …).
    public var stepsType: String
    /// Number of lanes (4 for `dance-single`).
    public var laneCount: Int
    /// The difficulty slot.
    public var difficulty: Difficulty
    /// The numeric rating (StepMania `meter`, 1 and up).
    public var meter: Int
    /// The author or description (`.sm`'s second `#NOTES` field; `.ssc`'s `#DESCRIPTION`).
    public var author: String
    /// The groove-radar values, kept as the file wrote them.
    public var radarValues: String
    /// The notes in beat order, then lane.
    public var notes: [ChartNote]
    /// The chart's own timing (`.ssc` charts may carry one); nil means the song's.
    public var timing: Timing?

    /// A chart; the notes are sorted here.
    public init(stepsType: String = "dance-single", laneCount: Int? = nil, difficulty: Difficulty, meter: Int,
                author: String = "", radarValues: String = "", notes: [ChartNote] = [], timing: Timing? = nil) {
        self.stepsType = stepsType
        self.laneCount = laneCount ?? Chart.laneCount(ofStepsType: stepsType) ?? 4
        self.difficulty = difficulty
        self.meter = meter
        self.author = author
        self.radarValues = radarValues
        self.notes = notes.sorted()
        self.timing = timing
    }

    /// Lanes of the steps types StepMania ships, or nil for one it does not know.
    public static func laneCount(ofStepsType type: String) -> Int? {
        switch type.lowercased() {
        case "dance-single": 4
        case "dance-double", "dance-couple", "dance-routine": 8
        case "dance-solo": 6
        case "dance-threepanel": 3
        case "pump-single": 5
        case "pump-halfdouble": 6
        case "pump-double", "pump-couple", "pump-routine": 10
        case "kb7-single": 7
        case "techno-single4": 4
        case "techno-single5": 5
        case "techno-single8": 8
        default: nil
        }
    }

    /// The beat of the last thing in the chart (a note, or a hold's end); nil when empty.
    public var lastBeat: Beat? {
        notes.map { $0.end ?? $0.beat }.max()
    }
}
