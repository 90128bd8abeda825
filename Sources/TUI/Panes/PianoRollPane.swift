import Music
import Workstation

/// The piano roll: a keyboard with note names at the left, a pitch × time grid with bar and beat lines, the
/// melody's notes (other tracks dimmed, selected notes highlighted), the cursor, the loop region and the
/// playhead, under a header with slot, grid, tempo, time signature and cursor position.
public enum PianoRollPane {
    /// Draws the pane's inside.
    @discardableResult
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) -> PianoRollGeometry {
        let state = context.state, theme = context.theme, g = context.glyphs
        let roll = state.session.pianoRoll, view = state.view.pianoRoll
        let melody = roll.melody, tpq = melody.ticksPerQuarter
        buffer.fill(rect, with: Cell(" ", context.text))
        let geo = PianoRollGeometry(rect: rect, view: view, ticksPerQuarter: tpq)
        drawHeader(row: rect.y, rect: rect, roll: roll, view: view, buffer: &buffer, context: context)
        guard geo.grid.width > 0, geo.grid.height > 0 else { return geo }

        // Column kinds: bar line, beat line or plain, from the time signature in force.
        let bars = melody.barStarts(before: geo.tick(atColumn: geo.grid.maxX) + 1)
        let rulerStyle = Style(fg: theme.ruler, bg: theme.background)
        let lineStyle = Style(fg: theme.border, bg: theme.background), beatStyle = Style(fg: theme.muted, bg: theme.background)
        let barGlyph: Character = g.unicode ? "│" : "|", beatGlyph: Character = g.unicode ? "┊" : ":"
        var columnGlyph = [Cell](repeating: Cell(" ", context.text), count: geo.grid.width)
        var barIndex = 0
        for c in 0..<geo.grid.width {
            let t0 = geo.tick(atColumn: geo.grid.x + c), t1 = t0 + geo.columnTicks
            while barIndex + 1 < bars.count && bars[barIndex + 1] <= t0 { barIndex += 1 }
            let bar = bars.isEmpty ? 0 : bars[barIndex]
            let nextBar = barIndex + 1 < bars.count ? bars[barIndex + 1] : Int.max
            let beat = melody.timeSignature(atTick: bar).ticksPerBeat(ticksPerQuarter: tpq)
            let x = geo.grid.x + c
            let rulerY = rect.y + 1
            if (t0 <= bar && bar < t1) || (t0 <= nextBar && nextBar < t1) {
                columnGlyph[c] = Cell(barGlyph, lineStyle)
                let number = String(bar >= t0 ? barIndex + 1 : barIndex + 2)
                buffer.put(number, x: x, y: rulerY, style: rulerStyle, maxX: geo.grid.maxX)
            } else if beat > geo.columnTicks, (t0 - bar) % beat == 0 || (t0 - bar) / beat != (t1 - 1 - bar) / beat {
                columnGlyph[c] = Cell(beatGlyph, beatStyle)
            }
            if let loop = roll.loop, t1 > loop.lowerBound && t0 < loop.upperBound {
                buffer[x, rulerY].style.bg = theme.selection
            }
        }
        buffer.put(" ", x: rect.x, y: rect.y + 1, style: context.text)

        // Keyboard and empty grid rows.
        for y in geo.grid.y..<geo.grid.maxY {
            guard let pitch = geo.pitch(atRow: y) else { continue }
            let black = [1, 3, 6, 8, 10].contains(pitch % 12)
            let isCursorRow = pitch == view.cursorPitch
            let name = Note.name(ofPitch: pitch)
            let showName = isCursorRow || pitch % 12 == 0
            buffer.put(showName ? name : "", x: rect.x, y: y, style: isCursorRow ? context.accent : context.muted, maxX: rect.x + 4)
            buffer[rect.x + 4, y] = black ? Cell(g.unicode ? "▌" : "-", Style(fg: theme.muted, bg: theme.background))
                                          : Cell(g.unicode ? "█" : "=", Style(fg: theme.text, bg: theme.background))
            for c in 0..<geo.grid.width { buffer[geo.grid.x + c, y] = columnGlyph[c] }
        }

        drawGhostNotes(geo: geo, buffer: &buffer, context: context)

        // Notes: other tracks dimmed first, then the edited track on top.
        let visibleEnd = geo.tick(atColumn: geo.grid.maxX)
        let order = melody.tracks.indices.filter { $0 != roll.currentTrack } + (melody.tracks.indices.contains(roll.currentTrack) ? [roll.currentTrack] : [])
        for t in order {
            let edited = t == roll.currentTrack
            for (i, note) in melody.tracks[t].notes.enumerated() where note.endTick > geo.leftTick && note.startTick < visibleEnd {
                guard let y = geo.row(ofPitch: note.pitch) else { continue }
                let selected = edited && roll.selection.contains(i)
                let style = Style(fg: !edited ? theme.muted : selected ? theme.accent : theme.waveform, bg: theme.background,
                                  attributes: selected ? .bold : [])
                let span = geo.columns(from: note.startTick, to: note.endTick)
                for x in span {
                    let start = x == span.lowerBound && note.startTick >= geo.leftTick
                    let glyph: Character = !edited ? (g.unicode ? "░" : ".") : start ? (g.unicode ? "▐" : "[") : (g.unicode ? "█" : "=")
                    buffer[x, y] = Cell(glyph, style)
                }
            }
        }

        // An empty melody says how to start.
        if melody.tracks.allSatisfy({ $0.notes.isEmpty }), geo.grid.height > 2 {
            let hint = " i adds a note at the cursor · hjkl move · space plays · :help lists the keys "
            buffer.put(context.glyphs.unicode ? hint : hint.replacingOccurrences(of: "·", with: "-"), x: geo.grid.x + 1,
                       y: geo.grid.maxY - 1, style: context.muted, maxX: geo.grid.maxX)
        }

        // Box being marked, cursor and playhead.
        if let a = view.anchor {
            let lo = min(a.tick, view.cursorTick), hi = max(a.tick, view.cursorTick)
            for p in min(a.pitch, view.cursorPitch)...max(a.pitch, view.cursorPitch) {
                guard let y = geo.row(ofPitch: p) else { continue }
                for x in geo.grid.x..<geo.grid.maxX where geo.tick(atColumn: x) >= lo - geo.columnTicks + 1 && geo.tick(atColumn: x) <= hi {
                    buffer[x, y].style.bg = theme.selection
                }
            }
        }
        if let x = geo.column(ofTick: view.cursorTick), let y = geo.row(ofPitch: view.cursorPitch) {
            let cell = buffer[x, y]
            let empty = cell.glyph == " " || cell.glyph == barGlyph || cell.glyph == beatGlyph
            buffer[x, y] = Cell(empty ? "+" : cell.glyph, Style(fg: theme.background, bg: theme.accent, attributes: .bold))
        }
        if let p = view.playhead, let x = geo.column(ofTick: Int(p)) {
            for y in (rect.y + 1)..<geo.grid.maxY {
                let cell = buffer[x, y]
                if cell.glyph == " " || cell.glyph == barGlyph || cell.glyph == beatGlyph || y == rect.y + 1 {
                    buffer[x, y] = Cell(g.playhead, Style(fg: theme.playhead, bg: cell.style.bg))
                } else {
                    buffer[x, y].style.attributes.insert(.reverse)
                }
            }
        }
        return geo
    }

    /// Ghost notes in the second waveform colour: the shown take of `:continue` while takes wait for a choice,
    /// or else the interpolation slider's melody while the slider is on screen (what `enter` would keep).
    private static func drawGhostNotes(geo: PianoRollGeometry, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state
        let style = Style(fg: context.theme.waveformAlt, bg: context.theme.background)
        let visibleEnd = geo.tick(atColumn: geo.grid.maxX)
        // The shown take of `:continue`: its new notes, until one is kept or they are dropped.
        let takes = state.melodyTakes
        if takes.isPending, takes.slot == state.session.pianoRoll.currentSlot {
            for note in takes.newNotes {
                guard note.endTick > geo.leftTick, note.startTick < visibleEnd, let y = geo.row(ofPitch: note.pitch) else { continue }
                for x in geo.columns(from: note.startTick, to: note.endTick) { buffer[x, y] = Cell(context.glyphs.unicode ? "▒" : "~", style) }
            }
            return
        }
        guard state.view.layout.panes.contains(.interpolation), let ghost = state.interpolation.current else { return }
        // The ghost plays at its own resolution; place it by quarter notes on the roll's.
        let scale = Double(state.session.pianoRoll.melody.ticksPerQuarter) / Double(ghost.ticksPerQuarter)
        for (_, note) in ghost.allNotes {
            let start = Int(Double(note.startTick) * scale), end = Int(Double(note.endTick) * scale)
            guard end > geo.leftTick, start < visibleEnd, let y = geo.row(ofPitch: note.pitch) else { continue }
            for x in geo.columns(from: start, to: end) { buffer[x, y] = Cell(context.glyphs.unicode ? "▒" : "~", style) }
        }
    }

    /// The header: slots, grid, tempo and meter, cursor position and pitch, velocity, loop, playhead.
    private static func drawHeader(row y: Int, rect: Rect, roll: PianoRoll, view: PianoRollView, buffer: inout CellBuffer, context: DrawContext) {
        let melody = roll.melody
        var x = rect.x
        for i in roll.slots.indices {
            let current = i == roll.currentSlot
            x = buffer.put(current ? "[\(PianoRoll.slotName(i))]" : " \(PianoRoll.slotName(i)) ", x: x, y: y,
                           style: current ? context.accent : context.muted, maxX: rect.maxX)
        }
        let meter = melody.timeSignature(atTick: view.cursorTick)
        var parts = ["\(view.grid.label)", "\(formatBPMText(melody.tempoMap.beatsPerMinute(atTick: 0))) BPM \(meter.numerator)/\(meter.denominator)",
                     "\(positionLabel(view.cursorTick, in: melody)) \(Note.name(ofPitch: view.cursorPitch))", "vel \(view.velocity)", roll.currentInstrument.displayName]
        if melody.tracks.count > 1, melody.tracks.indices.contains(roll.currentTrack) {
            let t = melody.tracks[roll.currentTrack]
            parts.append("trk \(roll.currentTrack + 1)/\(melody.tracks.count)\(t.name.isEmpty ? "" : " " + t.name)")
        }
        if !roll.selection.isEmpty { parts.append("\(roll.selection.count) sel") }
        if let loop = roll.loop { parts.append("loop \(positionLabel(loop.lowerBound, in: melody))–\(positionLabel(loop.upperBound, in: melody))") }
        if let p = view.playhead { parts.append("\(context.glyphs.playing) \(positionLabel(Int(p), in: melody))") }
        let line = " " + parts.joined(separator: context.glyphs.unicode ? " · " : "  ")
        buffer.put(context.glyphs.unicode ? line : line.replacingOccurrences(of: "–", with: "-"), x: x, y: y, style: context.text, maxX: rect.maxX)
    }

    private static func formatBPMText(_ bpm: Double) -> String {
        bpm == bpm.rounded() ? String(Int(bpm)) : String(Double(Int(bpm * 10)) / 10)
    }
}

extension PianoRollPane: Pane {
    public static let kind = PaneKind.pianoRoll
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] {
        context.memory.object { PianoRollMouse() }.commands(for: event, inside: inside, state: context.state)
            .map { .pianoRoll(.command($0)) }
    }
    public static let mouseHelp = [(gesture: "piano roll", does: "click an empty cell: add a note; drag a note: move it; drag its last cell: resize")]
    /// The grid's columns and pitch rows, when they differ from what the view last knew.
    public static func sizeActions(inside: Rect, state: AppState) -> [Action] {
        let geo = PianoRollGeometry(rect: inside, view: state.view.pianoRoll, ticksPerQuarter: state.session.pianoRoll.melody.ticksPerQuarter)
        let view = state.view.pianoRoll
        guard geo.grid.width > 0, geo.grid.height > 0,
              geo.grid.width != view.viewportColumns || geo.grid.height != view.viewportRows else { return [] }
        return [.pianoRoll(.command(.viewport(columns: geo.grid.width, rows: geo.grid.height)))]
    }
}
