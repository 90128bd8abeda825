import Foundation
import Music

/// An osu!mania beatmap (`.osu`, file format v14) of a 4-lane chart (../shared/reference/charts.md §4).
///
/// Times are computed once per note from its exact beat and rounded to the millisecond only there, so
/// nothing drifts across tempo changes (ArrowVortex's .osu drift, #233–235). osu! has no stops: after
/// each one a red timing point restarts the beat grid where the song resumes. Mines and fakes have no
/// osu! counterpart and are left out; rolls become holds; lifts become taps.
public struct OsuManiaExport {
    /// The song (title, artist, music file).
    public let simfile: Simfile
    /// The chart to export (4 lanes).
    public let chart: Chart
    /// The path (or a name) errors mention.
    public let name: String

    /// An export of `chart` of `simfile`; `name` is used in errors.
    public init(simfile: Simfile, chart: Chart, name: String) {
        self.simfile = simfile
        self.chart = chart
        self.name = name
    }

    /// Milliseconds of the audio at which `beat` is hit (rounded once).
    static func milliseconds(_ timing: Timing, _ beat: Beat) -> Int {
        Int((timing.seconds(at: beat) * 1000).rounded())
    }

    /// The `.osu` text.
    public func encode() throws(ChartFileError) -> String {
        guard chart.laneCount == 4 else {
            throw ChartFileError(path: name, problem: .unwritable("osu!mania export is for 4 lanes, this chart has \(chart.laneCount)"))
        }
        let timing = simfile.timing(of: chart)
        var out = "osu file format v14\n\n[General]\n"
        out += "AudioFilename: \(simfile.music)\nAudioLeadIn: 0\nPreviewTime: -1\nCountdown: 0\nSampleSet: Normal\n"
        out += "StackLeniency: 0.7\nMode: 3\nLetterboxInBreaks: 0\nSpecialStyle: 0\nWidescreenStoryboard: 0\n\n"
        out += "[Editor]\nDistanceSpacing: 1\nBeatDivisor: 4\nGridSize: 4\nTimelineZoom: 1\n\n"
        out += "[Metadata]\nTitle:\(oneLine(simfile.title))\nTitleUnicode:\(oneLine(simfile.title))\n"
        out += "Artist:\(oneLine(simfile.artist))\nArtistUnicode:\(oneLine(simfile.artist))\n"
        out += "Creator:\(oneLine(chart.author.isEmpty ? "Kanade" : chart.author))\n"
        out += "Version:\(chart.difficulty.rawValue) \(chart.meter)\nSource:\nTags:kanade\n\n"
        out += "[Difficulty]\nHPDrainRate:8\nCircleSize:4\nOverallDifficulty:8\nApproachRate:5\n"
        out += "SliderMultiplier:1.4\nSliderTickRate:1\n\n"
        out += "[Events]\n//Background and Video events\n//Break Periods\n\n"
        out += "[TimingPoints]\n"
        // Red points: every tempo change, and the resumption after every stop or delay.
        var points: [(ms: Double, bpm: Double)] = timing.bpms.map { (timing.seconds(atBeat: $0.beat.value) * 1000, $0.bpm) }
        for stop in timing.stops {
            points.append(((timing.seconds(at: stop.beat) + stop.seconds) * 1000, timing.bpm(at: stop.beat)))
        }
        for delay in timing.delays {
            points.append((timing.seconds(at: delay.beat) * 1000, timing.bpm(at: delay.beat)))
        }
        points.sort { $0.ms < $1.ms }
        for point in points {
            out += "\(Int(point.ms.rounded())),\(Self.decimal(60000 / point.bpm)),4,1,0,100,1,0\n"
        }
        out += "\n[HitObjects]\n"
        for note in chart.notes {
            let x = note.lane * 512 / 4 + 256 / 4   // column = floor(x · 4 / 512)
            let start = Self.milliseconds(timing, note.beat)
            switch note.kind {
            case .tap, .lift: out += "\(x),192,\(start),1,0,0:0:0:0:\n"
            case .hold(let end), .roll(let end):
                out += "\(x),192,\(start),128,0,\(Self.milliseconds(timing, end)):0:0:0:0:\n"
            case .mine, .fake: continue
            }
        }
        return out
    }

    /// Writes the export to `path` atomically; an existing file is replaced only when `replacing`.
    public func write(to path: String, replacing: Bool = false) throws(ChartFileError) {
        let text = try encode()
        if !replacing && FileManager.default.fileExists(atPath: path) {
            throw ChartFileError(path: path, problem: .alreadyExists)
        }
        do { try AtomicFile.write(text, to: path) } catch {
            throw ChartFileError(path: path, problem: .cannotWrite(error.reason))
        }
    }

    private func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// The shortest text that reads back to `value`, without an exponent.
    static func decimal(_ value: Double) -> String {
        let shortest = "\(value)"
        if !shortest.contains("e") { return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest }
        var text = String(format: "%.12f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
