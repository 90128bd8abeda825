import Foundation
import Workstation

/// The stems of a separated track, one lane a row: the original, each stem and (when shown) the residual,
/// each with its name, a mini waveform of the whole song in its own colour (`·` where separation has not
/// reached yet), a level meter while playing, its gain, mute and solo. The top row says which side A/B plays.
/// Before anything is separated it lists the session's tracks as mixer strips.
public enum StemsPane {
    /// Width of the name column.
    static let nameWidth = 11
    /// Width of everything right of the waveform: meter, gain, mute and solo.
    static let rightWidth = 22

    /// Draws the pane's inside.
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state
        buffer.fill(rect, with: Cell(" ", context.text))
        guard !state.session.stems.isEmpty, let track = state.stemsTrack else {
            drawTracks(in: rect, buffer: &buffer, context: context)
            return
        }
        let theme = context.theme, set = state.session.stems, work = state.stemWork
        let glyphs = context.glyphs
        // The header: which side sounds, and how far separation got.
        let side = set.listensToStems ? "B: sum of the stems" : "A: the original"
        var x = buffer.put(" \(side) ", x: rect.x, y: rect.y,
                           style: Style(fg: theme.background, bg: set.listensToStems ? theme.accent : theme.waveform, attributes: .bold),
                           maxX: rect.maxX)
        var info = "  \(track.name) · \(set.method)"
        if work.totalFrames > 0 && !work.isComplete {
            info += " · \(Int((Double(work.readyFrames) / Double(work.totalFrames) * 100).rounded(.down)))% separated"
        }
        x = buffer.put(info, x: x, y: rect.y, style: context.muted, maxX: rect.maxX)

        let waveX = rect.x + 2 + nameWidth
        let waveWidth = rect.width - 2 - nameWidth - rightWidth
        let laneCount = state.stemLaneCount
        let stemCount = set.lanes.count
        let anySolo = (set.lanes + (set.showsResidual ? [set.residual] : [])).contains { $0.isSoloed }
        let levels = state.transport.isPlaying ? state.transport.stemLevels : []
        let duration = track.audio.duration
        let sampleRate = track.audio.sampleRate
        let playColumn = waveWidth > 0 && duration > 0
            ? waveX + min(waveWidth - 1, Int(state.playhead / duration * Double(waveWidth))) : nil

