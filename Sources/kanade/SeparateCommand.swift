import ArgumentParser
import AudioIO
import Foundation
import Models

/// `kanade separate SONG -o DIR`: a song split into stems, one WAV per stem in DIR.
struct SeparateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "separate",
        abstract: "Separate a song into stems, one 32-bit float WAV file per stem.",
        discussion: """
            hpss writes harmonic.wav and percussive.wav; repet writes background.wav (what repeats) and \
            foreground.wav. The stems have the song's rate and channels and add up to it. Stateless, so \
            a library can be fanned out: parallel kanade separate {} -o {.}-stems ::: *.flac
            """
    )

    @Argument(help: "The song to separate (any format AudioFile reads).")
    var song: String

    @Option(name: .shortAndLong, help: "The folder to write the stems into (made if missing).")
    var output: String

    @Option(help: "The method: hpss (harmonic/percussive) or repet (repeating background/foreground).")
    var method: String = "hpss"

    @Flag(help: "Replace stem files that already exist in the folder.")
    var overwrite = false

    func validate() throws {
        guard StemSeparator.Method(rawValue: method) != nil else {
            throw ValidationError("--method must be one of: \(StemSeparator.Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let method = StemSeparator.Method(rawValue: method) ?? .hpss
        let targets = method.stemNames.map { URL(fileURLWithPath: output).appendingPathComponent("\($0).wav").path }
        // Refuse before any work, so nothing is left half-written.
        if !overwrite, let existing = targets.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            fail("\(existing): already exists; not overwriting it (--overwrite replaces it)")
        }
        let audio: AudioBuffer
        do {
            audio = try AudioFile.read(song)
        } catch {
            fail("\(error)")
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            fail("\(output): cannot make the folder (\((error as NSError).localizedDescription))")
        }
        let showsProgress = isatty(STDERR_FILENO) != 0
        let stems: [Stem]
        do {
            stems = try StemSeparator(method: method).separate(channels: audio.channels, sampleRate: audio.sampleRate) { done in
                if showsProgress {
                    let width = 30, filled = Int(done * Double(width))
                    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                    FileHandle.standardError.write(Data("\r[\(bar)] \(Int(done * 100))%".utf8))
                }
                return true
            }
        } catch {
            fail("\(song): \(error)")
        }
        if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        for (stem, path) in zip(stems, targets) {
            do {
                try AudioFile.write(AudioBuffer(sampleRate: audio.sampleRate, channels: stem.channels), to: path,
                                    format: .wavFloat, overwrite: overwrite)
            } catch {
                fail("\(error)")
            }
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(1)
    }
}
