import AudioIO
import Foundation
import Models

/// The stems feature's work, off the UI thread: separating on the separator's own queue (chunks go straight
/// to the transport, so playback hears them as they come), loading a project's stems, analysing them for the
/// waveform and spectrogram panes, and exporting.
public enum StemsEffect: FeatureEffect {
    /// Separate `audio` (the track `trackID`) by `method`, feeding the transport chunk by chunk.
    /// Separation starts at the song's frame `from` (the playhead) and then does the part before it.
    case separate(jobID: Int, generation: Int, trackID: Int, audio: AudioBuffer, method: StemSeparator.Method, from: Int,
                  laneGains: [Float], listenToStems: Bool)
    /// Read a project's stems from `files` and hand them to the transport.
    case load(jobID: Int, generation: Int, trackID: Int, files: [String], mix: AudioBuffer, laneGains: [Float], listenToStems: Bool)
    /// Hand stems already in memory to the transport (redo of a separation) and report them as loaded.
    case feed(jobID: Int, generation: Int, trackID: Int, stems: [AudioBuffer], mix: AudioBuffer, laneGains: [Float], listenToStems: Bool)
    /// Compute a lane's waveform summary and spectrogram.
    case analyze(generation: Int, lane: Int, AudioBuffer)
    /// Lane gains and A/B to the transport.
    case mix(trackID: Int, laneGains: [Float], listenToStems: Bool)
    /// The track plays without stems.
    case end(trackID: Int)
    /// Write each stem as `folder/NAME.wav` (or `.flac`), atomically; refuses to replace files unless `replace`.
    case export(jobID: Int, folder: String, names: [String], audio: [AudioBuffer], flac: Bool, replace: Bool)

    /// Chunk length of a separation in the workstation: short, so the first seconds are ready at once.
    static let chunkSeconds = 8.0

    /// The separator for `method`: the classical ones on 8-second chunks; the U-Net (loaded once) on its own
    /// 10-second chunks, songs at other rates resampled in and out.
    static func separator(_ method: StemSeparator.Method) throws -> StemSeparator {
        guard method == .unet else { return StemSeparator(method: method, chunkSeconds: chunkSeconds, overlapSeconds: 0.5) }
        return StemSeparator(unet: try bundledUNet.value(),
                             resampling: { try Resampler.resample($0, from: $1, to: $2) })
    }

