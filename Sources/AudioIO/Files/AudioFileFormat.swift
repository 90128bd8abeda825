import CSndfile

/// What kind of file an audio file is, in libsndfile's words ("WAV (Microsoft)", "Signed 16 bit PCM").
public struct AudioFileFormat: Equatable, Sendable, CustomStringConvertible {
    /// The container, e.g. "WAV (Microsoft)", "FLAC (Free Lossless Audio Codec)", "OGG (OGG Container format)".
    public let container: String
    /// The sample encoding, e.g. "Signed 16 bit PCM", "32 bit float", "Vorbis".
    public let encoding: String

    /// "container, encoding".
    public var description: String { "\(container), \(encoding)" }

    init(sndfileFormat format: Int32) {
        container = Self.name(of: format & Int32(SF_FORMAT_TYPEMASK)) ?? "unknown container"
        encoding = Self.name(of: format & Int32(SF_FORMAT_SUBMASK)) ?? "unknown encoding"
    }

    private static func name(of format: Int32) -> String? {
        var info = SF_FORMAT_INFO()
        info.format = format
        guard sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0,
              let name = info.name else { return nil }
        return String(cString: name)
    }
}

/// The formats Kanade writes.
public enum AudioFileWriteFormat: Sendable, CaseIterable {
    /// WAV, 16-bit integer PCM.
    case wav16
    /// WAV, 24-bit integer PCM.
    case wav24
    /// WAV, 32-bit float.
    case wavFloat
    /// FLAC, 16-bit.
    case flac16
    /// FLAC, 24-bit.
    case flac24

    var sndfileFormat: Int32 {
        switch self {
        case .wav16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wav24: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavFloat: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flac16: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flac24: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        }
    }
}
