import Foundation
import Workstation

/// The spectrogram: time across, log frequency up, two pixels per cell with `▀` (fg = upper pixel,
/// bg = lower pixel), coloured by the theme's colormap over `db-range` dB below the loudest level.
/// The computed spectrogram is re-binned to the pane's size and zoom; the STFT is never recomputed.
public enum SpectrogramPane {
    /// Width of the frequency axis labels.
    static func axisWidth(for rect: Rect) -> Int { rect.width >= 30 ? 8 : 4 }

    /// Draws the pane's inside. `cache` keeps the re-binned image while the view does not change.
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext,
                            cache: SpectrogramImageCache? = nil) {
        let state = context.state, theme = context.theme
        buffer.fill(rect, with: Cell(" ", context.text))
        guard let track = state.session.currentTrack else {
            putCentered("no audio — :open FILE", row: rect.y + rect.height / 2, in: rect, style: context.muted, buffer: &buffer)
            return
        }
        // The stems pane's focused stem shows here in place of its track.
        let stem = state.focusedStem
        guard let spectrogram = stem?.analysis.spectrogram ?? state.analyses[track.id]?.spectrogram else {
            let job = state.jobs.values.first { $0.label.hasPrefix("spectrogram") }
            let mid = rect.y + rect.height / 2
            if let job {
                let pct = Int(((job.fraction ?? 0) * 100).rounded())
                putCentered("computing spectrogram… \(pct)%", row: mid, in: rect, style: context.muted, buffer: &buffer)
                drawProgress(job.fraction ?? 0, row: mid + 1, in: rect, buffer: &buffer, context: context)
            } else {
                putCentered("no spectrogram for \(track.name)", row: mid, in: rect, style: context.muted, buffer: &buffer)
            }
            return
        }
        guard rect.height >= 2, rect.width >= 8 else { return }
        let axisW = axisWidth(for: rect)
        let image = Rect(x: rect.x + axisW, y: rect.y, width: rect.width - axisW, height: rect.height - 1)
        let axis = TimeAxis(window: state.view.window(duration: state.session.duration), x: image.x, width: image.width)
        axis.drawRuler(row: rect.maxY - 1, into: &buffer, context: context, selection: state.visibleSelection)

        let settings = state.settings
        let key = SpectrogramImageCache.Key(trackID: stem == nil ? track.id : -(track.id * 16 + state.view.stems.lane), window: axis.window, width: image.width,
                                            pixelRows: image.height * 2, minHz: settings.minHz, maxHz: settings.maxHz,
                                            dbRange: settings.dbRange, theme: theme.name, colormap: theme.colormap)
        let pixels: [Color]
        if let cached = cache?.image(for: key) { pixels = cached } else {
            pixels = render(spectrogram, key: key, theme: theme)
            cache?.store(pixels, for: key)
        }
        let w = image.width
        for row in 0..<image.height {
            let y = image.y + row
            for col in 0..<w {
                let top = pixels[(2 * row) * w + col], bottom = pixels[(2 * row + 1) * w + col]
                if context.glyphs.unicode {
                    buffer[image.x + col, y] = Cell(context.glyphs.upperHalf, Style(fg: top, bg: bottom))
                } else {
                    buffer[image.x + col, y] = Cell(" ", Style(fg: theme.text, bg: Color.mix(top, bottom, 0.5)))
                }
            }
        }
        drawFrequencyAxis(rect: rect, image: image, axisWidth: axisW, context: context, buffer: &buffer)
        if let col = axis.column(of: state.playhead) {
            for y in image.y..<image.maxY {
                let bg = pixels[(2 * (y - image.y)) * w + (col - image.x)]
                buffer[col, y] = Cell(context.glyphs.playhead, Style(fg: theme.playhead, bg: bg))
            }
            buffer[col, rect.maxY - 1].style.fg = theme.playhead
        }
    }

    /// Re-bins a spectrogram to `key.width` columns × `key.pixelRows` pixel rows, coloured. Row 0 is the top
    /// (highest frequency). Each pixel takes the loudest band in its frequency span, over up to eight frames
    /// spread across its column's time span.
    public static func render(_ s: LogSpectrogram, key: SpectrogramImageCache.Key, theme: Theme) -> [Color] {
        let w = key.width, h = key.pixelRows
        guard w > 0, h > 0 else { return [] }
        // Colour lookup table: 64 steps of the colormap.
        let steps = 64
        let lut = (0..<steps).map { theme.colormapColor(Float($0) / Float(steps - 1)) }
        let floor = s.maxLevel - Float(key.dbRange)
        let scale = Float(steps - 1) / Float(key.dbRange)
        // Band span of each pixel row.
        let logMin = log(key.minHz), logMax = log(key.maxHz)
        var bandLo = [Int](repeating: 0, count: h), bandHi = [Int](repeating: 0, count: h)
        for p in 0..<h {
            let fTop = exp(logMax - Double(p) / Double(h) * (logMax - logMin))
            let fBottom = exp(logMax - Double(p + 1) / Double(h) * (logMax - logMin))
            let lo = s.band(atHz: fBottom), hi = s.band(atHz: fTop)
            bandLo[p] = min(lo, hi); bandHi[p] = max(lo, hi)
        }
        var column = [Float](repeating: -.infinity, count: s.bandCount)
        var out = [Color](repeating: lut[0], count: w * h)
        let framesPerSecond = 1 / s.secondsPerFrame
        s.levels.withUnsafeBufferPointer { levels in
            for x in 0..<w {
                let t0 = key.window.start + Double(x) / Double(w) * key.window.duration
                let t1 = key.window.start + Double(x + 1) / Double(w) * key.window.duration
                let f0 = max(0, Int(t0 * framesPerSecond)), f1 = min(s.frameCount, max(Int(t1 * framesPerSecond), f0 + 1))
                guard f0 < s.frameCount else { continue }
                for b in 0..<s.bandCount { column[b] = -.infinity }
                let n = f1 - f0, samples = min(n, 8)
                for k in 0..<samples {
                    let f = f0 + k * n / samples
                    let base = f * s.bandCount
                    for b in 0..<s.bandCount { column[b] = max(column[b], levels[base + b]) }
                }
                for p in 0..<h {
                    var v = -Float.infinity
                    for b in bandLo[p]...bandHi[p] { v = max(v, column[b]) }
                    let i = Int(((v - floor) * scale).rounded())
                    out[p * w + x] = lut[max(0, min(steps - 1, i))]
                }
            }
        }
        return out
    }

    /// Note names at each C (with Hz when there is room) beside the rows they fall on.
    private static func drawFrequencyAxis(rect: Rect, image: Rect, axisWidth: Int, context: DrawContext,
                                          buffer: inout CellBuffer) {
        let style = Style(fg: context.theme.ruler, bg: context.theme.background)
        buffer.fill(Rect(x: rect.x, y: image.y, width: axisWidth, height: image.height), with: Cell(" ", style))
        let settings = context.state.settings
        let logMin = log(settings.minHz), logMax = log(settings.maxHz)
        let rows = image.height
        var labelled = Set<Int>()
        // C0 is MIDI 12; label every C (every other one when rows are scarce).
        let octaveStep = rows >= 12 ? 1 : 2
        var octave = 0
        while octave <= 10 {
            let hz = 440 * pow(2, (Double(12 * (octave + 1)) - 69) / 12)
            defer { octave += octaveStep }
            guard hz >= settings.minHz && hz <= settings.maxHz else { continue }
            let row = Int((logMax - log(hz)) / (logMax - logMin) * Double(rows))
            guard row >= 0 && row < rows, !labelled.contains(row) else { continue }
            labelled.insert(row)
            let label = axisWidth >= 8 ? "C\(octave) \(hzLabel(hz))" : "C\(octave)"
            buffer.put(label, x: rect.x, y: image.y + row, style: style, maxX: rect.x + axisWidth - 1)
        }
    }

    /// `262`, `2.1k`, `17k`.
    static func hzLabel(_ hz: Double) -> String {
        if hz < 1000 { return String(Int(hz.rounded())) }
        if hz < 10000 { return String(format: "%.1fk", hz / 1000) }
        return "\(Int((hz / 1000).rounded()))k"
    }

    static func drawProgress(_ fraction: Double, row: Int, in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let w = min(30, rect.width - 4)
        guard w > 2 else { return }
        let x = rect.x + (rect.width - w) / 2
        let filled = Int((Double(w) * max(0, min(1, fraction))).rounded())
        let full: Character = context.glyphs.unicode ? "█" : "#", empty: Character = context.glyphs.unicode ? "░" : "."
        for i in 0..<w {
            buffer[x + i, row] = Cell(i < filled ? full : empty, Style(fg: context.theme.accent, bg: context.theme.background))
        }
    }
}

