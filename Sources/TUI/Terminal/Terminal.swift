/// What a terminal can show.
public struct TerminalCapabilities: Equatable, Sendable {
    /// Number of colours: 0 (monochrome), 8, 16, 256, or 16 777 216 (direct colour).
    public var colors: Int
    /// Whether the locale is UTF-8, so braille, blocks and box lines can be drawn.
    public var unicode: Bool
    /// Creates capabilities.
    public init(colors: Int, unicode: Bool) { self.colors = colors; self.unicode = unicode }
}

/// A screen that cells are written to and events are read from: ncurses, or memory for tests.
///
/// The `Screen` decides which cells to write; a terminal only writes what it is given.
public protocol Terminal: AnyObject {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Colours and glyphs available.
    var capabilities: TerminalCapabilities { get }
    /// Writes one cell (not yet visible until `flush`).
    func write(_ cell: Cell, x: Int, y: Int)
    /// Makes everything written visible.
    func flush()
    /// Forgets what is on the screen and clears it (after a resize, or to recover from garbage).
    func clear()
    /// Waits up to `timeoutMilliseconds` (nil: forever) for the next event; nil on timeout.
    func nextEvent(timeoutMilliseconds: Int?) -> InputEvent?
    /// Gives the terminal back to the shell as it was. Safe to call twice.
    func restore()
}
