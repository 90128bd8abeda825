import ArgumentParser
import AudioIO
import Charts
import Foundation
import Models
import Signal

/// `kanade chart SONG [--difficulty …] -o song.sm`: generated step charts for a song.
struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Generate dance-single step charts for a song and write them as a StepMania .sm or .ssc file.",
        discussion: """
            Detects the song's BPM and first beat (as kanade bpm), places steps with the trained chart model \
            (docs/models/charts.md) and picks arrows a player can step at each difficulty. #MUSIC points at the \
            song, relative to the simfile's folder. An existing file is kept unless --overwrite is given; the \
            file is written whole or not at all. A song with no clear tempo gets no chart (exit status 2).
            """
    )

    @Argument(help: "The song (any format AudioFile reads).")
    var song: String

    @Option(help: "beginner, easy, medium, hard, challenge, a comma-separated list of them, or all.")
    var difficulty: String = "all"

    @Option(name: .shortAndLong, help: "The simfile to write (.sm or .ssc).")
    var output: String

    @Flag(help: "Replace the output file if it exists.")
    var overwrite = false

    func validate() throws {
        _ = try difficulties()
        guard SimfileFormat(path: output) != nil else { throw ValidationError("-o must name a .sm or .ssc file") }
    }

    func difficulties() throws -> [Difficulty] {
        let names = difficulty.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if names == ["all"] { return [.beginner, .easy, .medium, .hard, .challenge] }
        return try names.map { name in
            guard let d = Difficulty(rawValue: name.capitalized), d != .edit else {
                throw ValidationError("--difficulty: '\(name)' is not beginner, easy, medium, hard, challenge or all")
            }
            return d
        }
    }

    func run() throws {
        if !overwrite && FileManager.default.fileExists(atPath: output) {
            fail("\(output): already exists; not overwriting it (--overwrite replaces it)")
        }
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else {
            fail("\(output): cannot write there (the folder \(folder) is missing or not writable)")
        }
        let generator: ChartGenerator
        do { generator = try ChartGenerator() } catch { fail("\(error)") }
        let (_, audio) = try CommandLineOutput.readAudio(song)
        let result: (simfile: Simfile, tempo: TempoDetection)
        do {
            result = try generator.simfile(
                channels: audio.channels, sampleRate: audio.sampleRate, music: MusicPath.relative(song, from: output),
                title: URL(fileURLWithPath: song).deletingPathExtension().lastPathComponent,
                difficulties: try difficulties(), resampling: { try Resampler.resample($0, from: $1, to: $2) })
        } catch let error as ChartGenerationError {
            CommandLineOutput.error("\(song): \(error)")
            throw ExitCode(error == .noAudio ? 1 : 2)
        }
        do {
            try SimfileWriter.write(result.simfile, to: output, replacing: overwrite)
        } catch {
            fail("\(error)")
        }
        let timing = result.simfile.timing
        print(String(format: "%@: %.2f BPM, #OFFSET:%.3f", output, timing.bpms.first?.bpm ?? 0, timing.offset))
        for chart in result.simfile.charts {
            print("  \(chart.difficulty.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(chart.notes.count) steps")
        }
    }

    private func fail(_ message: String) -> Never {
        CommandLineOutput.error(message)
        Foundation.exit(1)
    }
}
