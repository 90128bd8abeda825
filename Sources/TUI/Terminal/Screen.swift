/// Draws frames on a terminal, writing only the cells that changed since the previous frame.
public struct Screen {
    /// The frame last written, or nil when the terminal's contents are unknown.
    private var previous: CellBuffer?

    /// A screen that knows nothing about the terminal yet (the first frame is written in full).
    public init() {}

    /// Forgets the last frame, so the next one is written in full (after a resize or `clear`).
    public mutating func invalidate() { previous = nil }

    /// Writes the cells of `frame` that differ from the previous frame and flushes.
    /// Returns how many cells were written.
    @discardableResult
    public mutating func present(_ frame: CellBuffer, on terminal: Terminal) -> Int {
        var written = 0
        if let old = previous, old.width == frame.width, old.height == frame.height {
            frame.cells.withUnsafeBufferPointer { new in
                old.cells.withUnsafeBufferPointer { old in
                    for i in 0..<new.count where new[i] != old[i] {
                        let cell = new[i]
                        if cell.isContinuation { continue }
                        terminal.write(cell, x: i % frame.width, y: i / frame.width)
                        written += 1
                    }
                }
            }
        } else {
            terminal.clear()
            for y in 0..<frame.height {
                for x in 0..<frame.width {
                    let cell = frame[x, y]
                    if cell.isContinuation { continue }
                    terminal.write(cell, x: x, y: y)
                    written += 1
                }
            }
        }
        previous = frame
        terminal.flush()
        return written
    }
}
