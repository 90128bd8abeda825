import Workstation

/// The waveform: min/max per column drawn in braille (2×4 dots a cell), one lane per channel (two for
/// stereo), the selection as a background, the playhead as a line, and a time ruler underneath.
public enum WaveformPane {
    /// Draws the pane's inside (the border is drawn by the layout).
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, theme = context.theme
        buffer.fill(rect, with: Cell(" ", context.text))
        guard let track = state.session.currentTrack else {
            putCentered("no audio — :open FILE (Tab completes)", row: rect.y + rect.height / 2, in: rect,
                        style: context.muted, buffer: &buffer)
            return
        }
        guard rect.height >= 2, rect.width >= 4 else { return }
        let axis = TimeAxis(window: state.view.window(duration: state.session.duration), x: rect.x, width: rect.width)
        let selection = state.visibleSelection
        let waveRows = rect.height - 1
        axis.drawRuler(row: rect.maxY - 1, into: &buffer, context: context, selection: selection)

        // Selection background under the lanes.
        if let sel = selection {
            for col in rect.x..<rect.maxX {
                let t0 = axis.time(atColumn: col), t1 = axis.time(atColumn: col + 1)
                if t1 > sel.start && t0 < sel.end {
                    buffer.setStyle(Rect(x: col, y: rect.y, width: 1, height: waveRows)) { $0.bg = theme.selection }
                }
            }
        }

        let lanes = min(2, track.audio.channelCount)
        // The stems pane's focused stem shows here in place of its track.
        let peaks = state.focusedStem?.analysis.peaks ?? state.analyses[track.id]?.peaks
        let sr = track.audio.sampleRate
        for lane in 0..<lanes {
            let top = rect.y + lane * waveRows / lanes
            let bottom = rect.y + (lane + 1) * waveRows / lanes
            let laneRect = Rect(x: rect.x, y: top, width: rect.width, height: bottom - top)
            guard laneRect.height > 0 else { continue }
            let color = lane == 0 ? theme.waveform : theme.waveformAlt
            drawLane(laneRect, channel: lane, axis: axis, sampleRate: sr, track: track, peaks: peaks,
                     color: color, buffer: &buffer, context: context)
            if lanes == 2 {
                buffer.put(lane == 0 ? "L" : "R", x: rect.x, y: top, style: Style(fg: theme.muted, bg: buffer[rect.x, top].style.bg))
            }
        }
        if peaks == nil {
            putCentered(" summarising… ", row: rect.y, in: rect, style: context.muted, buffer: &buffer)
        }

        // The playhead over everything but the ruler.
        if let col = axis.column(of: state.playhead) {
            for y in rect.y..<rect.y + waveRows {
                buffer[col, y] = Cell(context.glyphs.playhead, Style(fg: theme.playhead, bg: buffer[col, y].style.bg))
            }
            buffer[col, rect.maxY - 1].style.fg = theme.playhead
        }
    }

    private static func drawLane(_ lane: Rect, channel: Int, axis: TimeAxis, sampleRate: Double, track: AudioTrack,
                                 peaks: PeakSummary?, color: Color, buffer: inout CellBuffer, context: DrawContext) {
        let dotRows = lane.height * 4
        let subColumns = context.glyphs.unicode ? 2 : 1
        let samples = track.audio.channels[channel]
        func range(_ a: Int, _ b: Int) -> (min: Float, max: Float)? {
            if let peaks { return peaks.range(channel: channel, from: a, to: b) }
            // Before the summary exists, read the samples directly but sparsely (at most 64 per sub-column).
            let lo = max(0, a), hi = min(samples.count, b)
            guard hi > lo else { return nil }
            let stride = max(1, (hi - lo) / 64)
            var mn = samples[lo], mx = samples[lo]
            var i = lo
            while i < hi { mn = min(mn, samples[i]); mx = max(mx, samples[i]); i += stride }
            return (mn, mx)
        }
        func dotRow(_ v: Float) -> Int {
            let clamped = max(-1, min(1, v))
            return max(0, min(dotRows - 1, Int(((1 - clamped) / 2 * Float(dotRows)).rounded(.down))))
        }
        let width = Double(axis.width * subColumns)
        for col in 0..<axis.width {
            var bitsPerRow = [UInt8](repeating: 0, count: lane.height)
            var covered = [Bool](repeating: false, count: lane.height)
            for sub in 0..<subColumns {
                let i = col * subColumns + sub
                let t0 = axis.window.start + Double(i) / width * axis.window.duration
                let t1 = axis.window.start + Double(i + 1) / width * axis.window.duration
                let a = Int(t0 * sampleRate), b = max(Int(t1 * sampleRate), a + 1)
                guard let (mn, mx) = range(a, b) else { continue }
                let yTop = dotRow(mx), yBottom = dotRow(mn)
                for y in yTop...yBottom {
                    bitsPerRow[y / 4] |= Glyphs.brailleDots[y % 4][sub]
                    covered[y / 4] = true
                }
            }
            for row in 0..<lane.height where covered[row] {
                let x = lane.x + col, y = lane.y + row
                let glyph: Character = context.glyphs.unicode ? Glyphs.braille(bitsPerRow[row]) : "|"
                buffer[x, y] = Cell(glyph, Style(fg: color, bg: buffer[x, y].style.bg))
            }
        }
    }
}

extension WaveformPane: Pane {
    public static let kind = PaneKind.waveform
    public static func title(context: DrawContext) -> String { timePaneTitle(kind, context: context) }
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] {
        timePaneMouse(event, pane: kind, axis: axis(inside: inside, state: context.state), context: context)
    }
    public static let mouseHelp = [
        (gesture: "click", does: "in the waveform or spectrogram: put the playhead there"),
        (gesture: "drag", does: "select a time range in the waveform or spectrogram"),
        (gesture: "wheel", does: "zoom in and out around the playhead"),
    ]
    /// The time axis of the inside, nil without audio.
    static func axis(inside: Rect, state: AppState) -> TimeAxis? {
        guard state.session.duration > 0 else { return nil }
        return TimeAxis(window: state.view.window(duration: state.session.duration), x: inside.x, width: inside.width)
    }
}
