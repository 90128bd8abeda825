import CSndfile
import Foundation

/// A file read a block at a time, for work that must not hold a whole long recording (`kanade separate` on an
/// hour-long file). Planar `Float`, non-finite samples as 0, as `AudioFile.read`.
public final class AudioFileReader {
    /// The header.
    public let info: AudioFileInfo
    /// Whether `info.frameCount` is the real length (not an estimate, as for some MP3s).
    public let frameCountIsExact: Bool
    private let file: SoundFile
    private var closed = false
    private var framesRead: Int64 = 0

    /// Opens `path`; the error names the file and the problem.
    public init(path: String) throws {
        file = try SoundFile(reading: path)
        info = file.info
        frameCountIsExact = file.frameCountIsExact && !file.headerAdmitsTruncation
    }

    deinit { close() }

    /// The next `frames` frames (fewer at the end, none after it).
    public func read(frames: Int) throws -> [[Float]] {
        let channels = info.channelCount
        var planar = [[Float]](repeating: [], count: channels)
        guard !closed, frames > 0 else { return planar }
        for c in 0..<channels { planar[c].reserveCapacity(frames) }
        var interleaved = [Float](repeating: 0, count: min(frames, 16_384) * channels)
        var remaining = frames
        while remaining > 0 {
            let want = min(remaining, 16_384)
            let got = Int(interleaved.withUnsafeMutableBufferPointer { sf_readf_float(file.handle, $0.baseAddress, sf_count_t(want)) })
            if got <= 0 { break }
            for c in 0..<channels {
                for f in 0..<got {
                    let v = interleaved[f * channels + c]
                    planar[c].append(v.isFinite ? v : 0)
                }
            }
            remaining -= got
            framesRead += Int64(got)
            if got < want { break }
        }
        if sf_error(file.handle) != 0 {
            throw AudioFileError(path: info.path, problem: .decodingFailed(String(cString: sf_strerror(file.handle))))
        }
        if planar[0].count < frames, frameCountIsExact, framesRead < info.frameCount {
            throw AudioFileError(path: info.path, problem: .truncated(expectedFrames: info.frameCount, foundFrames: framesRead))
        }
        return planar
    }

    /// Closes the file (also on deinit).
    public func close() {
        if !closed { file.close(); closed = true }
    }
}

/// A file written a block at a time to a temporary name, renamed into place by `finish` only when complete, so a
/// failed or cancelled write leaves nothing behind (`abandon`, or deinit without `finish`, removes it).
public final class AudioFileWriter {
    /// Where the file goes.
    public let path: String
    private let temporary: String
    private var handle: OpaquePointer?
    private let channels: Int

    /// Starts writing `channels` channels at `sampleRate` in `format` to `path`; an existing file is refused
    /// unless `overwrite`.
    public init(path: String, sampleRate: Double, channels: Int, format: AudioFileWriteFormat, overwrite: Bool = false) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw AudioFileError(path: path, problem: .alreadyExists)
        }
        self.path = path
        self.channels = channels
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp").path
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate.rounded())
        info.channels = Int32(channels)
        info.format = format.sndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw AudioFileError(path: path, problem: .writeFailed("libsndfile refuses \(format) at \(info.samplerate) Hz, \(channels) channels"))
        }
        guard let handle = sf_open(temporary, Int32(SFM_WRITE), &info) else {
            throw AudioFileError(path: path, problem: .writeFailed(SoundFile.lastOpenError()))
        }
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        self.handle = handle
    }

    deinit { abandon() }

    /// Appends planar frames (every channel the same length).
    public func append(_ planar: [[Float]]) throws {
        guard let handle else { throw AudioFileError(path: path, problem: .writeFailed("already finished")) }
        precondition(planar.count == channels, "\(planar.count) channels for a \(channels)-channel file")
        let count = planar.first?.count ?? 0
        var interleaved = [Float](repeating: 0, count: count * channels)
        for c in 0..<channels {
            let channel = planar[c]
            for f in 0..<count { interleaved[f * channels + c] = channel[f] }
        }
        let written = interleaved.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, sf_count_t(count)) }
        if written != count {
            let message = String(cString: sf_strerror(handle))
            abandon()
            throw AudioFileError(path: path, problem: .writeFailed(message))
        }
    }

    /// Closes the file and renames it into place.
    public func finish() throws {
        guard let handle else { throw AudioFileError(path: path, problem: .writeFailed("already finished")) }
        self.handle = nil
        if sf_close(handle) != 0 {
            unlink(temporary)
            throw AudioFileError(path: path, problem: .writeFailed("closing the file failed"))
        }
        if rename(temporary, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw AudioFileError(path: path, problem: .writeFailed(message))
        }
    }

    /// Stops and removes the temporary file (nothing is left at `path`).
    public func abandon() {
        if let handle {
            sf_close(handle)
            self.handle = nil
            unlink(temporary)
        }
    }
}
