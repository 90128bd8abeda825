import CSndfile
import Foundation
import Synchronization

/// Reading and writing audio files through libsndfile: WAV, AIFF, FLAC, OGG/Vorbis, Opus, MP3 and
/// the rest of what the installed libsndfile reads; writes WAV (16/24-bit, float) and FLAC.
///
/// Reading never trusts the header for memory: samples are decoded in fixed-size chunks and the
/// buffer grows only with what was actually decoded, so a header claiming hours of audio in a
/// 1 KB file costs nothing. A header that promises more frames than the file delivers is an error
/// (`.truncated`). Non-finite samples (NaN, ±inf in float files) become 0.
public enum AudioFile {
    /// The longest audio `read` loads, in seconds (3 hours: far beyond a song, ~2 GB of stereo Float at 48 kHz).
    public static let maximumSeconds: Double = 3 * 60 * 60
    /// The most channels a file may have (the headers of real files stop far below).
    public static let maximumChannels = 64

    /// The header of the file at `path`.
    public static func info(_ path: String) throws -> AudioFileInfo {
        let file = try SoundFile(reading: path)
        defer { file.close() }
        return file.info
    }

    /// All of the file at `path`, decoded to planar `Float`.
    public static func read(_ path: String) throws -> AudioBuffer {
        try readWithInfo(path).buffer
    }

    /// The header and all the audio of the file at `path`.
    public static func readWithInfo(_ path: String) throws -> (info: AudioFileInfo, buffer: AudioBuffer) {
        let file = try SoundFile(reading: path)
        defer { file.close() }
        let info = file.info
        let channels = info.channelCount
        let framesPerChunk = 16_384
        let limit = Int64(maximumSeconds * info.sampleRate)
        if info.frameCount > limit { throw AudioFileError(path: path, problem: .tooLong(seconds: info.duration)) }
        var planar = [[Float]](repeating: [], count: channels)
        // Reserve no more than a chunk's worth up front: the header's frame count may be a lie.
        for c in 0..<channels { planar[c].reserveCapacity(min(Int(info.frameCount), framesPerChunk)) }
        var interleaved = [Float](repeating: 0, count: framesPerChunk * channels)
        var total: Int64 = 0
        while true {
            let read = interleaved.withUnsafeMutableBufferPointer {
                sf_readf_float(file.handle, $0.baseAddress, sf_count_t(framesPerChunk))
            }
            if read <= 0 { break }
            total += read
            if total > limit {
                throw AudioFileError(path: path, problem: .tooLong(seconds: Double(total) / info.sampleRate))
            }
            for c in 0..<channels {
                for f in 0..<Int(read) {
                    let sample = interleaved[f * channels + c]
                    planar[c].append(sample.isFinite ? sample : 0)
                }
            }
        }
        let status = sf_error(file.handle)
        if status != 0 {
            throw AudioFileError(path: path, problem: .decodingFailed(String(cString: sf_strerror(file.handle))))
        }
        if file.frameCountIsExact && total < info.frameCount || file.headerAdmitsTruncation {
            throw AudioFileError(path: path, problem: .truncated(expectedFrames: file.promisedFrames ?? info.frameCount,
                                                                 foundFrames: total))
        }
        if total == 0 { throw AudioFileError(path: path, problem: .unreadable("no audio frames")) }
        return (info, AudioBuffer(sampleRate: info.sampleRate, channels: planar))
    }

    /// Writes `buffer` to `path` in `format`, atomically: a temporary file in the same folder,
    /// renamed over `path` only once complete. Refuses to replace an existing file unless `overwrite`.
    /// Integer formats clip samples outside −1…1 instead of wrapping.
    public static func write(_ buffer: AudioBuffer, to path: String, format: AudioFileWriteFormat,
                             overwrite: Bool = false) throws {
        let writer = try AudioFileWriter(path: path, sampleRate: buffer.sampleRate, channels: buffer.channelCount,
                                         format: format, overwrite: overwrite)
        let framesPerChunk = 16_384
        var start = 0
        while start < buffer.frameCount {
            let end = min(start + framesPerChunk, buffer.frameCount)
            try writer.append(buffer.channels.map { Array($0[start..<end]) })
            start = end
        }
        try writer.finish()
    }
}

