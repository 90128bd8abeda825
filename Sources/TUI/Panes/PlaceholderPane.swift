import Workstation

/// What a pane that later work fills says meanwhile: what it will hold and how it gets there, so the layout
/// can be arranged around it now.
enum PlaceholderPane {
    /// Draws the two paragraphs centred in `rect`.
    static func draw(holds: String, how: String, in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        buffer.fill(rect, with: Cell(" ", context.text))
        var lines = wrap(holds, width: rect.width - 2)
        let howLines = wrap(how, width: rect.width - 2)
        let total = lines.count + 1 + howLines.count
        var y = rect.y + max(0, (rect.height - total) / 2)
        if total > rect.height { lines = Array(lines.prefix(max(0, rect.height - howLines.count - 1))); y = rect.y }
        for line in lines where y < rect.maxY { buffer.put(line, x: rect.x + 1, y: y, style: context.text, maxX: rect.maxX); y += 1 }
        y += 1
        for line in howLines where y < rect.maxY { buffer.put(line, x: rect.x + 1, y: y, style: context.muted, maxX: rect.maxX); y += 1 }
    }
}
