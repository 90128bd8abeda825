import Music
import Workstation

/// The interpolation slider: slot A at the left, slot B at the right, the slider's steps between them, the
/// melody at the slider as a small contour, and the keys. The same melody is drawn as ghost notes in the
/// piano roll.
public enum InterpolationPane {
    /// Where the slider's track lies, shared with the mouse so a click lands on the step drawn there.
    public struct Track: Equatable {
        /// Row of the slider, first and last column of the track.
        public var y: Int, x0: Int, x1: Int
        /// Positions on the track.
        public var steps: Int

        /// The column of position `i`.
        public func column(of i: Int) -> Int {
            steps < 2 ? x0 : x0 + Int((Double(i) * Double(x1 - x0) / Double(steps - 1)).rounded())
        }

        /// The position nearest column `x`.
        public func position(atColumn x: Int) -> Int {
            guard steps > 1, x1 > x0 else { return 0 }
            let f = Double(max(x0, min(x1, x)) - x0) / Double(x1 - x0)
            return Int((f * Double(steps - 1)).rounded())
        }
    }

    /// The slider's track inside `rect` (the pane's inside), nil when the pane is too small to hold it.
    public static func track(in rect: Rect, steps: Int) -> Track? {
        guard rect.height >= 3, rect.width >= 16 else { return nil }
        return Track(y: rect.y + 2, x0: rect.x + 3, x1: rect.maxX - 4, steps: steps)
    }

    /// Draws the pane's inside.
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, s = state.interpolation, theme = context.theme, g = context.glyphs
        let slots = state.session.pianoRoll.slots
        buffer.fill(rect, with: Cell(" ", context.text))
        let dot = g.unicode ? " · " : " - "

        // Row 0: what A and B are.
        func describe(_ slot: Int) -> String {
            guard slots.indices.contains(slot) else { return "slot \(PianoRoll.slotName(slot)) (none)" }
            let notes = slots[slot].allNotes.count
            return "slot \(PianoRoll.slotName(slot))\(dot)\(notes) note\(notes == 1 ? "" : "s")"
        }
        var left = "A: " + describe(s.slotA), right = "B: " + describe(s.slotB)
        if left.count + right.count + 3 > rect.width {  // narrow: the slots' letters only
            left = "A: slot \(PianoRoll.slotName(s.slotA))"
            right = "B: slot \(PianoRoll.slotName(s.slotB))"
        }
        buffer.put(left, x: rect.x + 1, y: rect.y, style: context.text, maxX: rect.maxX)
        let rx = max(rect.x + left.count + 3, rect.maxX - right.count - 1)
        buffer.put(right, x: rx, y: rect.y, style: context.text, maxX: rect.maxX)

        guard let track = track(in: rect, steps: s.steps) else { return }
        drawSlider(track, rect: rect, buffer: &buffer, context: context)

        // Row 3: where the slider is and what is there; the model's settings at the right when they fit.
        var parts: [String] = [s.generated?.label ?? s.positionLabel]
        if let m = s.current { parts.append(noteSummary(m)) }
        let busy = state.hasJob(labelled: InterpolationSlider.jobLabel)
        let empty = [s.slotA, s.slotB].contains { !slots.indices.contains($0) || slots[$0].allNotes.isEmpty }
        if busy { parts.append(g.unicode ? "decoding…" : "decoding...") }
        else if s.current == nil && empty { parts.append("put melodies in slots A and B (piano roll: draw, or :open FILE.mid)") }
        else if s.current == nil { parts.append("move the slider (h l) to decode") }
        let status = parts.joined(separator: dot)
        let settings = "\(s.bars)-bar\(dot)T \(formatDecimal(s.temperature))\(dot)var \(formatDecimal(s.variation))"
        if rect.height > 3 {
            let end = buffer.put(status, x: rect.x + 1, y: rect.y + 3, style: s.generated != nil ? context.accent : context.text, maxX: rect.maxX)
            if end + 2 + settings.count < rect.maxX {
                buffer.put(settings, x: rect.maxX - 1 - settings.count, y: rect.y + 3, style: context.muted)
            }
        }

