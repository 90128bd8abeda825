import ArgumentParser
import Foundation
import Models
import Music

/// `kanade continue primer.mid --bars N --variations V [--temperature T] [--seed S] -o DIR`: the primer continued by
/// MelodyRNN, one file per take (docs/cli.md, docs/models/melody-rnn.md).
struct ContinueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "continue",
        abstract: "Continue a melody by some bars with MelodyRNN; writes DIR/take-1.mid … (primer + continuation)."
    )

    @Argument(help: "The primer: a MIDI file with one monophonic track.")
    var primer: String

    @Option(help: "Bars to add (1-32).")
    var bars = 4

    @Option(help: "Takes to write (1-8).")
    var variations = 4

    @Option(help: "0 = the most likely events; 1 = the model's own distribution; higher is wilder (0-2).")
    var temperature: Float = 1

    @Option(help: "Seed: the same seed gives the same takes.")
    var seed: UInt64 = 0

    @Option(name: [.short, .customLong("output")], help: "Folder to write the takes into (created if needed).")
    var output: String

    func validate() throws {
        guard (0...2).contains(temperature) else { throw ValidationError("--temperature must be 0 to 2") }
    }

    func run() throws {
        let input = try MelodyFiles.read(primer)
        let rnn: MelodyContinuer
        do { rnn = try MelodyContinuer() } catch {
            CommandLineOutput.error("\(error)")
            throw ExitCode.failure
        }
        let takes: [NoteSequence]
        do {
            takes = try rnn.continuations(of: input, bars: bars, variations: variations, temperature: temperature, seed: seed)
        } catch {
            CommandLineOutput.error("\(primer): \(error)")
            throw ExitCode.failure
        }
        try MelodyFiles.makeFolder(output)
        for (i, take) in takes.enumerated() {
            try MelodyFiles.write(take, to: output + "/take-\(i + 1).mid", inputs: [primer])
        }
        print("\(takes.count) takes in \(output): the primer and \(bars) more bars each (temperature \(temperature), seed \(seed))")
    }
}
