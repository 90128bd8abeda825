/// A real-valued time–frequency grid: magnitudes, powers, dB, mel bands or display rows.
///
/// Stored row-major, one row per frame: `values[frame * binCount + bin]`.
public struct Spectrogram: Sendable, Equatable {
    /// The values, `frameCount × binCount`, frame by frame.
    public var values: [Float]
    /// Number of frames (time steps).
    public let frameCount: Int
    /// Number of bins per frame (frequency rows).
    public let binCount: Int

    /// A spectrogram from row-major values; `values.count` must be `frameCount * binCount`.
    public init(values: [Float], frameCount: Int, binCount: Int) {
        precondition(values.count == frameCount * binCount, "values do not fill frameCount × binCount")
        self.values = values
        self.frameCount = frameCount
        self.binCount = binCount
    }

    /// The value at one frame and bin.
    public subscript(frame: Int, bin: Int) -> Float {
        get { values[frame * binCount + bin] }
        set { values[frame * binCount + bin] = newValue }
    }

    /// One frame's bins.
    public func frame(_ index: Int) -> ArraySlice<Float> {
        values[(index * binCount)..<((index + 1) * binCount)]
    }

    /// The largest value (0 for an empty spectrogram).
    public var maximum: Float { values.max() ?? 0 }
}
