import Charts
import Workstation

/// The session's chart as vertical lanes scrolling up past a receptor line in step with the playhead:
/// notes coloured by snap, holds and rolls drawn to their ends, mines, beat and measure lines, the
/// selection shaded, the song's waveform beside the lanes (for lining the offset up by eye), and a header
/// with the difficulty, the tempo, the notes per second around the playhead and the edit snap.
public enum ChartPane {
    /// Text rows per beat for a snap: enough that every position of the snap has its own row (a 12th needs
    /// 3 a beat, shown as 6), at least 4, at most 16 (finer snaps share rows).
    static func rowsPerBeat(_ snap: Snap) -> Int {
        switch snap.perMeasure {
        case 12, 24: 6
        case 32: 8
        case 48: 12
        case 64, 192: 16
        default: 4
        }
    }
    /// Columns per lane.
    static let laneWidth = 3

    /// StepMania's note colours by snap (notes per measure): 4th red, 8th blue, 12th purple, 16th yellow,
    /// 24th pink, 32nd orange, 48th light blue, 64th green, finer grey.
    static func colour(snap: Int?) -> Color {
        switch snap {
        case 4: .rgb(230, 40, 40)
        case 8: .rgb(50, 90, 240)
        case 12: .rgb(160, 60, 220)
        case 16: .rgb(240, 220, 40)
        case 24: .rgb(240, 110, 200)
        case 32: .rgb(250, 150, 30)
        case 48: .rgb(80, 200, 240)
        case 64: .rgb(60, 200, 80)
        default: .rgb(150, 150, 150)
        }
    }

    /// The arrow drawn for a lane (the four dance arrows, else the lane's number).
    static func arrow(lane: Int, of lanes: Int, unicode: Bool) -> String {
        guard lanes == 4 else { return String(lane + 1) }
        return unicode ? ["←", "↓", "↑", "→"][lane] : ["<", "v", "^", ">"][lane]
    }

    /// Steps within a second either side of `seconds`, as notes per second.
    static func notesPerSecond(_ chart: Chart, timing: Timing, at seconds: Double) -> Double {
        let steps = chart.notes.filter { $0.isStep && abs(timing.seconds(at: $0.beat) - seconds) <= 1 }
        return Double(steps.count) / 2
    }