/// Remembers the last re-binned spectrogram image, so frames where only the playhead moves cost nothing.
public final class SpectrogramImageCache {
    /// Everything the image depends on.
    public struct Key: Hashable {
        public var trackID: Int
        public var window: TimeRange
        public var width: Int, pixelRows: Int
        public var minHz: Double, maxHz: Double, dbRange: Double
        public var theme: String
        public var colormap: [Color]
        /// Creates a key.
        public init(trackID: Int, window: TimeRange, width: Int, pixelRows: Int, minHz: Double, maxHz: Double,
                    dbRange: Double, theme: String, colormap: [Color]) {
            self.trackID = trackID; self.window = window; self.width = width; self.pixelRows = pixelRows
            self.minHz = minHz; self.maxHz = maxHz; self.dbRange = dbRange; self.theme = theme; self.colormap = colormap
        }
    }
    private var key: Key?
    private var pixels: [Color] = []
    /// How many draws reused the image (for tests and diagnostics).
    public private(set) var hits = 0

    /// An empty cache.
    public init() {}

    func image(for key: Key) -> [Color]? {
        guard key == self.key else { return nil }
        hits += 1
        return pixels
    }
    func store(_ pixels: [Color], for key: Key) { self.key = key; self.pixels = pixels }
}

extension SpectrogramPane: Pane {
    public static let kind = PaneKind.spectrogram
    public static func title(context: DrawContext) -> String { timePaneTitle(kind, context: context) }
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context, cache: context.memory.object { SpectrogramImageCache() })
    }
    public static func mouse(_ event: MouseEvent, inside: Rect, context: MouseContext) -> [Action] {
        timePaneMouse(event, pane: kind, axis: axis(inside: inside, state: context.state), context: context)
    }
    /// The time axis right of the frequency labels, nil without audio.
    static func axis(inside: Rect, state: AppState) -> TimeAxis? {
        guard state.session.duration > 0 else { return nil }
        let a = axisWidth(for: inside)
        return TimeAxis(window: state.view.window(duration: state.session.duration), x: inside.x + a, width: inside.width - a)
    }
}
