import Workstation

/// What every pane draws with: the state, the theme and the glyph set.
public struct DrawContext {
    /// The state to draw.
    public var state: AppState
    /// Colours.
    public var theme: Theme
    /// Unicode or ASCII glyphs.
    public var glyphs: Glyphs
    /// What panes keep between frames.
    public var memory: PaneMemory

    /// A context.
    public init(state: AppState, glyphs: Glyphs, memory: PaneMemory = PaneMemory()) {
        self.state = state; self.theme = state.theme; self.glyphs = glyphs; self.memory = memory
    }

    /// Ordinary text on the screen background.
    var text: Style { Style(fg: theme.text, bg: theme.background) }
    /// Secondary text.
    var muted: Style { Style(fg: theme.muted, bg: theme.background) }
    /// Highlighted text.
    var accent: Style { Style(fg: theme.accent, bg: theme.background, attributes: .bold) }
}

/// Maps between columns of a pane and time, for the visible window.
struct TimeAxis {
    /// The visible time window.
    let window: TimeRange
    /// The columns the window spans.
    let x: Int, width: Int

    /// The time at the left edge of column `col` (absolute screen column).
    func time(atColumn col: Int) -> Double {
        window.start + Double(col - x) / Double(max(1, width)) * window.duration
    }

    /// The column showing time `t`, or nil when off screen.
    func column(of t: Double) -> Int? {
        guard window.duration > 0, t >= window.start, t <= window.end else { return nil }
        // The window's end belongs to the last column (a playhead at the end of the song stays visible).
        let c = min(width - 1, Int(((t - window.start) / window.duration * Double(width)).rounded(.down)))
        return c >= 0 ? x + c : nil
    }

    /// Draws a time ruler in `row`: ticks at a "nice" interval with `m:ss` labels.
    func drawRuler(row y: Int, into buffer: inout CellBuffer, context: DrawContext, selection: TimeRange?) {
        let style = Style(fg: context.theme.ruler, bg: context.theme.background)
        buffer.fill(Rect(x: x, y: y, width: width, height: 1), with: Cell(" ", style))
        if let sel = selection {
            for col in x..<x + width {
                let t0 = time(atColumn: col), t1 = time(atColumn: col + 1)
                if t1 > sel.start && t0 < sel.end { buffer[col, y].style.bg = context.theme.selection }
            }
        }
        let span = window.duration
        guard span > 0, width > 0 else { return }
        let decimals = span < 2 ? 2 : span < 20 ? 1 : 0
        let labelWidth = formatTime(window.end, decimals: decimals).count + 2
        let minInterval = span * Double(labelWidth) / Double(width)
        let nice: [Double] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600]
        let interval = nice.first { $0 >= minInterval } ?? 3600
        var t = (window.start / interval).rounded(.up) * interval
        while t < window.end {
            if let col = column(of: t) {
                buffer[col, y] = Cell(context.glyphs.unicode ? "╵" : "'", Style(fg: style.fg, bg: buffer[col, y].style.bg))
                let label = formatTime(t, decimals: decimals)
                for (i, ch) in label.enumerated() where col + 1 + i < x + width {
                    buffer[col + 1 + i, y] = Cell(ch, Style(fg: style.fg, bg: buffer[col + 1 + i, y].style.bg))
                }
            }
            t += interval
        }
    }
}

/// Writes `text` centred in a row of `rect`.
func putCentered(_ text: String, row y: Int, in rect: Rect, style: Style, buffer: inout CellBuffer) {
    let w = text.count
    let x = rect.x + max(0, (rect.width - w) / 2)
    buffer.put(text, x: x, y: y, style: style, maxX: rect.maxX)
}

/// Word-wraps `text` into lines of at most `width` cells.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ") {
        if line.isEmpty { line = String(word) }
        else if line.count + 1 + word.count <= width { line += " " + word }
        else { lines.append(line); line = String(word) }
        while line.count > width { lines.append(String(line.prefix(width))); line = String(line.dropFirst(width)) }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

/// Where the left button went down in a time pane, while it is down.
final class TimePanePress {
    var pane: PaneKind?
    var x = 0
}

/// The mouse in a time pane (waveform, spectrogram): click puts the playhead there, drag selects, the wheel zooms.
func timePaneMouse(_ event: MouseEvent, pane: PaneKind, axis: TimeAxis?, context: MouseContext) -> [Action] {
    let press = context.memory.object { TimePanePress() }
    switch event.kind {
    case .press:
        press.pane = axis != nil ? pane : nil
        press.x = event.x
        return []
    case .drag, .otherPress:
        return []
    case .release:
        defer { press.pane = nil }
        guard press.pane == pane, let axis else { return [] }
        let x0 = max(axis.x, min(axis.x + axis.width - 1, press.x))
        let x1 = max(axis.x, min(axis.x + axis.width - 1, event.x))
        if abs(x1 - x0) >= 1 {
            return [.command(.select(TimeRange(axis.time(atColumn: min(x0, x1)), axis.time(atColumn: max(x0, x1) + 1))))]
        }
        return [.command(.seekTo(axis.time(atColumn: x0)))]
    case .wheelUp: return axis != nil ? [.command(.zoomIn)] : []
    case .wheelDown: return axis != nil ? [.command(.zoomOut)] : []
    }
}

/// The title of a time pane: its name and the track it shows.
func timePaneTitle(_ kind: PaneKind, context: DrawContext) -> String {
    guard let track = context.state.session.currentTrack else { return " \(kind.title) " }
    let dot = context.glyphs.unicode ? "·" : "-"
    if let stem = context.state.focusedStem { return " \(kind.title) \(dot) \(track.name) \(dot) \(stem.name) " }
    return " \(kind.title) \(dot) \(track.name) "
}
