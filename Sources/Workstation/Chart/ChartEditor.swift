import Charts

/// The chart editor's work in progress, neither saved nor undone: the snap, the selection being marked,
/// the clipboard, tap-tempo taps, and the cursor when there is no audio to move the playhead through.
///
/// The cursor is the receptor line: with a song loaded it is the playhead's beat, put on the snap, so moving
/// it seeks and editing while playing writes where the music is; without audio it is `cursor`.
public struct ChartEditor: StatePart {
    /// The grid the cursor moves and notes land on.
    public var snap = Snap(perMeasure: 16)
    /// Where the selection being marked started (`chart mark`); it runs to the cursor.
    public var anchor: Beat?
    /// A finished selection (the second `chart mark`).
    public var selection: ClosedRange<Beat>?
    /// What `chart copy` or `cut` took.
    public var clipboard: ChartClip?
    /// Tap-tempo taps, as playhead seconds.
    public var taps: [Double] = []
    /// The cursor while no audio is loaded.
    public var cursor = Beat.zero

    /// A fresh editor: 16th snap, no selection.
    public init() {}
}

extension AppState {
    /// The chart editor's state.
    public var chartEditor: ChartEditor {
        get { features[ChartEditor.self] }
        set { features[ChartEditor.self] = newValue }
    }

    /// The chart on screen's timing: its own, else the song's.
    var chartTiming: Timing? {
        let book = session.chartBook
        guard let simfile = book.simfile, let chart = book.chart else { return nil }
        return simfile.timing(of: chart)
    }

    /// The edit cursor: the playhead's beat on the snap when audio is loaded, else the editor's own (on the snap).
    public var chartCursor: Beat {
        guard let timing = chartTiming, !session.tracks.isEmpty else { return chartEditor.snap.quantised(chartEditor.cursor) }
        return chartEditor.snap.nearest(to: timing.beat(atSeconds: playhead))
    }

    /// The range edits apply to: the selection being marked (anchor to cursor), the finished one, or the
    /// cursor's row.
    public var chartEditRange: ClosedRange<Beat> {
        let cursor = chartCursor
        if let anchor = chartEditor.anchor { return min(anchor, cursor)...max(anchor, cursor) }
        return chartEditor.selection ?? cursor...cursor
    }
}
