import Workstation

/// Turns mouse events into commands using the layout on screen: click focuses a pane and, in a time pane,
/// seeks; drag selects; the wheel zooms.
public struct MouseRouter {
    /// Where the left button went down (pane and column), while it is down.
    private var pressed: (pane: PaneKind, x: Int)?
    /// Clicks and drags inside the piano roll.
    private var pianoRoll = PianoRollMouse()

    /// A router with no button down.
    public init() {}

    /// The commands for a mouse event on a `width`×`height` screen.
    public mutating func commands(for event: MouseEvent, state: AppState, width: Int, height: Int) -> [Command] {
        guard state.mode == .normal, width >= PaneLayout.minimumWidth, height >= PaneLayout.minimumHeight else { return [] }
        let area = Rect(x: 0, y: 0, width: width, height: height - 2)
        if event.y == height - 2, event.kind == .press { return [.playPause] }
        guard let (pane, rect) = PaneLayout.frames(for: state.view, in: area).first(where: {
            $0.rect.contains(x: event.x, y: event.y)
        }) else { return [] }
        if pane == .pianoRoll {
            let focus: [Command] = event.kind == .press && state.view.focus != pane ? [.focus(pane)] : []
            return focus + pianoRoll.commands(for: event, inside: rect.inset(1), state: state)
        }
        if pane == .interpolation {
            return interpolationCommands(for: event, inside: rect.inset(1), state: state)
        }
        let axis = timeAxis(pane, rect: rect, state: state)
        var out: [Command] = []
        switch event.kind {
        case .press:
            if state.view.focus != pane { out.append(.focus(pane)) }
            pressed = axis != nil ? (pane, event.x) : nil
        case .drag:
            break
        case .release:
            defer { pressed = nil }
            guard let start = pressed, start.pane == pane, let axis else { return out }
            let x0 = max(axis.x, min(axis.x + axis.width - 1, start.x))
            let x1 = max(axis.x, min(axis.x + axis.width - 1, event.x))
            if abs(x1 - x0) >= 1 {
                out.append(.select(TimeRange(axis.time(atColumn: min(x0, x1)), axis.time(atColumn: max(x0, x1) + 1))))
            } else {
                out.append(.seekTo(axis.time(atColumn: x0)))
            }
        case .wheelUp: if axis != nil { out.append(.zoomIn) }
        case .wheelDown: if axis != nil { out.append(.zoomOut) }
        case .otherPress: if state.view.focus != pane { out.append(.focus(pane)) }
        }
        return out
    }

    /// Click or drag on the slider's track moves it to the nearest step (releasing plays nothing new).
    private func interpolationCommands(for event: MouseEvent, inside: Rect, state: AppState) -> [Command] {
        var out: [Command] = []
        if event.kind == .press || event.kind == .otherPress, state.view.focus != .interpolation { out.append(.focus(.interpolation)) }
        guard event.kind == .press || event.kind == .drag,
              let track = InterpolationPane.track(in: inside, steps: state.interpolation.steps),
              abs(event.y - track.y) <= 1, event.x >= track.x0 - 1, event.x <= track.x1 + 1 else { return out }
        let p = track.position(atColumn: event.x)
        if p != state.interpolation.position || event.kind == .press { out.append(.interp(.moveTo(p))) }
        return out
    }

    /// The time axis of a time pane's inside, or nil for other panes.
    func timeAxis(_ pane: PaneKind, rect: Rect, state: AppState) -> TimeAxis? {
        let inside = rect.inset(1)
        let window = state.view.window(duration: state.session.duration)
        guard state.session.duration > 0 else { return nil }
        switch pane {
        case .waveform: return TimeAxis(window: window, x: inside.x, width: inside.width)
        case .spectrogram:
            let a = SpectrogramPane.axisWidth(for: inside)
            return TimeAxis(window: window, x: inside.x + a, width: inside.width - a)
        default: return nil
        }
    }
}
