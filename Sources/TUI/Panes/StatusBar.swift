import Foundation
import Workstation

/// The bottom two rows: the status bar (transport, time, level meter, selection, loop, track, jobs) and
/// the line below it (the `:` prompt, a message, or a hint).
public enum StatusBar {
    /// Draws the status bar in row `y`.
    public static func drawStatus(row y: Int, width: Int, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, theme = context.theme
        let base = Style(fg: theme.statusText, bg: theme.statusBackground)
        buffer.fill(Rect(x: 0, y: y, width: width, height: 1), with: Cell(" ", base))
        let playing = state.transport.isPlaying
        var x = buffer.put(" " + (playing ? context.glyphs.playing : context.glyphs.paused) + " ", x: 0, y: y,
                           style: Style(fg: playing ? theme.meterLow : theme.statusText, bg: theme.statusBackground,
                                        attributes: .bold))
        let duration = state.session.duration
        x = buffer.put("\(formatTime(state.playhead)) / \(formatTime(duration))", x: x, y: y, style: base)
        x += 1
        // Narrow screens keep the time, selection and layout rather than the meter.
        if width >= 64 { x = drawMeter(levels: state.transport.levels, x: x, y: y, buffer: &buffer, context: context) }
        // Short and always useful first, so a narrow screen cuts the least: layout, track, loop, selection, jobs.
        var parts: [String] = ["[\(state.view.layout.name)]"]
        if let warning = state.audioWarning { parts.append(warning) }
        if let track = state.session.currentTrack {
            let n = state.session.tracks.count
            parts.append(n > 1 ? "\(track.name) \(state.session.currentTrackIndex + 1)/\(n)" : track.name)
        }
        if state.session.loopSelection { parts.append("loop") }
        if let sel = state.visibleSelection { parts.append("sel \(sel)") }
        // With more than one job, each carries its number, which `:cancel N` takes.
        for (id, job) in state.jobs.sorted(by: { $0.key < $1.key }) {
            let pct = job.fraction.map { " \(Int(($0 * 100).rounded()))%" } ?? "…"
            parts.append((state.jobs.count > 1 ? "#\(id) " : "") + job.label + pct)
        }
        buffer.put("  " + parts.joined(separator: "  "), x: x, y: y, style: base, maxX: width)
    }

    /// A two-channel peak meter `L▕▆▆▆▁▏R▕▆▆▁▁▏`; returns the column after it.
    static func drawMeter(levels: [Float], x: Int, y: Int, buffer: inout CellBuffer, context: DrawContext) -> Int {
        let theme = context.theme
        let cells = 6
        let steps = context.glyphs.meterSteps
        let substeps = steps.count - 1
        var col = x
        for (i, name) in ["L", "R"].enumerated() {
            let level = i < levels.count ? levels[i] : (levels.first ?? 0)
            // dB scale over 48 dB reads better than linear amplitude.
            let db = 20 * log10(max(level, 1e-6))
            let fill = max(0, min(1, (db + 48) / 48)) * Float(cells * substeps)
            col = buffer.put(name, x: col, y: y, style: Style(fg: theme.statusText, bg: theme.statusBackground))
            for c in 0..<cells {
                let amount = max(0, min(substeps, Int(fill.rounded(.down)) - c * substeps))
                let color = c >= cells - 1 ? theme.meterHigh : c >= cells - 3 ? theme.meterMid : theme.meterLow
                buffer[col, y] = Cell(steps[amount], Style(fg: color, bg: theme.statusBackground))
                col += 1
            }
            col += 1
        }
        return col
    }

    /// Draws the prompt, the message, or a hint in row `y`.
    public static func drawMessageLine(row y: Int, width: Int, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, theme = context.theme
        buffer.fill(Rect(x: 0, y: y, width: width, height: 1), with: Cell(" ", context.text))
        switch state.mode {
        case .command:
            // Show the end of a long line, and a block cursor after it.
            let text = ":" + state.commandLine.text
            let visible = String(text.suffix(max(1, width - 1)))
            let end = buffer.put(visible, x: 0, y: y, style: context.text)
            buffer[end, y] = Cell(" ", Style(fg: theme.background, bg: theme.text))
            if let m = state.message, !state.commandLine.completions.isEmpty, end + 3 < width {
                buffer.put(m.text, x: end + 3, y: y, style: context.muted, maxX: width)
            }
        case .help:
            buffer.put("help — j/k scroll, esc closes", x: 0, y: y, style: context.muted, maxX: width)
        case .normal:
            if let m = state.message {
                buffer.put(m.text, x: 0, y: y, style: Style(fg: m.isError ? theme.error : theme.text, bg: theme.background), maxX: width)
            } else {
                buffer.put("? help  : command  space play  tab focus  1-6 layouts", x: 0, y: y, style: context.muted, maxX: width)
            }
        }
    }
}
