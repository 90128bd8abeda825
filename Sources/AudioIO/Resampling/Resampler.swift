import CSoxr

/// Sample-rate conversion with libsoxr (the SoX resampler), at its "very high quality" setting
/// (28-bit, linear phase, passband to 91.3 % of Nyquist).
public enum Resampler {
    /// `buffer` converted to `sampleRate`; the same buffer when the rates already match.
    /// The output has `round(frames × new rate / old rate)` frames, the filter's delay removed.
    public static func resample(_ buffer: AudioBuffer, to sampleRate: Double) throws -> AudioBuffer {
        precondition(sampleRate > 0, "sample rate must be positive")
        if buffer.sampleRate == sampleRate { return buffer }
        let channels = try buffer.channels.map { try resample($0, from: buffer.sampleRate, to: sampleRate) }
        return AudioBuffer(sampleRate: sampleRate, channels: channels)
    }

    /// One channel converted from `inputRate` to `outputRate`.
    public static func resample(_ samples: [Float], from inputRate: Double, to outputRate: Double) throws -> [Float] {
        let outputCount = Int((Double(samples.count) * outputRate / inputRate).rounded())
        var output = [Float](repeating: 0, count: outputCount)
        guard !samples.isEmpty, outputCount > 0 else { return output }
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(SOXR_VHQ), 0)
        var produced = 0
        let error: soxr_error_t? = samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                soxr_oneshot(inputRate, outputRate, 1, input.baseAddress, input.count, nil,
                             out.baseAddress, out.count, &produced, &io, &quality, nil)
            }
        }
        if let error { throw ResamplerError(message: String(cString: error)) }
        // oneshot flushes the filter tail, so `produced` is the full length (pad if soxr rounded down).
        return output
    }
}

/// libsoxr refused a conversion (its message).
public struct ResamplerError: Error, CustomStringConvertible, Sendable {
    /// libsoxr's message.
    public let message: String
    /// "resampling failed: …".
    public var description: String { "resampling failed: \(message)" }
}
