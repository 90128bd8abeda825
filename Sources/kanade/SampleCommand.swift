import ArgumentParser
import Foundation
import Models
import Music

extension MelodyVAE.Flavor: ExpressibleByArgument {}

/// `kanade sample --count N --bars 2|16 -o DIR`: new melodies from the melody VAE's prior (docs/cli.md).
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write new melodies drawn from the melody VAE (sample-01.mid …)."
    )

    @Option(help: "Number of melodies.")
    var count = 4

    @Option(help: "Model: 2 (2-bar melodies) or 16 (16-bar melodies).")
    var bars = 2

    @Option(help: "sampling (the model trained for it, 2 bars only) or interpolation (the slider's model). Default: sampling where there is one.")
    var flavor: MelodyVAE.Flavor?

    @Option(help: "0 = most likely notes (greedy); 1 = the model's own distribution; higher is wilder.")
    var temperature: Float = 1

    @Option(help: "Seed: the same seed gives the same melodies.")
    var seed: UInt64 = 0

    @Option(name: [.short, .customLong("output")], help: "Folder to write the melodies into (created if needed).")
    var output: String

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be 1 or more") }
        guard temperature >= 0 && temperature.isFinite else { throw ValidationError("--temperature must be 0 or more") }
    }

    func run() throws {
        let flavor = flavor ?? MelodyVAE.samplingFlavor(bars: bars)
        let vae = try MelodyFiles.model(bars: bars, flavor: flavor)
        try MelodyFiles.makeFolder(output)
        for (i, melody) in vae.sample(count: count, temperature: temperature, seed: seed).enumerated() {
            try MelodyFiles.write(melody, to: MelodyFiles.numberedPath(output, "sample", i, of: count))
        }
        print("\(count) melodies of \(bars) bars in \(output) (\(MelodyVAE.modelName(bars: bars, flavor: flavor)), z from \(vae.prior.summary), temperature \(temperature), seed \(seed))")
    }
}
