import CALSA
import Foundation

/// An ALSA playback device: interleaved signed 16-bit, blocking `snd_pcm_writei` of one period.
///
/// Opening asks for the rate and channel count given and takes what the device grants (read it
/// back from `sampleRate`/`channelCount`: the engine resamples tracks to the granted rate).
/// Underruns are recovered silently with `snd_pcm_recover(pcm, err, 1)` and reported to the
/// engine, which counts them; ALSA's own error printing is switched off for the whole process
/// (`snd_lib_error_set_handler`), so nothing ever lands in the terminal.
public final class ALSASink: AudioSink, @unchecked Sendable {
    public let sampleRate: Double
    public let channelCount: Int
    public let periodFrames: Int
    public let bufferFrames: Int
    public let name: String
    /// The ALSA device name it was opened with.
    public let device: String

    private let pcm: OpaquePointer
    /// Conversion buffer for one period, allocated here so `write` never allocates.
    private let converted: UnsafeMutablePointer<Int16>
    private var closed = false

    /// Opens `device` for playback ("default", "hw:0", "file:'out.wav',wav", …).
    /// Throws `AudioDeviceError` when the device does not exist or refuses every configuration.
    public init(device: String, sampleRate: Double, channelCount: Int,
                periodFrames: Int = 512, periods: Int = 4) throws {
        Self.silenceALSA()
        var handle: OpaquePointer?
        var status = snd_pcm_open(&handle, device, SND_PCM_STREAM_PLAYBACK, 0)
        guard status >= 0, let pcm = handle else { throw AudioDeviceError(device: device, code: status, step: "open") }

        var hw: OpaquePointer?
        snd_pcm_hw_params_malloc(&hw)
        defer { snd_pcm_hw_params_free(hw) }
        var rate = UInt32(sampleRate.rounded())
        var channels = UInt32(channelCount)
        var period = snd_pcm_uframes_t(periodFrames)
        var buffer = snd_pcm_uframes_t(periodFrames * periods)
        var direction: Int32 = 0
        let steps: [(String, () -> Int32)] = [
            ("hw_params_any", { snd_pcm_hw_params_any(pcm, hw) }),
            ("access", { snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED) }),
            ("format", { snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE) }),
            ("channels", { snd_pcm_hw_params_set_channels_near(pcm, hw, &channels) }),
            ("rate", { snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, &direction) }),
            ("period size", { snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, &direction) }),
            ("buffer size", { snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer) }),
            ("hw_params", { snd_pcm_hw_params(pcm, hw) }),
        ]
        for (step, call) in steps {
            status = call()
            if status < 0 {
                snd_pcm_close(pcm)
                throw AudioDeviceError(device: device, code: status, step: step)
            }
        }
        snd_pcm_hw_params_get_period_size(hw, &period, &direction)
        snd_pcm_hw_params_get_buffer_size(hw, &buffer)

        var sw: OpaquePointer?
        snd_pcm_sw_params_malloc(&sw)
        defer { snd_pcm_sw_params_free(sw) }
        snd_pcm_sw_params_current(pcm, sw)
        // Start once half the buffer is queued: early enough to never sit PREPARED, late enough
        // that the first periods do not underrun.
        snd_pcm_sw_params_set_start_threshold(pcm, sw, max(buffer / 2, period))
        snd_pcm_sw_params_set_avail_min(pcm, sw, period)
        snd_pcm_sw_params(pcm, sw)

        self.pcm = pcm
        self.device = device
        self.sampleRate = Double(rate)
        self.channelCount = Int(channels)
        self.periodFrames = Int(period)
        self.bufferFrames = Int(buffer)
        self.name = "ALSA \(device), \(rate) Hz, \(channels) ch, \(buffer / max(period, 1)) × \(period)"
        converted = .allocate(capacity: Int(period) * Int(channels))
    }

    deinit {
        close()
        converted.deallocate()
    }

    public func start() {
        snd_pcm_prepare(pcm)
    }

    /// Whether the PCM never blocks (ALSA's `file` and `null` plugins, by name or behind `default` in an
    /// `.asoundrc`): such a device must be paced (`PacedSink`) or the engine races the clock.
    public var isUnclocked: Bool {
        let type = snd_pcm_type(pcm)
        return type == SND_PCM_TYPE_FILE || type == SND_PCM_TYPE_NULL
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) -> AudioSinkWriteResult {
        let count = frames * channelCount
        for i in 0..<count {
            // Round to nearest and clip: a file's 16-bit samples come back bit-exact.
            let scaled = (samples[i] * 32_768).rounded()
            converted[i] = scaled.isNaN ? 0 : Int16(max(-32_768, min(32_767, scaled)))
        }
        var result = AudioSinkWriteResult.written
        var offset = 0
        while offset < frames {
            let written = snd_pcm_writei(pcm, converted + offset * channelCount, snd_pcm_uframes_t(frames - offset))
            if written >= 0 {
                offset += Int(written)   // a short write: go on with the rest
                continue
            }
            let error = Int32(written)
            if error == -EPIPE { result = .recoveredFromUnderrun }
            if snd_pcm_recover(pcm, error, 1) < 0 { return .failed(code: error) }
        }
        return result
    }

    public func drain() {
        snd_pcm_drain(pcm)
    }

    public func close() {
        guard !closed else { return }
        closed = true
        snd_pcm_close(pcm)
    }

    /// Turns off ALSA's stderr messages for the whole process (idempotent).
    static func silenceALSA() {
        _ = silenced
    }

    private static let silenced: Void = kanade_alsa_silence_errors()
}

/// An ALSA device could not be opened or configured.
public struct AudioDeviceError: Error, CustomStringConvertible, Sendable {
    /// The device name.
    public let device: String
    /// ALSA's negative error code.
    public let code: Int32
    /// Which step failed ("open", "rate", …).
    public let step: String

    /// "audio device 'default': open failed: No such file or directory".
    public var description: String {
        "audio device '\(device)': \(step) failed: \(String(cString: snd_strerror(code)))"
    }
}
