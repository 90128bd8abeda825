import ArgumentParser
import Foundation
import Models
import Music

/// `kanade harmonize melody.mid -o satb.mid [--steps N] [--seed S]`: a melody harmonised in four voices by Coconet
/// (docs/cli.md, docs/models/coconet.md).
struct HarmonizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonize",
        abstract: "Harmonize a melody in four voices, Bach-chorale style (Coconet); writes a four-track MIDI file.",
        discussion: """
            The melody (one track, one note at a time, MIDI 36-81) becomes the soprano, unchanged; alto, tenor and \
            bass are written on a 16th-note grid. Fewer --steps are faster and less coherent. Parallel fifths and \
            octaves the network writes are then mended (the voice-leading check) unless --allow-parallels.
            """
    )

    @Argument(help: "The melody: a MIDI file with one monophonic track.")
    var melody: String

    @Option(name: [.short, .customLong("output")], help: "The four-track MIDI file to write.")
    var output: String

    @Option(help: "Gibbs sampling steps (1-1000).")
    var steps = Harmonizer.defaultGibbsSteps

    @Option(help: "Seed: the same seed gives the same harmony.")
    var seed: UInt64 = 0

    @Flag(help: "Skip the voice-leading check: keep the parallel fifths and octaves the network writes.")
    var allowParallels = false

    func validate() throws {
        guard (1...1000).contains(steps) else { throw ValidationError("--steps must be 1 to 1000") }
    }

    func run() throws {
        let input = try MelodyFiles.read(melody)
        let coconet: Harmonizer
        do {
            coconet = try Harmonizer()
        } catch {
            CommandLineOutput.error("\(error)")
            throw ExitCode.failure
        }
        let result: NoteSequence
        do {
            result = try coconet.harmonize(input, gibbsSteps: steps, seed: seed, voiceLeading: !allowParallels)
        } catch {
            CommandLineOutput.error("\(melody): \(error)")
            throw ExitCode.failure
        }
        try MelodyFiles.write(result, to: output, inputs: [melody])
        let counts = result.tracks.map { "\($0.notes.count) \($0.name.lowercased())" }.joined(separator: ", ")
        print("\(output): \(counts) notes (\(steps) Gibbs steps, seed \(seed)\(allowParallels ? ", parallels allowed" : ""))")
    }
}
