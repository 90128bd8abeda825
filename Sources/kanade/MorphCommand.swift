import ArgumentParser
import AudioIO
import Foundation
import Models
import Synth
import Workstation

/// `kanade morph`: notes of a point between four instruments of the timbre model, as WAV files or a SoundFont.
struct MorphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "morph",
        abstract: "Generate notes at a point of the instrument morph grid (four corner instruments) as WAV or SoundFont.",
        discussion: """
            The corners are instruments the timbre model knows (kanade morph --list), bottom-left, bottom-right, \
            top-left, top-right; the point mixes them with NSynth Super's weights (docs/models/timbre.md). Notes are \
            4 s at the model's 16 kHz (3 s held, 1 s release) with a 3 ms fade-in. --sf2 writes a SoundFont 2 \
            instrument of every third key from 24 to 84, each with a sustain loop, that fluidsynth and DAWs play. \
            A corner may also be a program (flute) or family (brass) word, a WAV file of one held note, which \
            the model's encoder turns into a point, or a random timbre: random:SEED (a draw from the model's \
            prior, the same for the same seed; random alone draws a seed and prints it).
            """
    )

    @Flag(help: "Print the instruments the model knows, one name a line.")
    var list = false

    @Option(help: "Four corners, comma-separated (bottom-left, bottom-right, top-left, top-right): instrument names, program or family words, one-note WAV files, or random[:SEED].")
    var corners: String?

    @Option(help: "The point X,Y, each 0…1.")
    var at: String = "0.5,0.5"

    @Option(help: "The MIDI pitch of the note (24…84).")
    var pitch: Int?

    @Flag(help: "One WAV a pitch (24…84) into the folder -o names, as pitch-060.wav.")
    var allPitches = false

    @Option(help: "Write the point as a SoundFont 2 file.")
    var sf2: String?

    @Option(name: .shortAndLong, help: "The WAV file (or, with --all-pitches, the folder) to write.")
    var output: String?

    @Flag(help: "Replace files that exist.")
    var overwrite = false

    @Flag(help: "Write nothing; time the model in this process instead (load, one note at --pitch or 60, all 61 pitches) and print the figures as JSON.")
    var timing = false

    func point() throws -> (x: Double, y: Double) {
        let parts = at.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts.allSatisfy({ (0...1).contains($0) }) else { throw ValidationError("--at must be X,Y with each in 0…1") }
        return (parts[0], parts[1])
    }

    func validate() throws {
        if list { return }
        guard corners != nil else { throw ValidationError("give --corners A,B,C,D (or --list)") }
        _ = try point()
        if timing { return }
        let outputs = (pitch != nil ? 1 : 0) + (allPitches ? 1 : 0) + (sf2 != nil ? 1 : 0)
        guard outputs == 1 else { throw ValidationError("give one of --pitch P -o note.wav, --all-pitches -o DIR, --sf2 out.sf2") }
        if pitch != nil || allPitches, output == nil { throw ValidationError("-o is needed with --pitch and --all-pitches") }
    }

    func run() throws {
        MemoryReuse.keepFreedMemory()
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let voices: MorphVoices
        do { voices = try MorphVoices.shared() } catch { fail("\(error)") }
        let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
        let timbre = voices.timbre
        if list {
            print(timbre.instrumentNames.joined(separator: "\n"))
            return
        }
        let words = (corners ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard words.count == 4 else { fail("--corners: need four instruments, got \(words.count)") }
        // `random` becomes `random:SEED`, said on stderr so the same timbre can be asked for again.
        let names = words.map { voices.resolved(corner: $0) }
        for (word, name) in zip(words, names) where word.lowercased() == MorphVoices.random {
            FileHandle.standardError.write(Data("\(word) → \(name)\n".utf8))
        }
        let (x, y) = try point()
        let point: TimbrePoint
        do { point = try voices.point(of: MorphSpec(corners: names, x: x, y: y)) } catch { fail("\(error)") }
        let rate = Double(timbre.sampleRate)
        if timing {
            printTiming(voices, point: point, pitch: pitch ?? 60, loadMilliseconds: loadMilliseconds)
            return
        }
        if let pitch {
            guard timbre.pitches.contains(pitch) else { fail("--pitch \(pitch): the model plays \(timbre.pitches.lowerBound)…\(timbre.pitches.upperBound)") }
            write(voices.note(point: point, pitch: pitch), rate: rate, to: output!)
        } else if allPitches {
            let folder = output!
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                fail("\(folder): cannot make the folder (\((error as NSError).localizedDescription))")
            }
            let paths = timbre.pitches.map { URL(fileURLWithPath: folder).appendingPathComponent(String(format: "pitch-%03d.wav", $0)).path }
            if !overwrite, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                fail("\(existing): already exists; not overwriting it (--overwrite replaces it)")
            }
            for (path, note) in zip(paths, voices.notes(point: point)) { write(note.samples, rate: rate, to: path) }
        } else if let sf2 {
            if !overwrite && FileManager.default.fileExists(atPath: sf2) { fail("\(sf2): already exists; not overwriting it (--overwrite replaces it)") }
            let notes = voices.notes(point: point, pitches: Array(stride(from: timbre.pitches.lowerBound, through: timbre.pitches.upperBound, by: 3)))
            let title = "morph " + names.map { MorphVoices.isRecording($0) ? (($0 as NSString).lastPathComponent as NSString).deletingPathExtension
                                                                          : $0.split(separator: ".").first.map(String.init) ?? $0 }.joined(separator: "-")
            do { try SoundFontWriter.write(name: title, notes: notes, to: sf2) } catch { fail("\(error)") }
        }
    }

    /// Best-of times in milliseconds, in this process: one note (generator, inversion, fade) five times; all 61
    /// pitches on every core three times.
    private func printTiming(_ voices: MorphVoices, point: TimbrePoint, pitch: Int, loadMilliseconds: Double) {
        func best(_ repeats: Int, _ work: () -> Void) -> Double {
            (0..<repeats).map { _ in
                let t = DispatchTime.now().uptimeNanoseconds
                work()
                return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
            }.min()!
        }
        let one = best(5) { _ = voices.note(point: point, pitch: pitch) }
        let all = best(3) { _ = voices.notes(point: point) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(String(format: "{\"load_ms\": %.1f, \"one_note_ms\": %.2f, \"all_pitches_ms\": %.1f, \"pitches\": %d, \"threads\": %d}",
                     loadMilliseconds, one, all, voices.timbre.pitches.count, cores))
    }

    private func write(_ samples: [Float], rate: Double, to path: String) {
        do {
            try AudioFile.write(AudioBuffer(sampleRate: rate, channels: [samples]), to: path, format: .wavFloat, overwrite: overwrite)
        } catch {
            fail("\(error)")
        }
    }

    private func fail(_ message: String) -> Never {
        CommandLineOutput.error(message)
        Foundation.exit(1)
    }
}
