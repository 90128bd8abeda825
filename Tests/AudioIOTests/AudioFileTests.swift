import Foundation
import TestSupport
import Testing
@testable import AudioIO

@Suite struct AudioFileTests {
    static let sine = AudioBuffer(sampleRate: 44_100, channels: [
        (0..<4410).map { 0.5 * Float(sin(2 * Double.pi * 440 * Double($0) / 44_100)) },
        (0..<4410).map { -0.25 * Float(sin(2 * Double.pi * 220 * Double($0) / 44_100)) },
    ])

    @Test(arguments: [
        (AudioFileWriteFormat.wav16, "wav", Float(1.0 / 32_768)),
        (.wav24, "wav", Float(1.0 / 8_388_608)),
        (.wavFloat, "wav", Float(0)),
        (.flac16, "flac", Float(1.0 / 32_768)),
        (.flac24, "flac", Float(1.0 / 8_388_608)),
    ])
    func writesAndReadsBack(format: AudioFileWriteFormat, ext: String, tolerance: Float) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("out.\(ext)")
        try AudioFile.write(Self.sine, to: path, format: format)
        let (info, back) = try AudioFile.readWithInfo(path)
        #expect(info.channelCount == 2 && info.sampleRate == 44_100 && info.frameCount == 4410)
        #expect(back.frameCount == 4410)
        for c in 0..<2 {
            let worst = zip(back.channels[c], Self.sine.channels[c]).map { abs($0 - $1) }.max()!
            #expect(worst <= tolerance, "\(format) channel \(c) error \(worst)")
        }
        // Nothing but the result is left in the folder: the temporary file was renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.\(ext)"])
    }

    @Test func writeRefusesToReplaceAFileUnlessAsked() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write([1, 2, 3], to: "mine.wav")
        #expect(throws: AudioFileError(path: path, problem: .alreadyExists)) {
            try AudioFile.write(Self.sine, to: path, format: .wav16)
        }
        #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))
        try AudioFile.write(Self.sine, to: path, format: .wav16, overwrite: true)
        #expect(try AudioFile.read(path).frameCount == 4410)
    }

    @Test func integerFormatsClipInsteadOfWrapping() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let loud = AudioBuffer(sampleRate: 8000, channels: [[1.5, -2, 0.5]])
        try AudioFile.write(loud, to: dir.file("loud.wav"), format: .wav16)
        let back = try AudioFile.read(dir.file("loud.wav")).channels[0]
        #expect(back[0] > 0.999 && back[1] <= -0.999 && abs(back[2] - 0.5) < 1e-4)
    }

    @Test func nonFiniteSamplesBecomeZero() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let bad = AudioBuffer(sampleRate: 8000, channels: [[.nan, .infinity, -.infinity, 0.25]])
        try AudioFile.write(bad, to: dir.file("nan.wav"), format: .wavFloat)
        #expect(try AudioFile.read(dir.file("nan.wav")).channels[0] == [0, 0, 0, 0.25])
    }

    @Test(arguments: [
        ("sine440-mono-44k.ogg", "OGG", 44_100.0, 1),
        ("sine440-stereo-48k.opus", "OGG", 48_000, 2),
        ("sine440-mono-44k.mp3", "MPEG", 44_100, 1),
        ("sine440-stereo-44k.aiff", "AIFF", 44_100, 2),
        ("sine440-mono-44k.flac", "FLAC", 44_100, 1),
        ("sine440-stereo-48k.wav", "WAV", 48_000, 2),
    ])
    func readsEveryCommonFormat(name: String, container: String, rate: Double, channels: Int) throws {
        let (info, buffer) = try AudioFile.readWithInfo(fixturePath("audio/\(name)"))
        #expect(info.format.container.hasPrefix(container), "\(info.format)")
        #expect(buffer.sampleRate == rate && buffer.channelCount == channels)
        #expect(abs(buffer.duration - 0.5) < 0.01)
        // A 0.5-amplitude sine: lossy codecs keep the peak within a couple of dB.
        let peak = buffer.channels[0].map(abs).max()!
        #expect(peak > 0.4 && peak < 0.6, "peak \(peak)")
    }

    // MARK: Corrupt input: one error naming the file, no crash, no huge allocation.

    @Test func missingFile() {
        let error = readError("/nonexistent/kanade/x.wav")
        #expect(error?.problem == .notFound)
        #expect(error?.description == "/nonexistent/kanade/x.wav: no such file")
    }

    @Test func zeroLengthFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write([], to: "empty.wav")
        #expect(readError(path)?.problem == .empty)
    }

    @Test func directoryIsNotAFile() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect(readError(dir.path)?.problem == .notARegularFile)
    }

    @Test func garbage() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var state: UInt32 = 7
        let bytes = (0..<5000).map { _ -> UInt8 in state = state &* 1_103_515_245 &+ 12345; return UInt8(state >> 24) }
        let path = try dir.write(bytes, to: "garbage.wav")
        guard case .unreadable(let message)? = readError(path)?.problem else {
            Issue.record("garbage was not reported unreadable"); return
        }
        #expect(!message.isEmpty)
        #expect(readError(path)!.description.hasPrefix(path + ": not a readable audio file"))
    }

    @Test func truncatedWAV() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try AudioFile.write(Self.sine, to: dir.file("whole.wav"), format: .wav16)
        let bytes = [UInt8](FileManager.default.contents(atPath: dir.file("whole.wav"))!)
        let path = try dir.write(Array(bytes.prefix(1000)), to: "cut.wav")
        let error = readError(path)
        #expect(error?.problem == .truncated(expectedFrames: 4410, foundFrames: 239))
        #expect(error?.description.contains("cut.wav: truncated") == true)
    }

    @Test func truncatedFLAC() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try AudioFile.write(Self.sine, to: dir.file("whole.flac"), format: .flac16)
        let bytes = [UInt8](FileManager.default.contents(atPath: dir.file("whole.flac"))!)
        let path = try dir.write(Array(bytes.prefix(bytes.count / 2)), to: "cut.flac")
        let error = readError(path)
        switch error?.problem {
        case .truncated?, .decodingFailed?: break
        default: Issue.record("half a FLAC gave \(String(describing: error))")
        }
    }

    @Test func lyingHeaderClaimingGigabytes() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        // 4 GB of stereo 16-bit promised, 1 KB delivered.
        let path = try dir.write(wavHeader(channels: 2, dataBytes: 0xFFFF_FF00) + [UInt8](repeating: 0, count: 1024),
                             to: "liar.wav")
        let before = residentPeakBytes()
        let error = readError(path)
        guard case .truncated(let expected, let found)? = error?.problem else {
            Issue.record("lying header gave \(String(describing: error))"); return
        }
        #expect(expected > 1_000_000_000 / 4 && found == 256)
        // Nowhere near the gigabytes the header asks for (the peak is process-wide, so allow slack).
        #expect(residentPeakBytes() - before < 200 << 20)
    }

    @Test func implausibleChannelCount() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(wavHeader(channels: 60_000, dataBytes: 120_000) + [UInt8](repeating: 0, count: 120_000),
                             to: "wide.wav")
        let problem = readError(path)?.problem
        switch problem {
        case .implausibleHeader?, .unreadable?: break
        default: Issue.record("60000 channels gave \(String(describing: problem))")
        }
    }

    @Test func zeroSampleRate() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(wavHeader(sampleRate: 0, dataBytes: 200) + [UInt8](repeating: 0, count: 200), to: "zero.wav")
        #expect(readError(path) != nil)
    }

    private func readError(_ path: String) -> AudioFileError? {
        do {
            _ = try AudioFile.read(path)
            return nil
        } catch let error as AudioFileError {
            return error
        } catch {
            Issue.record("not an AudioFileError: \(error)")
            return nil
        }
    }
}

