import Foundation

/// Maps the linear bins of an STFT onto rows spaced logarithmically in frequency, for display.
///
/// Row 0 is the lowest band. Each row covers `[edge r, edge r+1)` with edges spaced evenly in
/// log-frequency between `minHz` and `maxHz`. A row that holds one or more bin centres takes their
/// maximum (so a narrow peak is never averaged away); a row narrower than a bin — common at the
/// bottom — interpolates linearly between the two bins around its centre.
public struct LogFrequencyBins: Sendable {
    /// Number of display rows.
    public let rowCount: Int
    /// Number of STFT bins expected per frame.
    public let binCount: Int
    /// The lower edge of each row in Hz, plus the top edge: `rowCount + 1` values.
    public let edges: [Double]
    private let rows: [Row]

    private enum Row: Sendable {
        case maximum(Range<Int>)
        case interpolate(Int, Float)
    }

    /// Rows for an `fftSize`-point STFT at `sampleRate`, from `minHz` (default 30 Hz) to `maxHz`
    /// (default Nyquist).
    public init(sampleRate: Double, fftSize: Int, rowCount: Int, minHz: Double = 30, maxHz: Double? = nil) {
        precondition(rowCount > 0 && fftSize >= 2, "need at least one row and a 2-point FFT")
        let bins = fftSize / 2 + 1
        let binHz = sampleRate / Double(fftSize)
        let top = min(maxHz ?? sampleRate / 2, sampleRate / 2)
        let bottom = min(max(minHz, binHz / 2), top / 2)
        let edges = (0...rowCount).map { bottom * pow(top / bottom, Double($0) / Double(rowCount)) }
        self.rows = (0..<rowCount).map { r in
            let first = Int((edges[r] / binHz).rounded(.up))
            let end = min(Int((edges[r + 1] / binHz).rounded(.up)), bins)
            if first < end { return .maximum(first..<end) }
            let centre = sqrt(edges[r] * edges[r + 1]) / binHz
            let below = min(Int(centre), bins - 2)
            return .interpolate(below, Float(centre - Double(below)))
        }
        self.rowCount = rowCount
        self.binCount = bins
        self.edges = edges
    }

    /// One frame of bins → `rowCount` row values.
    public func rows<C: Collection>(of frame: C) -> [Float] where C.Element == Float, C.Index == Int {
        precondition(frame.count == binCount, "frame has \(frame.count) bins, expected \(binCount)")
        let base = frame.startIndex
        return rows.map { row in
            switch row {
            case .maximum(let range):
                return range.reduce(-Float.infinity) { max($0, frame[base + $1]) }
            case .interpolate(let below, let t):
                return frame[base + below] * (1 - t) + frame[base + below + 1] * t
            }
        }
    }

    /// Every frame of `spectrogram` → `frameCount × rowCount`.
    public func apply(_ spectrogram: Spectrogram) -> Spectrogram {
        var values: [Float] = []
        values.reserveCapacity(spectrogram.frameCount * rowCount)
        for f in 0..<spectrogram.frameCount { values += rows(of: spectrogram.frame(f)) }
        return Spectrogram(values: values, frameCount: spectrogram.frameCount, binCount: rowCount)
    }
}
