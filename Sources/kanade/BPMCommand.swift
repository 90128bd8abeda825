import ArgumentParser
import Foundation
import Signal

/// `kanade bpm SONG [--json]`: the song's tempo, its first beat and the candidates the detector weighed.
struct BPMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bpm",
        abstract: "Detect a song's tempo (BPM), first beat and tempo candidates.",
        discussion: """
        Prints the BPM, the time of the first beat (and the StepMania #OFFSET that puts beat 0 there), \
        how periodic the onsets are (clarity, 0…1), the candidates with their confidences (always the best's \
        ×2 and ÷2), and the tempo changes when there are any. When there is no clear tempo (silence, noise, \
        under 5 seconds) it says so and why, lists what candidates there were, and exits with status 2. \
        See docs/charts.md.
        """
    )

    @Argument(help: "The audio file.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let (_, buffer) = try CommandLineOutput.readAudio(file)
        let detection = TempoDetector().detect(buffer.mono, sampleRate: buffer.sampleRate)
        print(json ? try jsonText(detection) : text(detection), terminator: "")
        if detection.bpm == nil { throw ExitCode(2) }
    }

    private func text(_ d: TempoDetection) -> String {
        var out = ""
        if let bpm = d.bpm, let first = d.firstBeat {
            out += String(format: "%@: %.2f BPM, first beat at %.3f s (#OFFSET:%.3f)\n", file, bpm, first, -first)
        } else {
            out += "\(file): no clear tempo: \(d.problem ?? "unknown")\n"
        }
        out += String(format: "clarity: %.2f\n", d.clarity)
        if !d.candidates.isEmpty {
            out += "candidates:\n"
            for c in d.candidates {
                out += String(format: "  %7.2f BPM  %.2f  %@\n", c.bpm, c.confidence, c.relation.rawValue)
            }
        }
        if d.segments.count > 1 {
            out += "tempo changes:\n"
            for s in d.segments {
                out += String(format: "  from %8.3f s  %7.2f BPM  (%d beats)\n", s.start, s.bpm, s.beatCount)
            }
        }
        return out
    }

    private struct Output: Encodable {
        struct Candidate: Encodable { var bpm: Double; var confidence: Double; var relation: String }
        struct Segment: Encodable { var start: Double; var bpm: Double; var beats: Int }
        var file: String
        var bpm: Double?
        var firstBeat: Double?
        var offset: Double?
        var clarity: Double
        var problem: String?
        var candidates: [Candidate]
        var segments: [Segment]
        var beats: [Double]
    }

    private func jsonText(_ d: TempoDetection) throws -> String {
        let output = Output(
            file: file, bpm: d.bpm, firstBeat: d.firstBeat, offset: d.firstBeat.map { -$0 }, clarity: d.clarity,
            problem: d.problem,
            candidates: d.candidates.map { .init(bpm: $0.bpm, confidence: $0.confidence, relation: $0.relation.rawValue) },
            segments: d.segments.map { .init(start: $0.start, bpm: $0.bpm, beats: $0.beatCount) },
            beats: d.beats)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(output), as: UTF8.self) + "\n"
    }
}