        for lane in 0..<laneCount {
            let y = rect.y + 1 + lane
            guard y < rect.maxY else { break }
            let isOriginal = lane == 0, isResidual = lane > stemCount
            let name: String, gainDB: Double, muted: Bool, soloed: Bool, level: Float?
            if isOriginal {
                (name, gainDB, muted, soloed) = ("original", track.gainDB, track.isMuted, track.isSoloed)
                level = levels.count == stemCount + 2 ? levels[stemCount + 1] : nil
            } else {
                let l = isResidual ? set.residual : set.lanes[lane - 1]
                (name, gainDB, muted, soloed) = (l.name, l.gainDB, l.isMuted, l.isSoloed)
                level = levels.count == stemCount + 2 ? levels[lane - 1] : nil
            }
            let audible = isOriginal ? !set.listensToStems && !muted : set.listensToStems && !muted && (!anySolo || soloed)
            let color = laneColor(lane, stemCount: stemCount, theme: theme)
            let focused = lane == state.view.stems.lane
            let nameStyle = Style(fg: focused ? theme.accent : (audible ? theme.text : theme.muted), bg: theme.background,
                                  attributes: focused ? .bold : [])
            var cx = buffer.put(focused ? (glyphs.unicode ? "▸ " : "> ") : "  ", x: rect.x, y: y, style: nameStyle, maxX: rect.maxX)
            buffer.put(String(name.prefix(nameWidth - 1)), x: cx, y: y, style: nameStyle, maxX: rect.maxX)
            cx = waveX
            if waveWidth >= 4 {
                for col in 0..<waveWidth {
                    let t0 = Double(col) / Double(waveWidth) * duration, t1 = Double(col + 1) / Double(waveWidth) * duration
                    let pending = !isOriginal && !work.isComplete && !work.isSeparated(Int(t0 * sampleRate))
                    var cell: Cell
                    if pending {
                        cell = Cell(glyphs.unicode ? "·" : ".", Style(fg: theme.muted, bg: theme.background))
                    } else {
                        let peak: Float? = isOriginal
                            ? originalPeak(state.analyses[track.id]?.peaks, from: Int(t0 * sampleRate), to: Int(t1 * sampleRate))
                            : envelopePeak(work.envelopes.indices.contains(lane - 1) ? work.envelopes[lane - 1] : [],
                                           from: Int(t0 * sampleRate), to: Int(t1 * sampleRate))
                        cell = Cell(bar(peak ?? 0, glyphs: glyphs), Style(fg: audible ? color : theme.muted, bg: theme.background))
                    }
                    if waveX + col == playColumn { cell.style.bg = theme.selection }
                    buffer[waveX + col, y] = cell
                }
                cx = waveX + waveWidth
            }
            cx = drawMeter(level, x: cx + 1, y: y, buffer: &buffer, context: context)
            let gain = String(format: "%+5.1f dB", gainDB)
            cx = buffer.put(" " + gain + " ", x: cx, y: y, style: context.muted, maxX: rect.maxX)
            cx = buffer.put(muted ? "M" : "·", x: cx, y: y, style: Style(fg: muted ? theme.error : theme.muted, bg: theme.background), maxX: rect.maxX)
            buffer.put(soloed ? "S" : "·", x: cx, y: y, style: Style(fg: soloed ? theme.accent : theme.muted, bg: theme.background), maxX: rect.maxX)
        }
        let hint = "j/k lane · a A/B · m mute · S solo · +/- gain · R residual · :export stems DIR"
        if rect.height > laneCount + 2 {
            buffer.put(hint, x: rect.x + 2, y: rect.maxY - 1, style: context.muted, maxX: rect.maxX)
        }
    }

    /// Each lane's colour: the original in the waveform colour, stems spread over the colormap, the residual muted.
    static func laneColor(_ lane: Int, stemCount: Int, theme: Theme) -> Color {
        if lane == 0 { return theme.waveform }
        if lane > stemCount { return theme.waveformAlt }
        // Hues far apart in the default theme: orange, green, magenta, yellow, violet, red, then lighter ones.
        let palette: [Color] = [theme.accent, theme.meterLow, theme.colormapColor(0.55), theme.meterMid,
                                theme.colormapColor(0.35), theme.meterHigh, theme.colormapColor(0.85), theme.text]
        return palette[(lane - 1) % palette.count]
    }

    /// A column's bar, from the peak (square root, so quiet parts still show).
    static func bar(_ peak: Float, glyphs: Glyphs) -> Character {
        let steps = glyphs.meterSteps
        let v = min(1, sqrt(max(0, peak)))
        let i = Int((v * Float(steps.count - 1)).rounded())
        return i == 0 && peak > 0.001 ? steps[1] : steps[i]
    }

    static func originalPeak(_ peaks: PeakSummary?, from: Int, to: Int) -> Float? {
        guard let peaks else { return nil }
        var peak: Float = 0
        for c in 0..<peaks.channelCount {
            if let r = peaks.range(channel: c, from: from, to: max(to, from + 1)) { peak = max(peak, abs(r.min), abs(r.max)) }
        }
        return peak
    }

    static func envelopePeak(_ envelope: [Float], from: Int, to: Int) -> Float? {
        let block = StemWork.envelopeBlock
        let a = from / block, b = min(envelope.count, max(a + 1, (to + block - 1) / block))
        guard a < b else { return nil }
        return envelope[a..<b].max()
    }

    /// An eight-cell meter (−48…0 dB); blank when not playing. Returns the column after it.
    static func drawMeter(_ level: Float?, x: Int, y: Int, buffer: inout CellBuffer, context: DrawContext) -> Int {
        let theme = context.theme, cells = 8
        let steps = context.glyphs.meterSteps
        let db = level.map { $0 > 0 ? 20 * log10($0) : -120 } ?? -120
        let fill = max(0, min(1, (db + 48) / 48)) * Float(cells)
        for c in 0..<cells {
            let part = max(0, min(1, fill - Float(c)))
            let glyph = level == nil ? (context.glyphs.unicode ? "╌" : "-") : steps[Int((part * Float(steps.count - 1)).rounded())]
            let color = c >= cells - 1 ? theme.meterHigh : c >= cells - 3 ? theme.meterMid : theme.meterLow
            buffer[x + c, y] = Cell(glyph, Style(fg: level == nil ? theme.muted : color, bg: theme.background))
        }
        return x + cells
    }

    /// Before separation: the session's tracks as mixer strips.
    static func drawTracks(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, theme = context.theme
        let tracks = state.session.tracks
        guard !tracks.isEmpty else {
            putCentered("no tracks — :open FILE, then :separate", row: rect.y + rect.height / 2, in: rect, style: context.muted, buffer: &buffer)
            return
        }
        let anySolo = tracks.contains { $0.isSoloed }
        for (i, track) in tracks.enumerated() where rect.y + i < rect.maxY {
            let y = rect.y + i
            let current = i == state.session.currentTrackIndex
            let audible = !track.isMuted && (!anySolo || track.isSoloed)
            let style = current ? Style(fg: theme.accent, bg: theme.background, attributes: .bold)
                                : Style(fg: audible ? theme.text : theme.muted, bg: theme.background)
            var x = buffer.put(current ? "> " : "  ", x: rect.x, y: y, style: style, maxX: rect.maxX)
            x = buffer.put(track.isMuted ? "M" : "·", x: x, y: y,
                           style: Style(fg: track.isMuted ? theme.error : theme.muted, bg: theme.background), maxX: rect.maxX)
            x = buffer.put(track.isSoloed ? "S " : "· ", x: x, y: y,
                           style: Style(fg: track.isSoloed ? theme.accent : theme.muted, bg: theme.background), maxX: rect.maxX)
            let gain = (track.gainDB >= 0 ? "+" : "") + String(Int(track.gainDB.rounded())) + " dB "
            x = buffer.put(gain, x: x, y: y, style: context.muted, maxX: rect.maxX)
            buffer.put(track.name, x: x, y: y, style: style, maxX: rect.maxX)
        }
        let hint = ":separate splits the current track into stems (x)"
        if rect.height > tracks.count + 1 {
            buffer.put(hint, x: rect.x + 2, y: rect.maxY - 1, style: context.muted, maxX: rect.maxX)
        }
    }
}

