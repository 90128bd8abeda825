import ArgumentParser
import AudioIO
import Foundation
import Music
import Synth

/// `kanade render FILE.mid -o out.wav`: an offline bounce of a MIDI file through the built-in synth.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a Standard MIDI File to a WAV file with the built-in synth."
    )

    @Argument(help: "The MIDI file to render.")
    var file: String

    @Option(name: .shortAndLong, help: "The WAV file to write (replaced atomically; never the input file).")
    var output: String

    @Option(help: "Sample rate in Hz.")
    var sampleRate: Int = 48_000

    @Option(help: "The synth patch: lead or sine.")
    var patch: String = "lead"

    func validate() throws {
        guard (8_000...192_000).contains(sampleRate) else {
            throw ValidationError("--sample-rate must be between 8000 and 192000")
        }
        guard ["lead", "sine"].contains(patch) else { throw ValidationError("--patch must be lead or sine") }
    }

    func run() throws {
        let input = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath()
        let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath()
        guard input.path != target.path else { fail("\(output): refusing to overwrite the input file") }
        let sequence: NoteSequence
        do {
            sequence = try NoteSequence(midiFile: file)
        } catch {
            fail(error.description)
        }
        let synth = PolySynth(patch: patch == "sine" ? .sine : .lead)
        let audio = Bounce.render(sequence, instrument: synth, sampleRate: Double(sampleRate))
        do {
            try WAVWriter.pcm16(audio).write(to: target, options: .atomic)
        } catch {
            fail("\(output): cannot write: \(error.localizedDescription)")
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(1)
    }
}

/// A minimal 16-bit PCM WAV encoder.
///
/// Stopgap until AudioIO's `AudioFile` (libsndfile) lands on main; then `render` writes through it.
enum WAVWriter {
    static func pcm16(_ audio: AudioBuffer) -> Data {
        let channels = audio.channelCount, frames = audio.frameCount
        let dataBytes = frames * channels * 2
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + dataBytes); d.append(contentsOf: Array("WAVE".utf8))
        d.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(channels)
        u32(Int(audio.sampleRate)); u32(Int(audio.sampleRate) * channels * 2); u16(channels * 2); u16(16)
        d.append(contentsOf: Array("data".utf8)); u32(dataBytes)
        var samples = [Int16](repeating: 0, count: frames * channels)
        for c in 0..<channels {
            let channel = audio.channels[c]
            for i in 0..<frames {
                let x = channel[i].isFinite ? min(max(channel[i], -1), 1) : 0
                samples[i * channels + c] = Int16((x * 32767).rounded()).littleEndian
            }
        }
        samples.withUnsafeBytes { d.append(contentsOf: $0) }
        return d
    }
}
