/// What an audio file's header says: format, rate, channels, length.
public struct AudioFileInfo: Equatable, Sendable {
    /// The file, as the caller named it.
    public let path: String
    /// Container and encoding.
    public let format: AudioFileFormat
    /// Frames per second.
    public let sampleRate: Double
    /// Number of channels.
    public let channelCount: Int
    /// Frames the header promises (after libsndfile's own checks against the file size).
    public let frameCount: Int64
    /// Length in seconds.
    public var duration: Double { Double(frameCount) / sampleRate }
}