        // The melody's contour, then the keys on the last row.
        let hintRow = rect.maxY - 1
        if rect.height > 6, let m = s.current {
            drawContour(m, in: Rect(x: rect.x + 1, y: rect.y + 5, width: rect.width - 2, height: hintRow - rect.y - 5),
                        buffer: &buffer, context: context)
        }
        if rect.height > 4 {
            // As many whole hints as fit, most used first.
            var hint = ""
            for item in ["h l move", "enter keep", "s sample", "v vary", "space play", "a b slots", "? keys"] {
                let next = hint.isEmpty ? item : hint + dot + item
                if next.count > rect.width - 2 { break }
                hint = next
            }
            buffer.put(hint, x: rect.x + 1, y: hintRow, style: Style(fg: theme.muted, bg: theme.background), maxX: rect.maxX)
        }
    }

    private static func drawSlider(_ t: Track, rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let s = context.state.interpolation, theme = context.theme, u = context.glyphs.unicode
        let line = Style(fg: theme.border, bg: theme.background)
        buffer.put("A", x: t.x0 - 2, y: t.y, style: context.accent)
        buffer.put("B", x: t.x1 + 2, y: t.y, style: context.accent)
        for x in t.x0...t.x1 { buffer[x, t.y] = Cell(u ? "─" : "-", line) }
        for i in 0..<s.steps {
            let end = i == 0 || i == s.steps - 1
            buffer[t.column(of: i), t.y] = Cell(u ? (i == 0 ? "├" : i == s.steps - 1 ? "┤" : "┼") : (end ? "|" : "+"),
                                                Style(fg: end ? theme.text : theme.muted, bg: theme.background))
        }
        let knob = t.column(of: s.position)
        let fresh = s.current != nil && s.generated == nil
        buffer[knob, t.y] = Cell(u ? "●" : "O", Style(fg: fresh ? theme.accent : theme.muted, bg: theme.background, attributes: .bold))
        // The way travelled so far, in the accent colour, so the knob's place reads at a glance.
        for x in t.x0..<knob where buffer[x, t.y].glyph == (u ? "─" : "-") { buffer[x, t.y].style.fg = theme.accent }
    }

    /// A compact roll of the melody: its whole length across the width, its pitch range over the rows.
    private static func drawContour(_ m: NoteSequence, in r: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let notes = m.allNotes.map(\.note)
        guard r.width > 4, r.height > 0, let lo = notes.map(\.pitch).min(), let hi = notes.map(\.pitch).max() else { return }
        let bar = 4 * m.ticksPerQuarter
        let span = max(bar, (m.endTick + bar - 1) / bar * bar)
        let labelWidth = 4
        let width = r.width - labelWidth
        func column(_ tick: Int) -> Int { r.x + labelWidth + min(width - 1, tick * width / span) }
        func row(_ pitch: Int) -> Int { hi == lo ? r.y + r.height / 2 : r.y + (hi - pitch) * (r.height - 1) / (hi - lo) }
        buffer.put(Note.name(ofPitch: hi), x: r.x, y: r.y, style: context.muted, maxX: r.x + labelWidth)
        if r.height > 1 { buffer.put(Note.name(ofPitch: lo), x: r.x, y: r.maxY - 1, style: context.muted, maxX: r.x + labelWidth) }
        for b in stride(from: 0, to: span, by: bar) where b > 0 {
            for y in r.y..<r.maxY { buffer[column(b), y] = Cell(context.glyphs.unicode ? "┊" : ":", context.muted) }
        }
        let style = Style(fg: context.theme.waveformAlt, bg: context.theme.background, attributes: .bold)
        for n in notes {
            let y = row(n.pitch), c0 = column(n.startTick), c1 = max(c0, column(n.endTick - 1))
            for x in c0...c1 { buffer[x, y] = Cell(context.glyphs.unicode ? (x == c0 ? "▐" : "█") : (x == c0 ? "[" : "="), style) }
        }
    }
}

extension InterpolationPane: Pane {
    public static let kind = PaneKind.interpolation
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }
    /// Click or drag on the slider's track moves it to the nearest step (the melody there plays).
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] {
        let state = context.state
        guard event.kind == .press || event.kind == .drag,
              let track = track(in: inside, steps: state.interpolation.steps),
              abs(event.y - track.y) <= 1, event.x >= track.x0 - 1, event.x <= track.x1 + 1 else { return [] }
        let p = track.position(atColumn: event.x)
        return p != state.interpolation.position || event.kind == .press ? [.interpolation(.command(.moveTo(p)))] : []
    }
    public static let mouseHelp = [(gesture: "interpolation", does: "click or drag on the slider: move it there (the melody plays)")]
}