    public func run(_ context: EffectContext) {
        let post = context.post
        switch self {
        case .separate(let job, let generation, let trackID, let audio, let method, let from, let gains, let listen):
            context.model("stem-separator").async {
                // Cancelled (or undone) before it started: nothing reaches the engine.
                guard !context.isCancelled(job) else {
                    post(.stems(.cancelled(jobID: job, generation: generation)))
                    return
                }
                let separator: StemSeparator
                do { separator = try Self.separator(method) } catch {
                    post(.jobFailed(jobID: job, message: "separate \(method.rawValue): \(error); :separate hpss or :separate repet need no model"))
                    return
                }
                let transport = context.transport
                transport?.beginStems(trackID: trackID, generation: generation, stemCount: method.stemNames.count,
                                      sampleRate: audio.sampleRate, channelCount: audio.channelCount)
                transport?.setStemMix(trackID: trackID, laneGains: gains, listenToStems: listen)
                var stems = method.stemNames.map { _ in audio.channels.map { [Float](repeating: 0, count: $0.count) } }
                let total = Double(audio.frameCount)
                // The part from the playhead first, then the start up to it.
                let passes = (from > 0 ? [from..<audio.frameCount, 0..<from] : [0..<audio.frameCount])
                do {
                    var done = 0.0
                    for pass in passes {
                        let share = Double(pass.count) / total
                        try separator.separate(channels: audio.channels.map { Array($0[pass]) }, sampleRate: audio.sampleRate, progress: { fraction in
                            post(.jobProgress(jobID: job, fraction: done + fraction * share))
                            return !context.isCancelled(job)
                        }, emit: { start, parts in
                            let at = pass.lowerBound + start
                            for (s, part) in parts.enumerated() {
                                for (c, samples) in part.enumerated() {
                                    stems[s][c].replaceSubrange(at..<(at + samples.count), with: samples)
                                }
                            }
                            transport?.appendStems(generation: generation, parts, at: at)
                            let count = parts.first?.first?.count ?? 0
                            post(.stems(Self.chunk(generation: generation, mix: audio, stems: stems, from: at, to: at + count)))
                        })
                        done += share
                    }
                    transport?.finishStems(generation: generation)
                    post(.stems(.separated(jobID: job, generation: generation,
                                           stems.map { AudioBuffer(sampleRate: audio.sampleRate, channels: $0) })))
                } catch StemSeparationError.cancelled {
                    // The reducer ends the engine's stems if nothing newer has replaced them meanwhile.
                    post(.stems(.cancelled(jobID: job, generation: generation)))
                } catch {
                    transport?.endStems(trackID: trackID)
                    post(.jobFailed(jobID: job, message: "separate: \(error)"))
                }
            }
        case .load(let job, let generation, let trackID, let files, let mix, let gains, let listen):
            context.files.async {
                var stems: [AudioBuffer] = []
                for file in files {
                    do {
                        let audio = try context.services.loadAudio(file)
                        guard audio.frameCount == mix.frameCount, audio.sampleRate == mix.sampleRate else {
                            post(.jobFailed(jobID: job, message: "\(file): the stem is \(audio.frameCount) frames at \(Int(audio.sampleRate)) Hz, "
                                            + "its song \(mix.frameCount) at \(Int(mix.sampleRate)) Hz; :separate makes them again"))
                            return
                        }
                        stems.append(audio)
                    } catch {
                        post(.jobFailed(jobID: job, message: "\(error); :separate makes the stems again"))
                        return
                    }
                }
                Self.feed(context, jobID: job, generation: generation, trackID: trackID, stems: stems, mix: mix, gains: gains, listen: listen)
            }
        case .feed(let job, let generation, let trackID, let stems, let mix, let gains, let listen):
            context.compute.async {
                Self.feed(context, jobID: job, generation: generation, trackID: trackID, stems: stems, mix: mix, gains: gains, listen: listen)
            }
        case .analyze(let generation, let lane, let audio):
            context.compute.async {
                let peaks = PeakSummary(audio)
                let spectrogram = try? context.services.spectrogram(audio) { _ in true }
                post(.stems(.analysisReady(generation: generation, lane: lane, TrackAnalysis(peaks: peaks, spectrogram: spectrogram))))
            }
        case .mix(let trackID, let gains, let listen):
            context.transport?.setStemMix(trackID: trackID, laneGains: gains, listenToStems: listen)
        case .end(let trackID):
            context.transport?.endStems(trackID: trackID)
        case .export(let job, let folder, let names, let audio, let flac, let replace):
            context.files.async {
                do {
                    post(.stems(.exported(jobID: job, files: try StemExport.write(names: names, audio: audio, to: expandTilde(folder),
                                                                                   flac: flac, replace: replace))))
                } catch {
                    post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        }
    }

    /// Gives whole stems to the transport and reports them as a finished separation.
    static func feed(_ context: EffectContext, jobID: Int, generation: Int, trackID: Int, stems: [AudioBuffer], mix: AudioBuffer,
                     gains: [Float], listen: Bool) {
        let transport = context.transport
        transport?.beginStems(trackID: trackID, generation: generation, stemCount: stems.count,
                              sampleRate: mix.sampleRate, channelCount: mix.channelCount)
        transport?.setStemMix(trackID: trackID, laneGains: gains, listenToStems: listen)
        let parts = stems.map { stem in (0..<mix.channelCount).map { stem.channels[min($0, stem.channelCount - 1)] } }
        transport?.appendStems(generation: generation, parts, at: 0)
        transport?.finishStems(generation: generation)
        context.post(.stems(chunk(generation: generation, mix: mix, stems: parts, from: 0, to: mix.frameCount)))
        context.post(.stems(.separated(jobID: jobID, generation: generation, stems)))
    }

    /// The envelope blocks covering frames `from..<to` of each stem and of the residual (original − stems).
    static func chunk(generation: Int, mix: AudioBuffer, stems: [[[Float]]], from: Int, to: Int) -> StemsAction {
        let block = StemWork.envelopeBlock
        let firstBlock = from / block
        let lastBlock = (to + block - 1) / block
        var envelopes: [[Float]] = Array(repeating: [], count: stems.count + 1)
        for b in firstBlock..<lastBlock {
            let start = b * block, end = min(mix.frameCount, start + block)
            var residualPeak: Float = 0
            var peaks = [Float](repeating: 0, count: stems.count)
            for c in 0..<mix.channelCount {
                for i in start..<end {
                    var sum: Float = 0
                    for s in stems.indices {
                        let v = stems[s][min(c, stems[s].count - 1)][i]
                        sum += v
                        peaks[s] = max(peaks[s], abs(v))
                    }
                    residualPeak = max(residualPeak, abs(mix.channels[c][i] - sum))
                }
            }
            for s in stems.indices { envelopes[s].append(peaks[s]) }
            envelopes[stems.count].append(residualPeak)
        }
        return .chunk(generation: generation, range: from..<to, firstBlock: firstBlock, envelopes: envelopes)
    }
}

/// `:export stems DIR`: each stem as its own file, written atomically, nothing replaced unless asked.
enum StemExport {
    /// Writes `folder/NAME.wav` (24-bit) or `.flac` (24-bit) for each stem; returns the paths. Checks every
    /// target before writing any, so a refusal leaves nothing half-written.
    static func write(names: [String], audio: [AudioBuffer], to folder: String, flac: Bool, replace: Bool) throws -> [String] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw WorkstationError("\(folder): is a file, not a folder") }
        } else {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw WorkstationError("\(folder): cannot make the folder (\((error as NSError).localizedDescription))")
            }
        }
        guard fm.isWritableFile(atPath: folder) else { throw WorkstationError("\(folder): cannot write there (permission denied)") }
        let ext = flac ? "flac" : "wav"
        let paths = names.map { folder + "/" + $0 + "." + ext }
        if !replace, let existing = paths.first(where: { fm.fileExists(atPath: $0) }) {
            throw WorkstationError("\(existing): already exists; not overwritten — :export stems \(folder)\(flac ? " flac" : "") replace overwrites")
        }
        for (path, buffer) in zip(paths, audio) {
            try AudioFile.write(buffer, to: path, format: flac ? .flac24 : .wav24, overwrite: replace)
        }
        return paths
    }
}

/// The bundled U-Net separator, loaded once, on first use.
let bundledUNet = LoadedOnce { try UNetSeparator() }
