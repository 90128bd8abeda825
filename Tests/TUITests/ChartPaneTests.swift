import Charts
import Testing
@testable import TUI
@testable import Workstation

@Suite struct ChartPaneTests {
    /// 120 BPM from 0 s: a quarter on ←, an eighth on ↓, a hold on ↑ from beat 1 to 2, a sixteenth on →,
    /// a triplet on ←, a mine on → at beat 2.
    func state(at seconds: Double) -> AppState {
        var s = AppState()
        let notes = [
            ChartNote(beat: .zero, lane: 0), ChartNote(beat: Beat(1, 2), lane: 1),
            ChartNote(beat: Beat(1), lane: 2, kind: .hold(end: Beat(2))), ChartNote(beat: Beat(5, 4), lane: 3),
            ChartNote(beat: Beat(4, 3), lane: 0), ChartNote(beat: Beat(2), lane: 3, kind: .mine),
        ]
        s.session.chartBook.simfile = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .hard, meter: 9, notes: notes)])
        s.transport = TransportStatus(isPlaying: true, position: seconds, levels: [])
        return s
    }

    func draw(_ s: AppState, glyphs: Glyphs = .unicode) -> CellBuffer {
        renderInside(24, 14, glyphs: glyphs) { r, b in ChartPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: glyphs)) }
    }

    /// The column of lane `lane`'s arrows in a 24-wide pane (4 lanes × 3 columns, centred).
    func column(_ lane: Int) -> Int { (24 - 12) / 2 + lane * 3 + 1 }

    @Test func notesSitBelowTheReceptorsBySnapColour() {
        let b = draw(state(at: 0))
        #expect(b.row(0).hasPrefix("Hard 9 · 120 BPM · "), "\(b.row(0))")
        // Steps within a second of 0 s: beats 0, ½, 1, 1¼, 1⅓, 2 less the mine → 5 in 2 s.
        let wide = renderInside(40, 4) { r, b in ChartPane.draw(in: r, buffer: &b, context: DrawContext(state: state(at: 0), glyphs: .unicode)) }
        #expect(wide.row(0).hasPrefix("Hard 9 · 120 BPM · 2.5 NPS"), "\(wide.row(0))")
        // Receptor row 2; four rows a beat below it.
        #expect(b[column(0), 2].glyph == "←")                                        // beat 0, on the receptor
        #expect(b[column(0), 2].style.fg == ChartPane.colour(snap: 4))
        #expect(b[column(1), 4].glyph == "↓" && b[column(1), 4].style.fg == ChartPane.colour(snap: 8))   // beat ½
        #expect(b[column(2), 6].glyph == "↑" && b[column(2), 6].style.fg == ChartPane.colour(snap: 4))   // beat 1
        for y in 7...10 { #expect(b[column(2), y].glyph == "┃", "hold body at row \(y)") }
        #expect(b[column(3), 7].glyph == "→" && b[column(3), 7].style.fg == ChartPane.colour(snap: 16))  // beat 1¼
        #expect(b[column(0), 7].glyph == "←" && b[column(0), 7].style.fg == ChartPane.colour(snap: 12))  // beat 1⅓
        #expect(b[column(3), 10].glyph == "✱")                                       // the mine at beat 2
        // A beat line on beat 1 (row 6) between the lanes; a measure line with its number at beat 4 (row 14 is off).
        #expect(b[column(0) - 1, 6].glyph == "┄")
    }

    @Test func theLanesScrollWithThePlayhead() {
        let b = draw(state(at: 0.5))          // beat 1 at 120 BPM
        #expect(b[column(2), 2].glyph == "↑")   // the hold's head reached the receptor
        #expect(b[column(0), 2].glyph == "←" && b[column(0), 2].style.fg != ChartPane.colour(snap: 4))   // only the receptor
        #expect(b[column(3), 6].glyph == "✱")   // the mine is a beat away
        for y in 3...6 { #expect(b[column(2), y].glyph == "┃") }
        // The eighth (beat ½) has passed: lane ↓ shows only its receptor.
        #expect((0..<14).filter { b[column(1), $0].glyph == "↓" } == [2])
        let later = draw(state(at: 1.25))     // beat 2.5: everything has passed
        #expect(!later.text.contains("✱") && !later.text.contains("┃"))
    }

    @Test func measureLinesAreNumbered() {
        let b = draw(state(at: 1.5))          // beat 3: beat 4 (measure 1) is four rows down
        #expect(b.row(6).hasPrefix("1"), "\(b.row(6))")
        #expect(b[column(1) + 1, 6].glyph == "─")
    }

    @Test func emptyAndASCII() {
        let empty = renderInside(30, 5) { r, b in ChartPane.draw(in: r, buffer: &b, context: DrawContext(state: AppState(), glyphs: .unicode)) }
        #expect(empty.text.contains("no chart — :chart open FILE.sm"))
        let narrow = renderInside(24, 5) { r, b in ChartPane.draw(in: r, buffer: &b, context: DrawContext(state: AppState(), glyphs: .unicode)) }
        #expect(narrow.row(1).contains("no chart") && narrow.row(2).contains(":chart open FILE.sm"), "\(narrow.text)")
        let ascii = draw(state(at: 0), glyphs: .ascii)
        #expect(ascii.cells.allSatisfy { $0.glyph.isASCII }, "\(ascii.text)")
        #expect(ascii[column(0), 2].glyph == "<" && ascii[column(3), 10].glyph == "*")
    }
}

@Suite struct ChartPaneSizeTests {
    /// Every size from 1×1 up draws without leaving the rectangle (cells outside stay blank).
    @Test func tinyPanesStayInside() {
        var s = AppState()
        s.session.chartBook.simfile = Simfile(timing: Timing(bpm: 150), charts: [Chart(difficulty: .easy, meter: 2, notes: [
            ChartNote(beat: .zero, lane: 0, kind: .roll(end: Beat(3))), ChartNote(beat: Beat(1), lane: 3)])])
        for width in 1...16 {
            for height in 1...6 {
                var b = CellBuffer(width: width + 2, height: height + 2)
                ChartPane.draw(in: Rect(x: 1, y: 1, width: width, height: height), buffer: &b,
                               context: DrawContext(state: s, glyphs: .unicode))
                var stray = 0
                for x in 0..<(width + 2) {
                    for y in 0..<(height + 2) where x == 0 || y == 0 || x > width || y > height {
                        if b[x, y].glyph != " " { stray += 1 }
                    }
                }
                #expect(stray == 0, "\(width)×\(height):\n\(b.text)")
            }
        }
    }
}
