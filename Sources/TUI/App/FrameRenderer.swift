import Workstation

/// Draws a whole frame from the state: panes with borders, status bar, message line, help overlay,
/// or "too small". Keeps the caches that make playhead-only frames cheap.
public final class FrameRenderer {
    /// The spectrogram image of the last frame.
    public let spectrogramCache = SpectrogramImageCache()

    /// Columns and pitch rows of the piano roll's grid in the last frame (nil: not on screen).
    public private(set) var pianoRollViewport: (columns: Int, rows: Int)?

    /// A renderer with empty caches.
    public init() {}

    /// The frame for `state` on a `width`×`height` screen.
    public func render(_ state: AppState, width: Int, height: Int, glyphs: Glyphs) -> CellBuffer {
        let context = DrawContext(state: state, glyphs: glyphs)
        var buffer = CellBuffer(width: width, height: height, fill: Cell(" ", context.text))
        guard width >= PaneLayout.minimumWidth, height >= PaneLayout.minimumHeight else {
            drawTooSmall(width: width, height: height, buffer: &buffer, context: context)
            return buffer
        }
        let area = Rect(x: 0, y: 0, width: width, height: height - 2)
        pianoRollViewport = nil
        for (pane, rect) in PaneLayout.frames(for: state.view, in: area) {
            drawPane(pane, in: rect, buffer: &buffer, context: context)
        }
        StatusBar.drawStatus(row: height - 2, width: width, buffer: &buffer, context: context)
        StatusBar.drawMessageLine(row: height - 1, width: width, buffer: &buffer, context: context)
        if state.mode == .help { HelpOverlay.draw(in: area, buffer: &buffer, context: context) }
        return buffer
    }

    /// Draws one pane with its border and title.
    public func drawPane(_ pane: PaneKind, in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let theme = context.theme
        let focused = context.state.view.focus == pane
        let borderStyle = Style(fg: focused ? theme.borderFocused : theme.border, bg: theme.background)
        buffer.box(rect, style: borderStyle, glyphs: context.glyphs)
        var title = " \(pane.title) "
        if pane == .waveform || pane == .spectrogram, let track = context.state.session.currentTrack {
            title = " \(pane.title) \(context.glyphs.unicode ? "·" : "-") \(track.name) "
        }
        buffer.put(title, x: rect.x + 2, y: rect.y, style: focused ? context.accent : Style(fg: theme.text, bg: theme.background),
                   maxX: rect.maxX - 2)
        let inside = rect.inset(1)
        guard !inside.isEmpty else { return }
        switch pane {
        case .waveform: WaveformPane.draw(in: inside, buffer: &buffer, context: context)
        case .spectrogram: SpectrogramPane.draw(in: inside, buffer: &buffer, context: context, cache: spectrogramCache)
        case .stems: StemsPane.draw(in: inside, buffer: &buffer, context: context)
        case .pianoRoll:
            let geo = PianoRollPane.draw(in: inside, buffer: &buffer, context: context)
            pianoRollViewport = (geo.grid.width, geo.grid.height)
        case .interpolation: InterpolationPane.draw(in: inside, buffer: &buffer, context: context)
        case .morphGrid, .chart:
            PlaceholderPane.draw(pane, in: inside, buffer: &buffer, context: context)
        }
    }

    private func drawTooSmall(width: Int, height: Int, buffer: inout CellBuffer, context: DrawContext) {
        let lines = [width >= 20 ? "Terminal too small" : "too small", "\(width)×\(height), need \(PaneLayout.minimumWidth)×\(PaneLayout.minimumHeight)"]
        let full = Rect(x: 0, y: 0, width: width, height: height)
        for (i, line) in lines.enumerated() {
            let text = context.glyphs.unicode ? line : line.replacingOccurrences(of: "×", with: "x")
            putCentered(text, row: height / 2 - 1 + i, in: full, style: i == 0 ? context.accent : context.muted, buffer: &buffer)
        }
    }
}
