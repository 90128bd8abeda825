import Music
import Workstation

/// Where things are in the piano-roll pane: a header line, a bar ruler, then one row per pitch (high at the
/// top) with the keyboard at the left and one column per `columnTicks` to the right. Drawing and the mouse
/// both use it, so a click lands on the cell that was drawn.
public struct PianoRollGeometry {
    /// Width of the keyboard: a note name (4) and a key (1).
    static let keyboardWidth = 5
    /// The pane's inside.
    let rect: Rect
    /// The grid area (right of the keyboard, below the header and ruler).
    let grid: Rect
    /// Ticks per column and the tick at the grid's left edge.
    let columnTicks: Int, leftTick: Int
    /// Pitch of the grid's top row.
    let topPitch: Int

    /// The geometry of `view` in `rect`, for a melody with `ticksPerQuarter`.
    init(rect: Rect, view: PianoRollView, ticksPerQuarter: Int) {
        self.rect = rect
        grid = Rect(x: rect.x + Self.keyboardWidth, y: rect.y + 2, width: rect.width - Self.keyboardWidth, height: rect.height - 2)
        columnTicks = view.columnTicks(ticksPerQuarter: ticksPerQuarter)
        leftTick = view.leftTick
        topPitch = max(min(127, grid.height - 1), min(127, view.topPitch))
    }

    /// The first tick of a grid column (absolute screen x).
    func tick(atColumn x: Int) -> Int { leftTick + (x - grid.x) * columnTicks }

    /// The column containing `tick`, or nil when off screen.
    func column(ofTick tick: Int) -> Int? {
        guard tick >= leftTick else { return nil }
        let c = (tick - leftTick) / columnTicks
        return c < grid.width ? grid.x + c : nil
    }

    /// The columns a span of ticks covers on screen, clipped to the grid (`start` may lie left of it).
    func columns(from start: Int, to end: Int) -> ClosedRange<Int> {
        let first = max(start, leftTick)
        let c0 = column(ofTick: first) ?? grid.x
        let c1 = column(ofTick: max(first, end - 1)) ?? grid.maxX - 1
        return c0...max(c0, c1)
    }

    /// The pitch of a grid row (absolute screen y), or nil when outside 0…127.
    func pitch(atRow y: Int) -> Int? {
        let p = topPitch - (y - grid.y)
        return (0...127).contains(p) ? p : nil
    }

    /// The row of `pitch`, or nil when off screen.
    func row(ofPitch pitch: Int) -> Int? {
        let r = topPitch - pitch
        return (0..<grid.height).contains(r) ? grid.y + r : nil
    }
}
