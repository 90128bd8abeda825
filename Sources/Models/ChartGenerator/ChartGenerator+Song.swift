import Charts
import Signal

/// Why a song got no charts.
public enum ChartGenerationError: Error, Equatable, CustomStringConvertible {
    /// The file holds no samples.
    case noAudio
    /// The tempo detector found no clear tempo (it never guesses 120); its reason.
    case noTempo(String)

    public var description: String {
        switch self {
        case .noAudio: "no audio in the file (0 samples)"
        case .noTempo(let why): "no clear tempo to chart against (\(why)); set the BPM by hand"
        }
    }
}

extension ChartGenerator {
    /// A whole song's charts as a simfile: its tempo detected (`Signal.TempoDetector`), the channels mixed to mono
    /// and resampled to the model's rate by `resampling(samples, from, to)`, one chart per asked difficulty, and
    /// `#MUSIC` set to `music`. Throws `ChartGenerationError` when there is nothing to chart.
    public func simfile(channels: [[Float]], sampleRate: Double, music: String, title: String,
                        difficulties: [Difficulty],
                        resampling: ([Float], Double, Double) throws -> [Float]) throws -> (simfile: Simfile, tempo: TempoDetection) {
        let frames = channels.map(\.count).min() ?? 0
        guard frames > 0 else { throw ChartGenerationError.noAudio }
        var mono = [Float](repeating: 0, count: frames)
        for channel in channels {
            for i in 0..<frames { mono[i] += channel[i] }
        }
        let scale = 1 / Float(channels.count)
        for i in 0..<frames { mono[i] *= scale }
        let detection = TempoDetector().detect(mono, sampleRate: sampleRate)
        guard let bpm = detection.bpm, let first = detection.firstBeat else {
            throw ChartGenerationError.noTempo(detection.problem ?? "unknown")
        }
        let samples = sampleRate == self.sampleRate ? mono : try resampling(mono, sampleRate, self.sampleRate)
        let generated = charts(samples: samples, bpm: bpm, firstBeat: first, difficulties: difficulties)
        let simfile = Simfile(title: title, music: music, timing: generated.timing, charts: generated.charts)
        return (simfile, detection)
    }
}
