import Workstation

/// A pane of the workstation screen: which kind it is, how it draws its inside from the state, what the
/// mouse does in it, its lines of mouse help and the smallest size it can use. Panes keep no state of their
/// own; what must outlive a frame (an image cache, where a drag started) lives in `PaneMemory`.
/// Register a pane with one line in `PaneRegistry.all`.
public protocol Pane: Sendable {
    /// The pane's kind, as the feature declared it (the title comes from there).
    static var kind: PaneKind { get }
    /// The title drawn on the border.
    static func title(context: DrawContext) -> String
    /// Draws the inside of the pane (the border is drawn by the frame).
    static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext)
    /// Actions for a mouse event inside the pane (`inside` is the rectangle within the border). Focusing the
    /// pane on a press is done for every pane by the router.
    static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action]
    /// Lines of mouse help: the gesture and what it does.
    static var mouseHelp: [(gesture: String, does: String)] { get }
    /// The smallest inside the pane can draw in.
    static var minimumSize: (width: Int, height: Int) { get }
    /// Actions that tell `reduce` the pane's size, sent when the layout changes it (the piano roll scrolls
    /// in screens it can only know once laid out). Empty when the pane needs none.
    static func sizeActions(inside: Rect, state: AppState) -> [Action]
}

extension Pane {
    public static func title(context: DrawContext) -> String { " \(kind.title) " }
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] { [] }
    public static var mouseHelp: [(gesture: String, does: String)] { [] }
    public static var minimumSize: (width: Int, height: Int) { (6, 1) }
    public static func sizeActions(inside: Rect, state: AppState) -> [Action] { [] }
}

/// What a pane's mouse handler sees: the state and the memory panes keep between events.
public struct MouseContext {
    /// The state on screen.
    public var state: AppState
    /// Where panes remember things between events (a drag's start).
    public var memory: PaneMemory
}

/// Objects panes keep between frames and events, one per type: the spectrogram's image cache, a drag in
/// progress. Owned by the app; drawing and mouse handling happen on the UI thread only.
public final class PaneMemory {
    private var objects: [ObjectIdentifier: AnyObject] = [:]

    /// Empty memory.
    public init() {}

    /// The object of type `T`, made by `make` the first time.
    public func object<T: AnyObject>(_ make: () -> T) -> T {
        if let o = objects[ObjectIdentifier(T.self)] as? T { return o }
        let o = make()
        objects[ObjectIdentifier(T.self)] = o
        return o
    }
}

/// Every pane the screen can show, one line each. A layout naming a pane that has no entry here shows it empty.
public enum PaneRegistry {
    /// The registered panes.
    public static let all: [any Pane.Type] = [
        WaveformPane.self,
        SpectrogramPane.self,
        PianoRollPane.self,
        InterpolationPane.self,
        StemsPane.self,
        MorphGridPane.self,
        ChartPane.self,
    ]

    /// The pane of a kind.
    public static func pane(_ kind: PaneKind) -> (any Pane.Type)? { all.first { $0.kind == kind } }
}
