import Workstation

/// Draws a whole frame from the state: panes with borders (each by its registered `Pane`), status bar,
/// message line, help overlay, or "too small". Keeps the pane memory that makes playhead-only frames cheap.
public final class FrameRenderer {
    /// What panes keep between frames and mouse events.
    public let memory = PaneMemory()

    /// The spectrogram image of the last frame.
    public var spectrogramCache: SpectrogramImageCache { memory.object { SpectrogramImageCache() } }

    /// A renderer with empty caches.
    public init() {}

    /// The frame for `state` on a `width`×`height` screen.
    public func render(_ state: AppState, width: Int, height: Int, glyphs: Glyphs) -> CellBuffer {
        let context = DrawContext(state: state, glyphs: glyphs, memory: memory)
        var buffer = CellBuffer(width: width, height: height, fill: Cell(" ", context.text))
        guard width >= PaneLayout.minimumWidth, height >= PaneLayout.minimumHeight else {
            drawTooSmall(width: width, height: height, buffer: &buffer, context: context)
            return buffer
        }
        let area = PaneLayout.paneArea(width: width, height: height)
        for (pane, rect) in PaneLayout.frames(for: state.view, in: area) {
            drawPane(pane, in: rect, buffer: &buffer, context: context)
        }
        StatusBar.drawStatus(row: height - 2, width: width, buffer: &buffer, context: context)
        StatusBar.drawMessageLine(row: height - 1, width: width, buffer: &buffer, context: context)
        if state.mode == .help { HelpOverlay.draw(in: area, buffer: &buffer, context: context) }
        return buffer
    }

    /// Draws one pane with its border and title.
    public func drawPane(_ kind: PaneKind, in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let theme = context.theme
        let focused = context.state.view.focus == kind
        let borderStyle = Style(fg: focused ? theme.borderFocused : theme.border, bg: theme.background)
        buffer.box(rect, style: borderStyle, glyphs: context.glyphs)
        let pane = PaneRegistry.pane(kind)
        let title = pane?.title(context: context) ?? " \(kind.title) "
        buffer.put(title, x: rect.x + 2, y: rect.y, style: focused ? context.accent : Style(fg: theme.text, bg: theme.background),
                   maxX: rect.maxX - 2)
        let inside = rect.inset(1)
        guard !inside.isEmpty else { return }
        guard let pane else {
            buffer.fill(inside, with: Cell(" ", context.text))
            return
        }
        let minimum = pane.minimumSize
        guard inside.width >= minimum.width, inside.height >= minimum.height else {
            buffer.fill(inside, with: Cell(" ", context.text))
            putCentered("too small", row: inside.y + inside.height / 2, in: inside, style: context.muted, buffer: &buffer)
            return
        }
        pane.drawInside(inside, buffer: &buffer, context: context)
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
