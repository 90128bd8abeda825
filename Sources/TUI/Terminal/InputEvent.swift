import Workstation

/// Something the terminal reported: a key, a mouse event, a new size, or a wake-up from background work.
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(KeyPress)
    /// A mouse event at a cell.
    case mouse(MouseEvent)
    /// The terminal now has this size.
    case resize(width: Int, height: Int)
    /// Background work posted something (see `WakeSignal`).
    case wake
}

/// A mouse event at cell (x, y).
public struct MouseEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// The left button went down.
        case press
        /// The left button went up.
        case release
        /// The pointer moved with the button down.
        case drag
        /// The wheel turned (up = away from the user).
        case wheelUp, wheelDown
        /// Another button (middle/right) went down.
        case otherPress
    }
    /// What happened.
    public var kind: Kind
    /// Column and row.
    public var x: Int, y: Int
    /// Creates a mouse event.
    public init(_ kind: Kind, x: Int, y: Int) { self.kind = kind; self.x = x; self.y = y }
}