/// libsndfile's "length unknown" frame count.
let unknownLength = Int64.max

/// An open libsndfile handle for reading, with the checks every open needs.
struct SoundFile {
    let handle: OpaquePointer
    let info: AudioFileInfo
    /// Frames the container's data chunk claims when libsndfile had to shorten it to the file size.
    let promisedFrames: Int64?
    var headerAdmitsTruncation: Bool { promisedFrames != nil }
    /// Whether the header's frame count is a promise rather than an estimate. libsndfile estimates
    /// the length of an MP3 without a Xing/Info header from its size and bit rate, so falling short
    /// of it is no sign of damage there.
    let frameCountIsExact: Bool

    /// libsndfile reports failed opens through one global error; opening under a lock keeps the message ours.
    private static let openLock = Mutex(())

    init(reading path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw AudioFileError(path: path, problem: errno == ENOENT ? .notFound : .unreadable(String(cString: strerror(errno))))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw AudioFileError(path: path, problem: .notARegularFile) }
        guard status.st_size > 0 else { throw AudioFileError(path: path, problem: .empty) }
        var raw = SF_INFO()
        let opened: Result<OpaquePointer, AudioFileError> = Self.openLock.withLock { _ in
            if let handle = sf_open(path, Int32(SFM_READ), &raw) { return .success(handle) }
            return .failure(AudioFileError(path: path, problem: .unreadable(Self.lastOpenError())))
        }
        let handle = try opened.get()
        guard raw.channels > 0, Int(raw.channels) <= AudioFile.maximumChannels else {
            sf_close(handle)
            throw AudioFileError(path: path, problem: .implausibleHeader("\(raw.channels) channels"))
        }
        guard raw.samplerate >= 1, raw.samplerate <= 1_536_000 else {
            sf_close(handle)
            throw AudioFileError(path: path, problem: .implausibleHeader("sample rate \(raw.samplerate) Hz"))
        }
        self.handle = handle
        self.info = AudioFileInfo(path: path, format: AudioFileFormat(sndfileFormat: raw.format),
                                  sampleRate: Double(raw.samplerate), channelCount: Int(raw.channels),
                                  frameCount: raw.frames)
        self.promisedFrames = Self.promisedFrames(handle, frameBytes: Self.bytesPerFrame(raw))
        self.frameCountIsExact = raw.frames != unknownLength
            && (raw.format & Int32(SF_FORMAT_TYPEMASK)) != Int32(SF_FORMAT_MPEG)
    }

    func close() { sf_close(handle) }

    static func lastOpenError() -> String {
        String(cString: sf_strerror(nil))
    }

    private static func bytesPerFrame(_ info: SF_INFO) -> Int64? {
        let bytes: Int64
        switch info.format & Int32(SF_FORMAT_SUBMASK) {
        case Int32(SF_FORMAT_PCM_S8), Int32(SF_FORMAT_PCM_U8), Int32(SF_FORMAT_ULAW), Int32(SF_FORMAT_ALAW): bytes = 1
        case Int32(SF_FORMAT_PCM_16): bytes = 2
        case Int32(SF_FORMAT_PCM_24): bytes = 3
        case Int32(SF_FORMAT_PCM_32), Int32(SF_FORMAT_FLOAT): bytes = 4
        case Int32(SF_FORMAT_DOUBLE): bytes = 8
        default: return nil
        }
        return bytes * Int64(info.channels)
    }

    /// WAV/AIFF-style containers: libsndfile shortens a data chunk that runs past the end of the file
    /// and logs "data : 352800 (should be 956)". That line is the only trace of the lie, so read it.
    private static func promisedFrames(_ handle: OpaquePointer, frameBytes: Int64?) -> Int64? {
        var log = [CChar](repeating: 0, count: 8192)
        sf_command(handle, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        let text = log.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("data") || trimmed.hasPrefix("SSND"), trimmed.contains("(should be") else { continue }
            let numbers = trimmed.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
            guard numbers.count >= 2, numbers[0] > numbers[1] else { continue }
            return frameBytes.map { numbers[0] / max($0, 1) } ?? numbers[0]
        }
        return nil
    }
}
