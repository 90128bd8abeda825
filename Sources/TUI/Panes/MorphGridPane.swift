import Foundation
import Music
import Synth
import Workstation

/// The instrument morph grid: a 9 × 9 preview of the space between four corner instruments, each cell shaded
/// by the brightness (spectral centroid) of its note at C4, the point as a marker, corner names at the corners,
/// and beside it the point's mix of the corners, whether its notes are made, the QWERTY octave and the saved
/// points. The layout of cells is shared with the mouse (`Grid`).
public enum MorphGridPane {
    /// Cells a side (NSynth Super's 9 × 9).
    static let cells = 9
    /// Columns a cell takes (terminal cells are about twice as tall as wide: three make it roughly square).
    static let cellWidth = 3

    /// Where the grid's cells are inside the pane.
    public struct Grid: Equatable {
        public var x: Int, y: Int
        /// The cell column and row (row 0 at the top: y = 1) of a screen position, or nil outside.
        public func cell(atX sx: Int, y sy: Int) -> (column: Int, row: Int)? {
            let c = (sx - x) / cellWidth, r = sy - y
            guard sx >= x, (0..<cells).contains(c), (0..<cells).contains(r) else { return nil }
            return (c, r)
        }
        /// The point (0…1, y up) at the centre of a cell.
        public static func point(column: Int, row: Int) -> (x: Double, y: Double) {
            (Double(column) / Double(cells - 1), 1 - Double(row) / Double(cells - 1))
        }
    }

    /// The grid inside `rect`: one row of corner names above and below it.
    public static func grid(in rect: Rect) -> Grid? {
        guard rect.height >= cells + 2, rect.width >= cells * cellWidth + 2 else { return nil }
        return Grid(x: rect.x + 1, y: rect.y + 1)
    }

    /// A corner's short name: a family or program word as given, an instrument's program name and soundfont, a
    /// WAV file's name.
    static func short(_ corner: String, width: Int) -> String {
        var s = corner
        if MorphVoices.isRecording(corner) { s = (corner as NSString).lastPathComponent }
        else if s.count > width, let dot = s.firstIndex(of: ".") { s = String(s[..<dot]) }   // trumpet.fluidr3 → trumpet
        return s.count > width ? String(s.prefix(max(1, width - 1))) + "…" : s
    }

    /// Draws the pane's inside.
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, theme = context.theme, g = context.glyphs
        let grid = state.session.morphGrid, work = state.morphWork
        buffer.fill(rect, with: Cell(" ", context.text))
        guard let layout = self.grid(in: rect) else {
            // Too small for the cells: the point and the corners in words (layout 6 shows the grid).
            let lines = ["point \(String(format: "%.2f", grid.x)), \(String(format: "%.2f", grid.y))"]
                + grid.corners.enumerated().map { "\($0.offset + 1) \(short($0.element, width: 20))" }
                + ["the grid: layout 6"]
            for (i, line) in lines.enumerated() where i < rect.height {
                buffer.put(line, x: rect.x + 1, y: rect.y + i, style: i == 0 ? context.text : context.muted, maxX: rect.maxX)
            }
            return
        }
        let gridWidth = cells * cellWidth
        let half = gridWidth / 2
        // Corner names: 3 top-left, 4 top-right above; 1 bottom-left, 2 bottom-right below.
        let nameStyle = Style(fg: theme.accent, bg: theme.background, attributes: .bold)
        func corners(_ left: Int, _ right: Int, row: Int) {
            let l = "\(left + 1) " + short(grid.corners[left], width: half - 2)
            let r = short(grid.corners[right], width: half - 2) + " \(right + 1)"
            buffer.put(l, x: layout.x, y: row, style: nameStyle, maxX: layout.x + half)
            buffer.put(r, x: layout.x + gridWidth - r.count, y: row, style: nameStyle, maxX: layout.x + gridWidth)
        }
        corners(2, 3, row: rect.y)
        corners(0, 1, row: layout.y + cells)