    /// Draws the pane's inside.
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let theme = context.theme, glyphs = context.glyphs
        buffer.fill(rect, with: Cell(" ", context.text))
        let book = context.state.session.chartBook
        guard let simfile = book.simfile, let chart = book.chart else {
            let lines = rect.width >= 30 ? ["no chart — :chart open FILE.sm"] : ["no chart", ":chart open FILE.sm"]
            for (i, line) in lines.enumerated() {
                putCentered(line, row: rect.y + (rect.height - lines.count) / 2 + i, in: rect, style: context.muted, buffer: &buffer)
            }
            return
        }
        let timing = simfile.timing(of: chart)
        let editor = context.state.chartEditor
        let rowsPerBeat = Self.rowsPerBeat(editor.snap)
        let now = context.state.playhead
        let cursor = context.state.chartCursor
        // Paused, the receptor is the edit cursor (on the snap); playing, it is the music.
        let beatNow = context.state.transport.isPlaying ? timing.beat(atSeconds: now) : cursor.value
        // Header: difficulty, tempo, density.
        let dot = glyphs.unicode ? " · " : " | "
        // A tab per chart: the current one in full, the others by their first two letters ([ and ] switch).
        let tabs = simfile.charts.count < 2 ? "\(chart.difficulty.rawValue) \(chart.meter)"
            : simfile.charts.enumerated().map { i, c in
                i == book.currentChart ? "[\(c.difficulty.rawValue) \(c.meter)]" : String(c.difficulty.rawValue.prefix(2))
            }.joined(separator: " ")
        let header = tabs + dot
            + formatBPM(timing.bpm(at: Beat(roundingToTick: max(0, beatNow)) ?? .zero)) + " BPM" + dot
            + formatNPS(notesPerSecond(chart, timing: timing, at: now)) + " NPS" + dot + "\(editor.snap)"
            + (editor.speed == 1 ? "" : dot + "\(Int((editor.speed * 100).rounded())) %")
        buffer.put(header, x: rect.x, y: rect.y, style: context.accent, maxX: rect.maxX)
        guard rect.height >= 4 else { return }
        let lanes = chart.laneCount
        let width = lanes * laneWidth
        let left = rect.x + max(0, (rect.width - width) / 2)   // measure numbers go left of the lanes when there is room
        let waveX = left + width + 1, waveWidth = min(8, rect.maxX - waveX)
        // Playing, the receptor sits near the top as in the game; paused, a third of the way down, so the notes
        // before the cursor are in view while editing.
        let editing = !context.state.transport.isPlaying
        let receptor = rect.y + 2 + (editing ? max(0, (rect.height - 3) / 3) : 0)
        let firstRow = editing ? rect.y + 1 : receptor
        let lastRow = rect.maxY - 1
        // The beat shown on a row: the receptor is now, rows below are later.
        func beat(atRow y: Int) -> Double { beatNow + Double(y - receptor) / Double(rowsPerBeat) }
        func row(of beat: Beat) -> Int { receptor + Int(((beat.value - beatNow) * Double(rowsPerBeat)).rounded()) }
        // The selection (or the one being marked) behind everything.
        let range: ClosedRange<Beat>? = editor.anchor.map { min($0, cursor)...max($0, cursor) } ?? editor.selection
        if let range {
            let top = max(firstRow, row(of: range.lowerBound)), bottom = min(lastRow, row(of: range.upperBound))
            if top <= bottom {
                for y in top...bottom {
                    buffer.fill(Rect(x: left, y: y, width: min(width, rect.maxX - left), height: 1),
                                with: Cell(" ", Style(fg: theme.text, bg: theme.selection)))
                }
            }
        }
        // The song's waveform beside the lanes: each row's peak level, so an attack can be lined up with a note.
        if waveWidth >= 3, let track = context.state.session.currentTrack,
           let peaks = context.state.analyses[track.id]?.peaks {
            let rate = track.audio.sampleRate
            for y in firstRow...lastRow {
                let t0 = timing.seconds(atBeat: beat(atRow: y) - 0.5 / Double(rowsPerBeat))
                let t1 = timing.seconds(atBeat: beat(atRow: y) + 0.5 / Double(rowsPerBeat))
                guard t1 > 0, let r = peaks.range(channel: 0, from: Int(max(0, t0) * rate), to: Int(t1 * rate)) else { continue }
                let level = Double(max(abs(r.min), abs(r.max)))
                let cells = Int((level * Double(waveWidth)).rounded(.up))
                for i in 0..<min(cells, waveWidth) {
                    buffer.put(glyphs.unicode ? "▪" : "=", x: waveX + i, y: y, style: Style(fg: theme.waveform, bg: theme.background))
                }
            }
        }
        // Beat and measure lines.
        let line = Style(fg: theme.muted, bg: theme.background)
        for y in firstRow...lastRow where y != receptor {
            let b0 = beat(atRow: y) - 0.5 / Double(rowsPerBeat), b1 = b0 + 1 / Double(rowsPerBeat)
            let whole = b1.rounded(.down)
            guard whole >= b0, whole >= 0 else { continue }
            let measure = Int(whole) % 4 == 0
            let inSelection = range.map { $0.contains(Beat(Int(whole))) } ?? false
            let bg = inSelection ? theme.selection : theme.background
            for x in left..<min(left + width, rect.maxX) {
                buffer.put(measure ? String(glyphs.horizontal) : (glyphs.unicode ? "┄" : "."), x: x, y: y,
                           style: measure ? Style(fg: theme.ruler, bg: bg) : Style(fg: line.fg, bg: bg))
            }
            if measure { buffer.put(String(Int(whole) / 4), x: rect.x, y: y, style: Style(fg: theme.ruler, bg: theme.background), maxX: left - 1) }
        }
        // Receptors, and the cursor's marker when there is room left of the lanes.
        if left - 1 >= rect.x {
            buffer.put(glyphs.unicode ? "▶" : ">", x: left - 1, y: receptor, style: Style(fg: theme.playhead, bg: theme.background, attributes: .bold))
        }
        for lane in 0..<lanes where left + lane * laneWidth + 1 < rect.maxX {
            buffer.put(arrow(lane: lane, of: lanes, unicode: glyphs.unicode), x: left + lane * laneWidth + 1, y: receptor,
                       style: Style(fg: theme.muted, bg: theme.background))   // grey, so a note on the line shows in its colour
        }
        // The lint's findings, listed right of the waveform when there is room (`n` jumps to the next).
        let listX = waveX + max(waveWidth, 0) + 2
        if rect.maxX - listX >= 10 {
            let duration = context.state.session.tracks.isEmpty ? nil : context.state.session.duration
            let findings = ChartLint(chart: chart, timing: timing, audioDuration: duration).findings()
            let title = findings.isEmpty ? "lint ok" : "lint \(findings.count)"
            buffer.put(title, x: listX, y: rect.y + 1, style: findings.isEmpty ? context.muted : Style(fg: theme.error, bg: theme.background), maxX: rect.maxX)
            for (i, finding) in findings.prefix(max(0, rect.maxY - rect.y - 2)).enumerated() {
                let at = finding.beat == cursor ? (glyphs.unicode ? "▶" : ">") : " "
                buffer.put("\(at)\(finding.beat) \(finding.rule.rawValue)", x: listX, y: rect.y + 2 + i, style: context.text, maxX: rect.maxX)
            }
        }
        // Notes, holds first so heads draw over bodies.
        for note in chart.notes {
            let x = left + note.lane * laneWidth + 1
            guard x < rect.maxX else { continue }
            let head = row(of: note.beat)
            if let end = note.end {
                let tail = row(of: end)
                let body: String
                if case .roll = note.kind { body = glyphs.unicode ? "┋" : ":" } else { body = glyphs.unicode ? "┃" : "|" }
                let from = max(head + 1, firstRow), to = min(tail, lastRow)
                for y in stride(from: from, through: to, by: 1) {
                    buffer.put(body, x: x, y: y, style: Style(fg: colour(snap: ChartLint.snap(of: note.beat)), bg: theme.background))
                }
            }
            guard head >= firstRow && head <= lastRow else { continue }   // passed notes are gone
            let glyph: String
            let style: Style
            switch note.kind {
            case .mine:
                glyph = glyphs.unicode ? "✱" : "*"
                style = Style(fg: theme.error, bg: theme.background, attributes: .bold)
            case .fake:
                glyph = arrow(lane: note.lane, of: lanes, unicode: glyphs.unicode)
                style = Style(fg: theme.muted, bg: theme.background)
            default:
                glyph = arrow(lane: note.lane, of: lanes, unicode: glyphs.unicode)
                style = Style(fg: colour(snap: ChartLint.snap(of: note.beat)), bg: theme.background, attributes: .bold)
            }
            var shaded = style
            if range?.contains(note.beat) == true { shaded.bg = theme.selection }
            buffer.put(glyph, x: x, y: head, style: shaded)
        }
    }

    /// The tempo to two decimals, without them when it is whole (a file's 120.000 reads back as 119.99999…).
    static func formatBPM(_ bpm: Double) -> String {
        let r = (bpm * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func formatNPS(_ nps: Double) -> String { String((nps * 10).rounded() / 10) }
}

extension ChartPane: Pane {
    public static let kind = PaneKind.chart
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }
}
