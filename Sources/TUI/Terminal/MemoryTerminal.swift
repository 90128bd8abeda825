/// A terminal in memory: tests render into it, read its cells back, and script its input.
public final class MemoryTerminal: Terminal {
    /// What the terminal shows now.
    public private(set) var screen: CellBuffer
    /// Events `nextEvent` hands out, first first.
    public var pendingEvents: [InputEvent] = []
    /// Cells written since the counter was last reset (to measure diffed redraws).
    public var cellsWritten = 0
    /// How often `flush` was called.
    public private(set) var flushCount = 0
    /// Whether `restore` was called.
    public private(set) var restored = false
    /// Colours and glyphs this fake terminal claims.
    public var capabilities: TerminalCapabilities

    /// A blank terminal of the given size.
    public init(width: Int, height: Int, capabilities: TerminalCapabilities = .init(colors: 256, unicode: true)) {
        screen = CellBuffer(width: width, height: height)
        self.capabilities = capabilities
    }

    /// Current size.
    public var size: (width: Int, height: Int) { (screen.width, screen.height) }

    /// Changes the size (contents are lost, as in a real terminal after `clear`) and queues a resize event.
    public func resize(width: Int, height: Int) {
        screen = CellBuffer(width: width, height: height)
        pendingEvents.append(.resize(width: width, height: height))
    }

    public func write(_ cell: Cell, x: Int, y: Int) {
        screen[x, y] = cell
        cellsWritten += 1
    }

    public func flush() { flushCount += 1 }

    public func clear() { screen = CellBuffer(width: screen.width, height: screen.height) }

    public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
    }

    public func restore() { restored = true }

    /// What a person would see, row by row, right-trimmed.
    public var text: String { screen.text }
}