/// The process's peak resident memory so far, in bytes.
func residentPeakBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

@Suite struct AudioFileMutationTests {
    /// Seeded byte flips, truncations and length lies over every fixture format: each read either
    /// succeeds with finite samples or throws an `AudioFileError`, and never crashes.
    @Test(arguments: ["sine440-stereo-48k.wav", "sine440-stereo-44k.aiff", "sine440-mono-44k.flac",
                      "sine440-mono-44k.ogg", "sine440-stereo-48k.opus", "sine440-mono-44k.mp3"])
    func mutatedFilesNeverCrash(name: String) throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath("audio/\(name)"))))
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(max(bound, 1)))
        }
        var failures = 0
        for trial in 0..<40 {
            var bytes = original
            switch trial % 3 {
            case 0:   // flip a few bytes, mostly in the header where the lengths live
                for _ in 0..<4 { bytes[next(min(bytes.count, 256))] = UInt8(next(256)) }
            case 1:   // cut anywhere
                bytes = Array(bytes.prefix(next(bytes.count)))
            default:  // flip bytes anywhere
                for _ in 0..<16 { bytes[next(bytes.count)] = UInt8(next(256)) }
            }
            let path = dir.file("mutant-\(trial)-\(name)")
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            do {
                let buffer = try AudioFile.read(path)
                #expect(buffer.channels.allSatisfy { $0.allSatisfy(\.isFinite) })
            } catch let error as AudioFileError {
                #expect(error.path == path)
                failures += 1
            }
        }
        #expect(failures > 0)   // the mutations do break files
    }
}
