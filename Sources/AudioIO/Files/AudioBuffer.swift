/// Audio in memory: planar `Float` samples, one array per channel, all the same length.
///
/// Samples are nominally in −1…1. Planar storage keeps per-channel DSP (STFT, peak
/// detection, waveform drawing) free of stride arithmetic.
public struct AudioBuffer: Sendable, Equatable {
    /// Frames per second.
    public var sampleRate: Double
    /// One array of samples per channel; every channel has `frameCount` samples.
    public var channels: [[Float]]

    /// Creates a buffer from planar channels, which must all have the same length.
    public init(sampleRate: Double, channels: [[Float]]) {
        precondition(!channels.isEmpty, "an AudioBuffer has at least one channel")
        precondition(channels.allSatisfy { $0.count == channels[0].count }, "channels differ in length")
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// A silent buffer of `frameCount` frames.
    public init(sampleRate: Double, channelCount: Int, frameCount: Int) {
        self.init(sampleRate: sampleRate,
                  channels: Array(repeating: [Float](repeating: 0, count: frameCount), count: channelCount))
    }

    /// Number of channels (1 mono, 2 stereo …).
    public var channelCount: Int { channels.count }
    /// Number of frames (samples per channel).
    public var frameCount: Int { channels[0].count }
    /// Length in seconds.
    public var duration: Double { Double(frameCount) / sampleRate }

    /// The average of all channels, for analysis that wants one signal.
    public var mono: [Float] {
        guard channelCount > 1 else { return channels[0] }
        var out = [Float](repeating: 0, count: frameCount)
        let scale = 1 / Float(channelCount)
        for channel in channels {
            for i in 0..<frameCount { out[i] += channel[i] * scale }
        }
        return out
    }
}
