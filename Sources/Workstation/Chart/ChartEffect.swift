import Foundation
import AudioIO
import Charts
import Models

/// The chart feature's work, run off the UI thread: file reads and writes, and the chart model.
public enum ChartEffect: FeatureEffect {
    /// Read a `.sm`/`.ssc` file, reporting `loaded` or `jobFailed`.
    case read(path: String, jobID: Int)
    /// Write the simfile atomically, reporting `written` or `jobFailed`. `#MUSIC` is written relative to the
    /// file's folder when it names a file that exists.
    case write(path: String, Simfile, replacing: Bool, jobID: Int)
    /// Chart a song with the trained model: with `timing` (hand-tuned BPM and offset kept) or, when nil, the
    /// detected tempo; reports `generated` or `jobFailed`.
    case generate(audio: AudioBuffer, name: String, path: String?, timing: Timing?, difficulties: [Difficulty], jobID: Int)
    /// Render the assist tick of a chart for playback at `speed`, reporting `assistReady`.
    case renderAssist(Chart, timing: Timing, duration: Double, sampleRate: Double, speed: Double, generation: Int)
    /// Stretch tracks to `speed` with the pitch kept (librubberband), reporting `stretched` or `jobFailed`.
    case stretch([(id: Int, audio: AudioBuffer)], speed: Double, generation: Int, jobID: Int)

    /// What `generate` made.
    public struct Generated: Sendable {
        /// The song's title (the track's name without its extension).
        public var title: String
        /// The song's file, for `#MUSIC`.
        public var music: String?
        /// The timing the charts are on.
        public var timing: Timing
        /// Whether the tempo was detected (rather than the simfile's kept).
        public var detected: Bool
        /// One chart per difficulty asked.
        public var charts: [Chart]
    }

    public func run(_ context: EffectContext) {
        switch self {
        case .read(let path, let job):
            context.files.async {
                do { context.post(.chart(.loaded(jobID: job, path: path, try SimfileReader.read(expandTilde(path))))) } catch {
                    context.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .write(let path, let original, let replacing, let job):
            context.files.async {
                var simfile = original
                let target = expandTilde(path)
                if let music = simfile.music.isEmpty ? nil : expandTilde(simfile.music), music.hasPrefix("/"),
                   FileManager.default.fileExists(atPath: music) {
                    simfile.music = MusicPath.relative(music, from: target)
                }
                do {
                    try SimfileWriter.write(simfile, to: target, replacing: replacing)
                    context.post(.chart(.written(jobID: job, path: path, music: simfile.music)))
                } catch {
                    let hint = (error as? ChartFileError)?.problem == .alreadyExists ? " — :chart replace \(path) replaces it" : ""
                    context.post(.jobFailed(jobID: job, message: "\(error)\(hint)"))
                }
            }
        case .stretch(let tracks, let speed, let generation, let job):
            context.compute.async {
                var out: [Int: AudioBuffer] = [:]
                do {
                    for (i, track) in tracks.enumerated() {
                        guard !context.isCancelled(job) else { return }
                        out[track.id] = try TimeStretch.stretch(track.audio, speed: speed)
                        context.post(.jobProgress(jobID: job, fraction: Double(i + 1) / Double(tracks.count)))
                    }
                    context.post(.chart(.stretched(jobID: job, generation: generation, speed: speed, out)))
                } catch {
                    context.post(.jobFailed(jobID: job, message: "chart speed: \(error)"))
                }
            }
        case .renderAssist(let chart, let timing, let duration, let rate, let speed, let generation):
            context.compute.async {
                let ticks = AssistTick.render(chart, timing: timing, duration: duration, sampleRate: rate, speed: speed)
                context.post(.chart(.assistReady(generation: generation, AudioTrack(id: AssistTick.trackID, name: "assist tick",
                                                                                      path: nil, audio: ticks))))
            }
        case .generate(let audio, let name, let path, let timing, let difficulties, let job):
            context.model(ChartGenerator.modelName).async {
                guard !context.isCancelled(job) else { return }
                let title = String(name.split(separator: ".").dropLast().joined(separator: ".").nonEmpty ?? name)
                let music = path.map { expandTilde($0) }.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
                do {
                    let generator = try ChartGenerator()
                    let result: Generated
                    if let timing {
                        var mono = audio.mono
                        if audio.sampleRate != generator.sampleRate {
                            mono = try Resampler.resample(mono, from: audio.sampleRate, to: generator.sampleRate)
                        }
                        // Beat 0 of the kept timing is the grid the model's beat guide follows.
                        let made = generator.charts(samples: mono, bpm: timing.bpms[0].bpm, firstBeat: -timing.offset,
                                                    difficulties: difficulties)
                        let charts = made.charts.map { chart -> Chart in
                            var c = chart
                            // The generator moves beat 0 back by whole beats; put the notes back on the kept grid.
                            let shift = Beat(Int(((made.timing.offset - timing.offset) * timing.bpms[0].bpm / 60).rounded()))
                            c.notes = c.notes.map { $0.shifted(by: .zero - shift) }.filter { $0.beat >= .zero }
                            return c
                        }
                        result = Generated(title: title, music: music, timing: timing, detected: false, charts: charts)
                    } else {
                        let made = try generator.simfile(channels: audio.channels, sampleRate: audio.sampleRate, music: music ?? "",
                                                         title: title, difficulties: difficulties,
                                                         resampling: { try Resampler.resample($0, from: $1, to: $2) })
                        result = Generated(title: title, music: music, timing: made.simfile.timing, detected: true,
                                           charts: made.simfile.charts)
                    }
                    context.post(.chart(.generated(jobID: job, result)))
                } catch {
                    context.post(.jobFailed(jobID: job, message: "chart generate \(name): \(error)"))
                }
            }
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