extension StemsPane: Pane {
    public static let kind = PaneKind.stems
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }

    /// A click on the header switches A/B; on a lane it puts the cursor there, and on the lane's waveform also
    /// the playhead, on its `M` mutes and on its `S` solos.
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] {
        let state = context.state
        guard event.kind == .press, !state.session.stems.isEmpty, let track = state.stemsTrack else { return [] }
        let row = event.y - inside.y
        if row == 0 { return [.stems(.command(.ab))] }
        let lane = row - 1
        guard lane >= 0, lane < state.stemLaneCount else { return [] }
        var actions: [Action] = [.stems(.command(.laneAt(lane)))]
        let waveX = inside.x + 2 + nameWidth, waveWidth = inside.width - 2 - nameWidth - rightWidth
        let muteX = waveX + max(waveWidth, 0) + 1 + 8 + 10
        if waveWidth >= 4, event.x >= waveX, event.x < waveX + waveWidth {
            actions.append(.command(.seekTo(Double(event.x - waveX) / Double(waveWidth) * track.audio.duration)))
        } else if event.x == muteX {
            actions.append(.stems(.command(.mute)))
        } else if event.x == muteX + 1 {
            actions.append(.stems(.command(.solo)))
        }
        return actions
    }

    public static let mouseHelp = [
        (gesture: "click", does: "in the stems pane: a lane's waveform puts the playhead there, M mutes, S solos, the header switches A/B"),
    ]
}
