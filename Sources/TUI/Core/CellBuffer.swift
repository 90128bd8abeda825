/// A grid of cells that panes draw into; the `Screen` writes only the cells that differ from the last frame.
public struct CellBuffer: Equatable, Sendable {
    /// Size in cells.
    public private(set) var width: Int, height: Int
    /// Cells row by row.
    public private(set) var cells: [Cell]

    /// A buffer filled with `fill`.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; reads outside give a blank, writes outside are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get { x >= 0 && x < width && y >= 0 && y < height ? cells[y * width + x] : .blank }
        set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
    }

    /// Fills a rectangle (clipped to the buffer) with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX), y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { cells[y * width + x] = cell } }
    }

    /// Sets the style of every cell of a rectangle, keeping the glyphs.
    public mutating func setStyle(_ rect: Rect, _ transform: (inout Style) -> Void) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX), y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { transform(&cells[y * width + x].style) } }
    }

    /// Writes text from (x, y) in one style, stopping at `maxX` (default: the buffer's edge).
    /// Wide graphemes take two cells. Returns the column after the last cell written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxX: Int? = nil) -> Int {
        let limit = min(maxX ?? width, width)
        var col = x
        guard y >= 0 && y < height else { return col }
        for ch in text {
            let w = cellWidth(of: ch)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                cells[y * width + col] = Cell(ch, style)
                if w == 2 { cells[y * width + col + 1] = .continuation }
            }
            col += w
        }
        return col
    }

    /// Draws a box border around `rect` with `glyphs`' line characters.
    public mutating func box(_ rect: Rect, style: Style, glyphs: Glyphs) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in rect.x + 1..<rect.maxX - 1 {
            self[x, rect.y] = Cell(glyphs.horizontal, style); self[x, rect.maxY - 1] = Cell(glyphs.horizontal, style)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            self[rect.x, y] = Cell(glyphs.vertical, style); self[rect.maxX - 1, y] = Cell(glyphs.vertical, style)
        }
        self[rect.x, rect.y] = Cell(glyphs.topLeft, style); self[rect.maxX - 1, rect.y] = Cell(glyphs.topRight, style)
        self[rect.x, rect.maxY - 1] = Cell(glyphs.bottomLeft, style)
        self[rect.maxX - 1, rect.maxY - 1] = Cell(glyphs.bottomRight, style)
    }

    /// The glyphs of row `y` as a string (continuations dropped, trailing blanks kept), for tests and captures.
    public func row(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s.append(self[x, y].glyph) }
        return s
    }

    /// Every row, right-trimmed, joined by newlines: what a person would see, for tests and docs.
    public var text: String {
        (0..<height).map { y in
            var r = row(y)
            while r.last == " " { r.removeLast() }
            return r
        }.joined(separator: "\n")
    }
}
