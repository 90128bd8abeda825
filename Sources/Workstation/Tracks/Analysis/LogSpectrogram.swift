/// Levels in dB over time and log-spaced frequency bands: what the spectrogram pane draws.
/// Computed once per track off the UI thread; the pane re-bins it for any zoom and size.
public struct LogSpectrogram: Sendable {
    /// Number of time frames and frequency bands.
    public let frameCount: Int, bandCount: Int
    /// Seconds between frames (the STFT hop).
    public let secondsPerFrame: Double
    /// Centre frequency of each band in Hz, ascending and log-spaced.
    public let bandFrequencies: [Double]
    /// dB levels, frame after frame: `levels[frame * bandCount + band]`.
    public let levels: [Float]
    /// The loudest level (the top of the colormap).
    public let maxLevel: Float

    /// A spectrogram from frame-major dB levels.
    public init(secondsPerFrame: Double, bandFrequencies: [Double], levels: [Float]) {
        precondition(!bandFrequencies.isEmpty && levels.count % bandFrequencies.count == 0)
        self.secondsPerFrame = secondsPerFrame
        self.bandFrequencies = bandFrequencies
        self.levels = levels
        bandCount = bandFrequencies.count
        frameCount = levels.count / bandFrequencies.count
        maxLevel = levels.max() ?? 0
    }

    /// The band nearest below a frequency (clamped to the bands).
    public func band(atHz hz: Double) -> Int {
        var lo = 0, hi = bandCount - 1
        if hz <= bandFrequencies[0] { return 0 }
        if hz >= bandFrequencies[hi] { return hi }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if bandFrequencies[mid] <= hz { lo = mid } else { hi = mid }
        }
        return lo
    }
}

/// Derived data of a track: kept outside the `Session` so undo never throws it away.
public struct TrackAnalysis: Sendable {
    /// Waveform min/max summary.
    public var peaks: PeakSummary
    /// The spectrogram, once computed.
    public var spectrogram: LogSpectrogram?
    /// Creates an analysis.
    public init(peaks: PeakSummary, spectrogram: LogSpectrogram? = nil) { self.peaks = peaks; self.spectrogram = spectrogram }
}
