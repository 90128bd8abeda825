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

    @Option(help: "Wiener/EM iterations after the U-Net's masks (default: the model file's choice, 0 — the masks alone, which scored better on the validation songs).")
    var wiener: Int?

    @Flag(help: "Read the whole song before separating (what files of unknown length get) instead of streaming it.")
    var noStream = false

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
        MemoryReuse.keepFreedMemory()
        // The separator first: a broken or missing model is named before any file is touched.
        let separator: StemSeparator
        let store = ModelStore()
        let method = model.flatMap(StemSeparator.Method.init(rawValue:))
            ?? ((try? store.locate(UNetSeparator.modelName)) != nil ? .unet : .hpss)
        if method == .unet {
            do {
                var unet = try UNetSeparator(store: store)
                if let wiener { unet.wienerIterations = max(0, min(wiener, 10)) }
                separator = StemSeparator(unet: unet, resampling: { try Resampler.resample($0, from: $1, to: $2) })
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
        // A file whose length is known, at a rate the separator takes as it is, is separated as a stream: a chunk
        // read, separated and appended to the stems' files at a time, so an hour-long recording fits in memory.
        let reader: AudioFileReader
        do { reader = try AudioFileReader(path: song) } catch { fail("\(error)") }
        if !noStream, reader.frameCountIsExact, reader.info.frameCount > 0,
           method != .unet || separator.unet.map({ $0.sampleRate == reader.info.sampleRate }) == true {
            stream(reader, separator: separator, targets: targets, ext: ext)
            return
        }
        reader.close()
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

    /// Separates `reader`'s file chunk by chunk into the stems' files (see `run`).
    private func stream(_ reader: AudioFileReader, separator: StemSeparator, targets: [String], ext: String) {
        let info = reader.info
        var length = Int(info.frameCount)
        if let preview { length = min(length, max(1, Int(preview * info.sampleRate))) }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            fail("\(output): cannot make the folder (\((error as NSError).localizedDescription))")
        }
        guard FileManager.default.isWritableFile(atPath: output) else { fail("\(output): the folder cannot be written to") }
        var writers: [AudioFileWriter] = []
        do {
            for target in targets {
                writers.append(try AudioFileWriter(path: target, sampleRate: info.sampleRate, channels: info.channelCount,
                                                   format: format == "flac" ? .flac24 : .wavFloat, overwrite: overwrite))
            }
        } catch {
            writers.forEach { $0.abandon() }
            fail("\(error)")
        }
        // What has been read and not yet passed to the separator: frames `held` on from frame `heldStart`.
        var held = [[Float]](repeating: [], count: info.channelCount), heldStart = 0
        var problem: String?
        let showsProgress = isatty(STDERR_FILENO) != 0
        do {
            try separator.separate(length: length, sampleRate: info.sampleRate, read: { range in
                let drop = range.lowerBound - heldStart
                if drop > 0 { for c in held.indices { held[c].removeFirst(min(drop, held[c].count)) }; heldStart = range.lowerBound }
                while heldStart + held[0].count < range.upperBound {
                    let more: [[Float]]
                    do { more = try reader.read(frames: max(range.upperBound - heldStart - held[0].count, 65_536)) } catch {
                        problem = "\(error)"
                        return nil
                    }
                    if more[0].isEmpty { problem = "\(song): ended at frame \(heldStart + held[0].count), before \(range.upperBound)"; return nil }
                    for c in held.indices { held[c] += more[c] }
                }
                let from = range.lowerBound - heldStart
                return held.map { Array($0[from..<(from + range.count)]) }
            }, progress: { done in
                if showsProgress {
                    let width = 30, filled = Int(done * Double(width))
                    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                    FileHandle.standardError.write(Data("\r[\(bar)] \(Int(done * 100))%".utf8))
                }
                return true
            }, emit: { _, parts in
                guard problem == nil else { return }
                do { for (writer, part) in zip(writers, parts) { try writer.append(part) } } catch { problem = "\(error)" }
            })
        } catch {
            writers.forEach { $0.abandon() }
            fail("\(song): \(problem ?? "\(error)")")
        }
        if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        if let problem {
            writers.forEach { $0.abandon() }
            fail(problem)
        }
        do { for writer in writers { try writer.finish() } } catch {
            writers.forEach { $0.abandon() }
            fail("\(error)")
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(1)
    }
}
