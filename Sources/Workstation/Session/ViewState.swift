/// How the session is shown: layout, focus, pane sizes, and the visible stretch of time.
public struct ViewState: Sendable, Equatable {
    /// The layouts to choose from (built-in, then `layouts.toml`).
    public var layouts: [Layout] = Layout.builtIn
    /// Index into `layouts`.
    public var layoutIndex = 0
    /// The pane that gets keys like zoom and the `focused` border.
    public var focus = PaneKind.waveform
    /// Row heights per layout, as changed by `resize taller/shorter`.
    public var rowWeights: [String: [Int]] = [:]
    /// Width of each pane within its row, as changed by `resize wider/narrower`.
    public var columnWeights: [PaneKind: Int] = [:]
    /// Seconds across a time pane; nil shows the whole track.
    public var visibleSeconds: Double?
    /// Time at the left edge of the time panes.
    public var viewStart: Double = 0
    /// Where `v` started a selection that is still being made.
    public var selectionAnchor: Double?
    /// Each feature's view of its pane (`view.pianoRoll` is `parts[PianoRollView.self]`).
    public var parts = PartStore()

    /// A default view.
    public init() {}

    /// The layout on screen.
    public var layout: Layout { layouts[min(max(0, layoutIndex), layouts.count - 1)] }

    /// Row weights of the current layout.
    public var currentRowWeights: [Int] {
        let w = rowWeights[layout.name] ?? layout.rowWeights
        return w.count == layout.rows.count ? w : layout.rowWeights
    }

    /// The visible time window for a timeline of `duration` seconds.
    public func window(duration: Double) -> TimeRange {
        let span = min(visibleSeconds ?? duration, max(duration, 0.001))
        let start = max(0, min(viewStart, duration - span))
        return TimeRange(start, start + max(span, 0.001))
    }
}
