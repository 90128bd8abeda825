import ArgumentParser
import AudioIO
import Foundation
import Workstation
import Models
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

    @Option(help: "The synth patch for every track: gm (one per track from its General MIDI program), lead or sine.")
    var patch: String = "gm"

    @Option(help: "One instrument for every track instead: lead, piano …, gm:N (the synth's patch), sf:N (General MIDI program N from the SoundFont), or morph:A,B,C,D@X,Y (a morph-grid point of the timbre model, as kanade morph).")
    var instrument: String?

    func validate() throws {
        guard (8_000...192_000).contains(sampleRate) else {
            throw ValidationError("--sample-rate must be between 8000 and 192000")
        }
        guard ["gm", "lead", "sine"].contains(patch) else { throw ValidationError("--patch must be gm, lead or sine") }
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
        let audio: AudioBuffer
        if let instrument {
            let played = makeInstrument(instrument)
            audio = Bounce.render(sequence, sampleRate: Double(sampleRate)) { _ in played }
        } else {
            audio = Bounce.render(sequence, sampleRate: Double(sampleRate)) { track in
                PolySynth(patch: patch == "sine" ? .sine : patch == "lead" ? .lead : .generalMIDI(program: track.program))
            }
        }
        do {
            // -o names the file to replace, so an existing output is overwritten (atomically).
            try AudioFile.write(audio, to: output, format: .wav16, overwrite: true)
        } catch {
            fail("\(error)")
        }
    }

    /// The instrument `--instrument` names; a problem is one line and exit status 1. A morph point is made
    /// at all 61 pitches, as the workstation's tracks play it.
    private func makeInstrument(_ text: String) -> PlayedInstrument {
        let choice: InstrumentChoice
        do { choice = try InstrumentChoice(parsing: text) } catch { fail("--instrument: \(error)") }
        if case .morph = choice { MorphVoices.install() }
        do { return try choice.makeInstrumentChecked() } catch { fail("--instrument \(text): \(error)") }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(1)
    }
}
