import ArgumentParser
import Foundation
import Models
import Music

/// `kanade interpolate A.mid B.mid --steps N -o out.mid`: the melodies between two melodies, through the
/// melody VAE's latent space (docs/cli.md).
struct InterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Write the melodies between two melodies (MusicVAE interpolation), A's and B's reconstructions first and last."
    )

    @Argument(help: "The first melody (MIDI file; all non-drum notes, from the start, sixteenth grid).")
    var a: String

    @Argument(help: "The second melody.")
    var b: String

    @Option(help: "Number of melodies, both ends included (2 or more).")
    var steps = 11

    @Option(help: "Model: 2 (2-bar blocks) or 16 (16-bar blocks).")
    var bars = 2

    @Option(help: "0 = most likely notes (greedy); above 0 samples, more varied as it rises.")
    var temperature: Float = 0

    @Option(help: "Seed for sampling (temperature above 0).")
    var seed: UInt64 = 0

    @Option(name: [.short, .customLong("output")], help: "Write all steps, one after another, to this MIDI file.")
    var output: String?

    @Option(help: "Also write one MIDI file per step into this folder (step-01.mid …).")
    var split: String?

    func validate() throws {
        guard steps >= 2 else { throw ValidationError("--steps must be 2 or more") }
        guard temperature >= 0 && temperature.isFinite else { throw ValidationError("--temperature must be 0 or more") }
        guard output != nil || split != nil else { throw ValidationError("give -o FILE, --split DIR, or both") }
    }

    func run() throws {
        let vae = try MelodyFiles.model(bars: bars)
        let first = try MelodyFiles.read(a), second = try MelodyFiles.read(b)
        let bpm = first.tempoMap.beatsPerMinute(atTick: 0)
        let melodies = vae.interpolate(first, second, steps: steps, temperature: temperature, seed: seed)
        let blockBars = vae.bars * max(vae.blockCount(of: first), vae.blockCount(of: second))
        if let output {
            try MelodyFiles.write(MelodyFiles.joined(melodies, blockBars: blockBars, beatsPerMinute: bpm),
                                  to: output, inputs: [a, b])
        }
        if let split {
            try MelodyFiles.makeFolder(split)
            for (i, melody) in melodies.enumerated() {
                try MelodyFiles.write(MelodyFiles.retimed(melody, beatsPerMinute: bpm),
                                      to: MelodyFiles.numberedPath(split, "step", i, of: steps), inputs: [a, b])
            }
        }
        print("\(steps) melodies of \(blockBars) bars (melody-vae-\(vae.bars)bar, temperature \(temperature))")
    }
}
