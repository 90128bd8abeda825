import ArgumentParser
import AudioIO
import Foundation
import Models

/// `kanade separate SONG -o DIR`: a song split into stems, one file per stem in DIR.
struct SeparateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "separate",
        abstract: "Separate a song into stems, one WAV (32-bit float) or FLAC (24-bit) file per stem.",
        discussion: """
            unet (the default when its weights are installed) writes vocals, drums, bass and other; hpss writes \
            harmonic and percussive; repet writes background (what repeats) and foreground. The stems have the \
            song's rate and channels and add up to it. Nothing is written unless every stem is: they go to \
            temporary files renamed at the end. Stateless, so a library can be fanned out: \
            parallel kanade separate {} -o {.}-stems ::: *.flac
            """
    )

    @Argument(help: "The song to separate (any format AudioFile reads).")
    var song: String

    @Option(name: .shortAndLong, help: "The folder to write the stems into (made if missing).")
    var output: String

    @Option(name: [.customLong("model"), .customLong("method")],
            help: "The separator: unet (trained four-stem model), hpss (harmonic/percussive) or repet (repeating background/foreground). Default: unet when its weights are installed, else hpss.")
    var model: String?

    @Option(help: "wav (32-bit float) or flac (24-bit).")
    var format: String = "wav"

    @Option(help: "Separate only the first SECONDS of the song.")
    var preview: Double?

    @Flag(help: "Replace stem files that already exist in the folder.")
    var overwrite = false

    func validate() throws {
        if let model, StemSeparator.Method(rawValue: model) == nil {
            throw ValidationError("--model must be one of: \(StemSeparator.Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["wav", "flac"].contains(format) else { throw ValidationError("--format must be wav or flac") }
        if let preview, !(preview > 0 && preview.isFinite) {
            throw ValidationError("--preview must be a positive number of seconds")
        }
    }

    func run() throws {
        // The separator first: a broken or missing model is named before any file is touched.
        let separator: StemSeparator
        let store = ModelStore()
        let method = model.flatMap(StemSeparator.Method.init(rawValue:))
            ?? ((try? store.locate(UNetSeparator.modelName)) != nil ? .unet : .hpss)
        if method == .unet {
            do {
                separator = StemSeparator(unet: try UNetSeparator(store: store),
                                          resampling: { try Resampler.resample($0, from: $1, to: $2) })
            } catch {
                fail("\(error)")
            }
        } else {
            separator = StemSeparator(method: method)
        }
        let ext = format == "flac" ? "flac" : "wav"
        let targets = method.stemNames.map { URL(fileURLWithPath: output).appendingPathComponent("\($0).\(ext)").path }
        // Refuse before any work, so nothing is left half-written.
        if !overwrite, let existing = targets.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            fail("\(existing): already exists; not overwriting it (--overwrite replaces it)")
        }
        var audio: AudioBuffer
        do {
            audio = try AudioFile.read(song)
        } catch {
            fail("\(error)")
        }
        guard audio.channelCount > 0, audio.frameCount > 0 else { fail("\(song): no audio in the file (0 samples)") }
        if let preview {
            let frames = min(audio.frameCount, Int(preview * audio.sampleRate))
            audio = AudioBuffer(sampleRate: audio.sampleRate, channels: audio.channels.map { Array($0[0..<max(frames, 1)]) })
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            fail("\(output): cannot make the folder (\((error as NSError).localizedDescription))")
        }
        guard FileManager.default.isWritableFile(atPath: output) else {
            fail("\(output): the folder cannot be written to")
        }
        let showsProgress = isatty(STDERR_FILENO) != 0
        let stems: [Stem]
        do {
            stems = try separator.separate(channels: audio.channels, sampleRate: audio.sampleRate) { done in
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
        // Every stem to a hidden temporary file first; renamed only when all are written.
        let temporaries = targets.map { target -> String in
            let url = URL(fileURLWithPath: target)
            return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial.\(ext)").path
        }
        func removeTemporaries() { for t in temporaries { try? FileManager.default.removeItem(atPath: t) } }
        for (stem, path) in zip(stems, temporaries) {
            do {
                try AudioFile.write(AudioBuffer(sampleRate: audio.sampleRate, channels: stem.channels), to: path,
                                    format: format == "flac" ? .flac24 : .wavFloat, overwrite: true)
            } catch {
                removeTemporaries()
                fail("\(error)")
            }
        }
        for (temporary, target) in zip(temporaries, targets) {
            if rename(temporary, target) != 0 {
                let problem = String(cString: strerror(errno))
                removeTemporaries()
                fail("\(target): cannot write (\(problem))")
            }
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(1)
    }
}