        // The cells, shaded by brightness (min–max over the grid); plain dots until the preview is made.
        let preview = work.previewCorners == grid.corners.joined(separator: ",") && work.preview.count == cells * cells
            ? work.preview : nil
        let low = preview?.min() ?? 0, high = preview?.max() ?? 1
        let markColumn = Int((grid.x * Double(cells - 1)).rounded()), markRow = Int(((1 - grid.y) * Double(cells - 1)).rounded())
        for row in 0..<cells {
            for column in 0..<cells {
                let sx = layout.x + column * cellWidth, sy = layout.y + row
                let bg: Color
                if let preview {
                    let v = preview[(cells - 1 - row) * cells + column]   // preview rows run from y = 0 (bottom)
                    bg = theme.colormapColor(Float(high > low ? (v - low) / (high - low) : 0.5))
                } else {
                    bg = theme.background
                }
                let marked = row == markRow && column == markColumn
                let mark: Character = marked ? (g.unicode ? "◆" : "#") : (preview == nil ? (g.unicode ? "·" : ".") : " ")
                let fg = marked ? (preview == nil ? theme.accent : contrast(bg, theme: theme)) : theme.muted
                for i in 0..<cellWidth {
                    buffer[sx + i, sy] = Cell(i == 1 ? mark : " ", Style(fg: fg, bg: bg, attributes: marked ? .bold : []))
                }
            }
        }

        // The side panel.
        let px = layout.x + gridWidth + 2
        guard rect.maxX - px >= 14 else { return }
        var y = rect.y
        func line(_ text: String, _ style: Style) {
            guard y < rect.maxY else { return }
            buffer.put(text, x: px, y: y, style: style, maxX: rect.maxX)
            y += 1
        }
        line("point \(String(format: "%.2f", grid.x)), \(String(format: "%.2f", grid.y))", context.text)
        let weights = CornerBlend.weights(x: grid.x, y: grid.y)
        for i in 0..<4 where weights[i] > 0.005 {
            line(String(format: "%3.0f%% ", weights[i] * 100) + short(grid.corners[i], width: max(4, rect.maxX - px - 5)), context.text)
        }
        if work.isGenerating {
            line("making 61 notes…", Style(fg: theme.accent, bg: theme.background))
        } else if let problem = work.problem {
            line(problem, Style(fg: theme.error, bg: theme.background))
        } else if work.ready == grid.point.soundKey, let ms = work.readyMilliseconds {
            line("61 notes made in \(Int(ms.rounded())) ms", context.muted)
        } else {
            line("not made yet: play or move", context.muted)
        }
        // The longer wording where it fits, else a shorter one, rather than a line cut at the border.
        let room = rect.maxX - px
        func fitting(_ long: String, _ short: String) -> String { long.count <= room ? long : short }
        if preview != nil {
            line(fitting("shade: brightness \(Int(low))–\(Int(high)) Hz", "shade \(Int(low))–\(Int(high)) Hz"), context.muted)
        }
        let base = Note.name(ofPitch: state.view.morphGrid.baseKey)
        line(fitting("keys a…; from \(base) (z/x octave)", "keys a… from \(base), z/x"), context.muted)
        if !grid.saved.isEmpty { line("saved: " + grid.saved.keys.sorted().joined(separator: ", "), context.muted) }
        if y < rect.maxY - 1 { y = rect.maxY - 1 }
        line(rect.maxX - px >= 44 ? "arrows move · :morph corner N NAME · :morph save NAME" : "arrows move · :morph …", context.muted)
    }

    /// Black or white, whichever stands out on `bg`.
    static func contrast(_ bg: Color, theme: Theme) -> Color {
        guard let (r, gg, b) = bg.rgbComponents else { return theme.text }
        return 0.299 * Double(r) + 0.587 * Double(gg) + 0.114 * Double(b) > 140 ? .rgb(0, 0, 0) : .rgb(255, 255, 255)
    }

}

extension MorphGridPane: Pane {
    public static let kind = PaneKind.morphGrid
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }

    /// A press or drag on a cell puts the point at that cell's centre.
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] {
        guard event.kind == .press || event.kind == .drag, let layout = grid(in: inside),
              let cell = layout.cell(atX: event.x, y: event.y) else { return [] }
        let p = Grid.point(column: cell.column, row: cell.row)
        return [.morphGrid(.command(.at(p.x, p.y)))]
    }

    public static let mouseHelp = [(gesture: "click/drag", does: "in the morph grid: put the point on that cell")]
}
