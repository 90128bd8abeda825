import Foundation
import Synth
import Testing
@testable import TUI
@testable import Workstation

/// The morph grid pane: corner names at their corners, the cells shaded by the preview, the marker on the point's
/// cell, the mix in per cent, what the model is doing; a click puts the point on a cell.
@Suite struct MorphGridPaneTests {
    func state(preview: Bool = true) -> AppState {
        var s = AppState()
        s.session.morphGrid.x = 0.25
        s.session.morphGrid.y = 0.75
        var work = MorphGridWork()
        if preview {
            work.previewCorners = s.session.morphGrid.corners.joined(separator: ",")
            work.preview = (0..<81).map { Double(500 + 10 * ($0 % 9)) }   // brighter to the right
        }
        work.ready = s.session.morphGrid.point.soundKey
        work.readyMilliseconds = 640
        s.morphWork = work
        return s
    }

    func draw(_ s: AppState, width: Int = 64, height: Int = 11) -> CellBuffer {
        renderInside(width, height) { r, b in MorphGridPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode)) }
    }

    @Test func cornersCellsMarkerAndMix() {
        let s = state()
        let b = draw(s)
        #expect(b.row(0).hasPrefix(" 3 trumpet") && b.row(0).contains("warm-pad 4"), "\(b.row(0))")
        #expect(b.row(10).hasPrefix(" 1 flute") && b.row(10).contains("cello 2"), "\(b.row(10))")
        // (0.25, 0.75): column 2, row 2 from the top; each cell is 3 wide from x = 1, the marker in its middle.
        #expect(Array(b.row(3))[1 + 2 * 3 + 1] == "◆", "\(b.row(3))")
        // Shaded left (dull) to right (bright): the first and last cells of a row differ.
        #expect(b[1, 1].style.bg != b[1 + 8 * 3, 1].style.bg)
        #expect(b[1, 1].style.bg == s.theme.colormapColor(0) && b[1 + 8 * 3, 1].style.bg == s.theme.colormapColor(1))
        let side = (0..<11).map { String(b.row($0).dropFirst(30)) }
        #expect(side[0].hasPrefix("point 0.25, 0.75"))
        let weights = CornerBlend.weights(x: 0.25, y: 0.75)
        #expect(side.contains { $0.hasPrefix(String(format: "%3.0f%% trumpet", weights[2] * 100)) }, "\(side)")
        #expect(side.contains { $0.hasPrefix("61 notes made in 640 ms") })
        #expect(side.contains { $0.hasPrefix("shade: brightness 500–580 Hz") })
    }

    /// At a 120-column terminal's width the side panel has 28 columns: its lines take their short wording
    /// instead of being cut at the border.
    @Test func aNarrowPanelShortensItsLinesInsteadOfCuttingThem() {
        var s = state()
        s.morphWork.preview = (0..<81).map { 331 + 151.5 * Double($0 % 9) }      // 331–1543 Hz: 29 columns long
        let b = draw(s, width: 58)
        let side = (0..<11).map { String(b.row($0).dropFirst(30)).trimmingCharacters(in: .whitespaces) }
        #expect(side.contains("shade 331–1543 Hz"), "\(side)")
        #expect(side.contains("keys a… from C4, z/x"), "\(side)")
        let wide = (0..<11).map { String(draw(state()).row($0).dropFirst(30)).trimmingCharacters(in: .whitespaces) }
        #expect(wide.contains("keys a…; from C4 (z/x octave)"), "\(wide)")
    }

    @Test func beforeThePreviewCellsAreDotsAndProblemsShow() {
        var s = state(preview: false)
        s.morphWork.ready = nil
        s.morphWork.problem = "kazoo: no such instrument in the timbre model"
        let b = draw(s)
        #expect(b.row(1).hasPrefix("  ·  ·  ·"), "\(b.row(1))")
        #expect((0..<11).contains { b.row($0).contains("kazoo: no such instrument") })
    }

    @Test func aClickPutsThePointOnTheCell() {
        let s = state()
        let inside = Rect(x: 0, y: 0, width: 64, height: 11)
        let actions = MorphGridPane.mouse(MouseEvent(.press, x: 1 + 6 * 3 + 1, y: 1 + 4), inside: inside,
                                          context: MouseContext(state: s, memory: PaneMemory()))
        guard case .feature(let a)? = actions.first, case .command(.at(let x, let y))? = a as? MorphGridAction else {
            Issue.record("no point from \(actions)"); return
        }
        #expect(x == 0.75 && y == 0.5)
        #expect(MorphGridPane.mouse(MouseEvent(.press, x: 40, y: 5), inside: inside, context: MouseContext(state: s, memory: PaneMemory())).isEmpty)
    }
}
