import Workstation

/// Turns mouse events into actions using the layout on screen: a press focuses the pane under it, a click on
/// the status bar plays or pauses, and the pane itself (its registered `Pane.mouse`) decides the rest.
public struct MouseRouter {
    /// The pane a press went down in, so its drag and release go to it even when the pointer leaves it.
    private var captured: PaneKind?

    /// A router with no button down.
    public init() {}

    /// The actions for a mouse event on a `width`×`height` screen.
    public mutating func actions(for event: MouseEvent, state: AppState, width: Int, height: Int,
                                 memory: PaneMemory) -> [Action] {
        guard state.mode == .normal, width >= PaneLayout.minimumWidth, height >= PaneLayout.minimumHeight else { return [] }
        if event.y == height - 2, event.kind == .press { return [.command(.playPause)] }
        let frames = PaneLayout.frames(for: state.view, in: PaneLayout.paneArea(width: width, height: height))
        let target: (pane: PaneKind, rect: Rect)?
        if event.kind == .drag || event.kind == .release, let captured, let f = frames.first(where: { $0.pane == captured }) {
            target = f
        } else {
            target = frames.first { $0.rect.contains(x: event.x, y: event.y) }
        }
        guard let (kind, rect) = target else { return [] }
        switch event.kind {
        case .press: captured = kind
        case .release: captured = nil
        default: break
        }
        var out: [Action] = []
        if (event.kind == .press || event.kind == .otherPress) && state.view.focus != kind { out.append(.command(.focus(kind))) }
        if let pane = PaneRegistry.pane(kind) {
            out += pane.mouse(event, inside: rect.inset(1), context: MouseContext(state: state, memory: memory))
        }
        return out
    }
}
