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
            Corners from your own WAV recordings are not built yet.
            """
    )

    @Flag(help: "Print the instruments the model knows, one name a line.")
    var list = false

    @Option(help: "Four instrument names, comma-separated: bottom-left, bottom-right, top-left, top-right.")
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

    func point() throws -> (x: Double, y: Double) {
        let parts = at.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts.allSatisfy({ (0...1).contains($0) }) else { throw ValidationError("--at must be X,Y with each in 0…1") }
        return (parts[0], parts[1])
    }

    func validate() throws {
        if list { return }
        guard corners != nil else { throw ValidationError("give --corners A,B,C,D (or --list)") }
        _ = try point()
        let outputs = (pitch != nil ? 1 : 0) + (allPitches ? 1 : 0) + (sf2 != nil ? 1 : 0)
        guard outputs == 1 else { throw ValidationError("give one of --pitch P -o note.wav, --all-pitches -o DIR, --sf2 out.sf2") }
        if pitch != nil || allPitches, output == nil { throw ValidationError("-o is needed with --pitch and --all-pitches") }
    }

    func run() throws {
        let timbre: TimbreGenerator
        do { timbre = try TimbreGenerator() } catch { fail("\(error)") }
        if list {
            print(timbre.instrumentNames.joined(separator: "\n"))
            return
        }
        let names = (corners ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count == 4 else { fail("--corners: need four instruments, got \(names.count)") }
        var latents: [[Float]] = []
        for name in names {
            if name.lowercased().hasSuffix(".wav") {
                fail("\(name): corners from a recording are not built yet; use an instrument name (kanade morph --list)")
            }
            guard let z = timbre.latent(named: name) else {
                let close = timbre.instrumentNames.filter { $0.hasPrefix(name.split(separator: ".").first.map(String.init) ?? name) }
                fail("\(name): no such instrument in the timbre model\(close.isEmpty ? "" : " (did you mean \(close.prefix(3).joined(separator: ", "))?)"); kanade morph --list names them")
            }
            latents.append(z)
        }
        let (x, y) = try point()
        let z = CornerBlend.latent(x: x, y: y, corners: latents)
        let rate = Double(timbre.sampleRate)
        func note(_ p: Int) -> [Float] { Self.fadeIn(timbre.note(z: z, pitch: p), samples: Int(0.003 * rate)) }
        if let pitch {
            guard timbre.pitches.contains(pitch) else { fail("--pitch \(pitch): the model plays \(timbre.pitches.lowerBound)…\(timbre.pitches.upperBound)") }
            write(note(pitch), rate: rate, to: output!)
        } else if allPitches {
            let folder = output!
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                fail("\(folder): cannot make the folder (\((error as NSError).localizedDescription))")
            }
            let paths = timbre.pitches.map { (URL(fileURLWithPath: folder).appendingPathComponent(String(format: "pitch-%03d.wav", $0)).path, $0) }
            if !overwrite, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0.0) }) {
                fail("\(existing.0): already exists; not overwriting it (--overwrite replaces it)")
            }
            for (path, p) in paths { write(note(p), rate: rate, to: path) }
        } else if let sf2 {
            if !overwrite && FileManager.default.fileExists(atPath: sf2) { fail("\(sf2): already exists; not overwriting it (--overwrite replaces it)") }
            let notes = stride(from: timbre.pitches.lowerBound, through: timbre.pitches.upperBound, by: 3).map {
                SampledNote(samples: note($0), sampleRate: rate, pitch: $0)
            }
            let title = "morph " + names.map { $0.split(separator: ".").first.map(String.init) ?? $0 }.joined(separator: "-")
            do { try SoundFontWriter.write(name: title, notes: notes, to: sf2) } catch { fail("\(error)") }
        }
    }

    private func write(_ samples: [Float], rate: Double, to path: String) {
        do {
            try AudioFile.write(AudioBuffer(sampleRate: rate, channels: [samples]), to: path, format: .wavFloat, overwrite: overwrite)
        } catch {
            fail("\(error)")
        }
    }

    /// A linear ramp over the first samples (the generated notes start away from zero: a click).
    static func fadeIn(_ x: [Float], samples: Int) -> [Float] {
        var y = x
        for i in 0..<min(samples, y.count) { y[i] *= Float(i) / Float(samples) }
        return y
    }

    private func fail(_ message: String) -> Never {
        CommandLineOutput.error(message)
        Foundation.exit(1)
    }
}
