import Music

/// How the piano roll is viewed and driven: cursor, grid, zoom, scroll, the box anchor, the clipboard and
/// the playhead. Not part of undo.
public struct PianoRollView: StatePart {
    /// The cursor: a tick on the grid and a pitch.
    public var cursorTick = 0, cursorPitch = 60
    /// The step grid cursor moves, inserts and quantizing use.
    public var grid = StepGrid.sixteenth
    /// Ticks one column spans (zoom); 0 means one grid step.
    public var ticksPerColumn = 0
    /// Tick at the left edge and pitch of the top row (the pane keeps the cursor visible from there).
    public var leftTick = 0, topPitch = 72
    /// Where `roll mark` started a box or range selection.
    public var anchor: (tick: Int, pitch: Int)? {
        get { anchorTick.map { ($0, anchorPitch) } }
        set { anchorTick = newValue?.tick; anchorPitch = newValue?.pitch ?? 0 }
    }
    private var anchorTick: Int?, anchorPitch = 0
    /// Copied notes, times relative to the first copied start.
    public var clipboard: [Note] = []
    /// Velocity of inserted notes (the last one set).
    public var velocity = 100
    /// The playhead in ticks while the melody plays.
    public var playhead: Double?
    /// Columns and pitch rows the pane showed last (the app reports them), for scrolling and keeping the cursor in view.
    public var viewportColumns = 64, viewportRows = 24

    /// A default view: middle C, sixteenths.
    public init() {}

    /// Columns are never narrower than 1/64 of a quarter or wider than a bar of 4/4.
    public func columnTicks(ticksPerQuarter tpq: Int) -> Int {
        ticksPerColumn > 0 ? ticksPerColumn : max(1, Int(grid.stepTicks(ticksPerQuarter: tpq).rounded()))
    }
}

extension PianoRollView {
    /// Scrolls the pitches so `melody` is on screen (centred when it was not); the cursor stays where it is.
    public mutating func reveal(_ melody: NoteSequence) {
        let pitches = melody.allNotes.map(\.note.pitch)
        guard let lo = pitches.min(), let hi = pitches.max() else { return }
        let rows = max(1, viewportRows)
        if hi <= topPitch && lo > topPitch - rows { return }
        topPitch = max(rows - 1, min(127, hi + max(1, (rows - (hi - lo + 1)) / 2)))
    }
}

extension ViewState {
    /// The piano roll's view: the feature's part of the view state.
    public var pianoRoll: PianoRollView {
        get { parts[PianoRollView.self] }
        set { parts[PianoRollView.self] = newValue }
    }
}
