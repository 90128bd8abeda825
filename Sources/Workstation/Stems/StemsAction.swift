import AudioIO
import Foundation
import Models

/// What happens to the stems: commands, and the results of separating, loading, analysing and exporting.
public enum StemsAction: FeatureAction {
    /// `:separate [method]` (nil: the best method installed).
    case separate(method: String?)
    /// A `stems …` command (the stems pane's keys).
    case command(StemsCommand)
    /// `:export stems DIR`.
    case export(folder: String, flac: Bool, replace: Bool)
    /// More of the song is separated: the frames `range`; `envelopes[lane]` holds each lane's envelope from
    /// block `firstBlock` on (each stem, then the residual).
    case chunk(generation: Int, range: Range<Int>, firstBlock: Int, envelopes: [[Float]])
    /// Separation (or loading a project's stems) ended: every stem's samples at the song's rate.
    case separated(jobID: Int, generation: Int, [AudioBuffer])
    /// `:cancel` stopped the separation between chunks: its stems are dropped.
    case cancelled(jobID: Int, generation: Int)
    /// A lane's waveform and spectrogram (each stem, then the residual).
    case analysisReady(generation: Int, lane: Int, TrackAnalysis)
    /// The stems were written to `files`.
    case exported(jobID: Int, files: [String])

    public func reduce(_ state: inout AppState) -> [Effect] {
        switch self {
        case .separate(let method): return reduceSeparate(&state, method: method)
        case .command(let command): return reduceStemsCommand(&state, command)
        case .export(let folder, let flac, let replace): return reduceStemsExport(&state, folder: folder, flac: flac, replace: replace)
        case .chunk(let generation, let range, let firstBlock, let envelopes):
            guard generation == state.stemWork.generation else { return [] }
            var work = state.stemWork
            work.markSeparated(range)
            for lane in envelopes.indices where work.envelopes.indices.contains(lane) {
                var envelope = work.envelopes[lane]
                let end = firstBlock + envelopes[lane].count
                if envelope.count < end { envelope += [Float](repeating: 0, count: end - envelope.count) }
                envelope.replaceSubrange(firstBlock..<end, with: envelopes[lane])
                work.envelopes[lane] = envelope
            }
            state.stemWork = work
            return []
        case .separated(let jobID, let generation, let audio):
            let loading = state.jobs[jobID]?.label.hasPrefix("loading") ?? false
            state.jobs[jobID] = nil
            guard generation == state.stemWork.generation, !state.cancelledJobs.contains(jobID),
                  audio.count == state.session.stems.lanes.count, let track = state.stemsTrack else { return [] }
            // The stems become part of the document only now, whole: undo goes back to before them.
            state.session.stems.audio = audio
            var work = state.stemWork
            work.engineAudio = audio
            work.jobID = nil
            work.separated = [0..<work.totalFrames]
            state.stemWork = work
            let residual = residualAudio(of: track.audio, stems: audio)
            let effects: [Effect] = (audio + [residual]).enumerated().map { lane, buffer in
                .feature(StemsEffect.analyze(generation: generation, lane: lane, buffer))
            }
            let names = state.session.stems.lanes.map(\.name).joined(separator: ", ")
            state.say("\(loading ? "loaded the stems of" : "separated") \(track.name) (\(state.session.stems.method)): \(names)")
            return effects
        case .cancelled(let jobID, let generation):
            state.jobs[jobID] = nil
            guard generation == state.stemWork.generation else { return [] }
            let engineTrack = state.stemWork.engineTrackID
            state.session.stems = StemSet()
            state.stemWork = StemWork()
            state.stemWork.generation = generation
            state.view.stems.lane = 0
            state.say("separation cancelled; its stems are dropped")
            return engineTrack.map { [.feature(StemsEffect.end(trackID: $0))] } ?? []
        case .analysisReady(let generation, let lane, let analysis):
            guard generation == state.stemWork.generation else { return [] }
            state.stemWork.analyses[lane] = analysis
            return []
        case .exported(let jobID, let files):
            state.jobs[jobID] = nil
            guard let first = files.first else { return [] }
            let folder = (first as NSString).deletingLastPathComponent
            state.say("wrote \(files.count) stems to \(folder): \(files.map(fileName).joined(separator: ", "))")
            return []
        }
    }
}

extension Action {
    /// A stems action.
    public static func stems(_ action: StemsAction) -> Action { .feature(action) }
}

/// The original less the sum of the stems, at the song's rate.
func residualAudio(of mix: AudioBuffer, stems: [AudioBuffer]) -> AudioBuffer {
    var channels = mix.channels
    for stem in stems where stem.frameCount == mix.frameCount {
        for c in channels.indices {
            let s = stem.channels[min(c, stem.channelCount - 1)]
            for i in channels[c].indices { channels[c][i] -= s[i] }
        }
    }
    return AudioBuffer(sampleRate: mix.sampleRate, channels: channels)
}

/// The separator for a method name, or why there is none.
func separatorMethod(_ name: String?) -> Result<StemSeparator.Method, StemsFailure> {
    if let name {
        guard let method = StemSeparator.Method(rawValue: name) else {
            return .failure(StemsFailure("separate: no method \(name) (unet, hpss or repet)"))
        }
        return .success(method)
    }
    return .success(.unet)
}

/// A stems command that cannot run, in words.
struct StemsFailure: Error { var message: String; init(_ m: String) { message = m } }

func reduceSeparate(_ state: inout AppState, method name: String?) -> [Effect] {
    let method: StemSeparator.Method
    switch separatorMethod(name) {
    case .success(let m): method = m
    case .failure(let f): state.say(f.message, error: true); return []
    }
    guard let track = state.session.currentTrack else {
        state.say("separate: no track to separate — :open SONG first", error: true)
        return []
    }
    if let job = state.stemWork.jobID, state.jobs[job] != nil {
        state.say("already separating (:cancel \(job) stops it)", error: true)
        return []
    }
    guard track.audio.duration >= 0.5 else {
        state.say("separate: \(track.name) is \(String(format: "%.2f", track.audio.duration)) s long; stems need at least half a second", error: true)
        return []
    }
    state.history.record(state.session)
    var effects: [Effect] = []
    if let old = state.stemWork.engineTrackID { effects.append(.feature(StemsEffect.end(trackID: old))) }
    var set = StemSet()
    set.trackIndex = state.session.currentTrackIndex
    set.method = method.rawValue
    let slug = stemFileSlug(track.name)
    set.lanes = method.stemNames.map { StemLane(name: $0, file: "audio/stems/\(slug)-\($0).wav") }
    state.session.stems = set
    let job = state.startJob("separating \(track.name) (\(method.rawValue))")
    var work = StemWork()
    work.jobID = job
    work.generation = state.stemWork.generation + 1
    work.totalFrames = track.audio.frameCount
    work.envelopes = Array(repeating: [], count: set.lanes.count + 1)
    work.engineTrackID = track.id
    state.stemWork = work
    state.view.stems.lane = 0
    if state.view.layout.panes.contains(.stems) { state.view.focus = .stems }
    let start = separationStart(playhead: state.playhead, audio: track.audio)
    effects.append(.feature(StemsEffect.separate(jobID: job, generation: work.generation, trackID: track.id, audio: track.audio,
                                                 method: method, from: start,
                                                 laneGains: set.laneGains, listenToStems: set.listensToStems)))
    let whence = start > 0 ? " from the playhead" : ""
    state.say("separating \(track.name) with \(method.rawValue)\(whence): play now — what is not separated yet plays as the mix")
    return effects
}

/// Where separation starts: at the playhead, so what is about to be heard comes first (then the start of the song
/// up to there), or at 0 near either end. The frame is rounded down to a whole number of 48 kHz and of 44.1 kHz
/// device frames (so the engine's resampler restarts there without a sub-sample shift) and of envelope blocks.
func separationStart(playhead: Double, audio: AudioBuffer) -> Int {
    let rate = Int(audio.sampleRate.rounded())
    guard rate > 0, Double(rate) == audio.sampleRate else { return 0 }
    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }
    let step = lcm(lcm(rate / gcd(rate, 48_000), rate / gcd(rate, 44_100)), StemWork.envelopeBlock)
    guard step <= 8 * rate else { return 0 }
    let frame = Int(playhead * audio.sampleRate) / step * step
    guard frame >= 2 * rate, frame <= audio.frameCount - 2 * rate else { return 0 }
    return frame
}

/// A file-name-safe form of a track name.
func stemFileSlug(_ name: String) -> String {
    let base = name.split(separator: ".").dropLast().joined(separator: ".")
    let cleaned = String((base.isEmpty ? name : base).lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    return cleaned.isEmpty ? "track" : cleaned
}

func reduceStemsCommand(_ state: inout AppState, _ command: StemsCommand) -> [Effect] {
    guard !state.session.stems.isEmpty, let track = state.stemsTrack else {
        state.say("no stems yet: :separate splits the current track", error: true)
        return []
    }
    let lanes = state.stemLaneCount
    var lane = min(state.view.stems.lane, lanes - 1)
    let stemCount = state.session.stems.lanes.count
    /// Applies `edit` to the lane under the cursor (0: the track itself).
    func edit(_ change: (inout StemLane) -> Void, track trackEdit: (inout AudioTrack) -> Void) {
        state.history.record(state.session)
        if lane == 0 {
            trackEdit(&state.session.tracks[state.session.stems.trackIndex!])
        } else if lane <= stemCount {
            change(&state.session.stems.lanes[lane - 1])
        } else {
            change(&state.session.stems.residual)
        }
    }
    switch command {
    case .lane(let step):
        lane = (lane + step + lanes) % lanes
        state.view.stems.lane = lane
        return []
    case .laneAt(let n):
        guard n < lanes else { state.say("stems lane: \(n) is beyond the last lane (\(lanes - 1))", error: true); return [] }
        state.view.stems.lane = n
        return []
    case .mute:
        edit({ $0.isMuted.toggle() }, track: { $0.isMuted.toggle() })
    case .solo:
        if lane == 0 {
            state.history.record(state.session)
            state.session.stems.listensToStems = false
            state.say("A: the original")
        } else {
            edit({ $0.isSoloed.toggle() }, track: { _ in })
            if !state.session.stems.listensToStems {
                state.session.stems.listensToStems = true
                state.say("B: the stems (soloing a stem listens to the stems)")
            }
        }
    case .gain(let db):
        edit({ $0.gainDB = max(-96, min(24, $0.gainDB + db)) }, track: { $0.gainDB = max(-96, min(24, $0.gainDB + db)) })
    case .ab:
        state.history.record(state.session)
        state.session.stems.listensToStems.toggle()
        state.say(state.session.stems.listensToStems ? "B: the sum of the stems" : "A: the original")
    case .residual:
        state.history.record(state.session)
        state.session.stems.showsResidual.toggle()
        if !state.session.stems.showsResidual { state.view.stems.lane = min(lane, stemCount) }
        state.say(state.session.stems.showsResidual ? "residual lane shown (original − sum of the stems)" : "residual lane hidden")
    }
    let set = state.session.stems
    var effects: [Effect] = [.feature(StemsEffect.mix(trackID: track.id, laneGains: set.laneGains, listenToStems: set.listensToStems))]
    if lane == 0 { effects.append(.setTracks(state.playedTracks)) }
    return effects
}

func reduceStemsExport(_ state: inout AppState, folder: String, flac: Bool, replace: Bool) -> [Effect] {
    let set = state.session.stems
    guard !set.isEmpty else { state.say("no stems to export: :separate first", error: true); return [] }
    guard set.audio.count == set.lanes.count, let track = state.stemsTrack else {
        state.say("the stems are not separated yet (the status bar shows how far); export when it ends", error: true)
        return []
    }
    var audio = set.audio, names = set.lanes.map(\.name)
    if set.showsResidual {
        audio.append(residualAudio(of: track.audio, stems: set.audio))
        names.append(set.residual.name)
    }
    let job = state.startJob("exporting stems to \(fileName(folder))")
    return [.feature(StemsEffect.export(jobID: job, folder: folder, names: names, audio: audio, flac: flac, replace: replace))]
}

/// After a project or recovered session opened: the stems its document names are read back from the project.
func reduceStemsOpened(_ state: inout AppState) -> [Effect] {
    let set = state.session.stems
    let generation = state.stemWork.generation + 1
    state.stemWork = StemWork()
    state.stemWork.generation = generation
    state.view.stems.lane = 0
    guard !set.isEmpty else { return [] }
    guard let track = state.stemsTrack, let project = state.session.path,
          set.lanes.allSatisfy({ $0.file != nil }) else {
        state.session.stems = StemSet()
        state.say("the stems were not saved in a project, so they are gone: :separate makes them again", error: true)
        return []
    }
    let job = state.startJob("loading stems of \(track.name)")
    var work = StemWork()
    work.jobID = job
    work.generation = generation
    work.totalFrames = track.audio.frameCount
    work.envelopes = Array(repeating: [], count: set.lanes.count + 1)
    work.engineTrackID = track.id
    state.stemWork = work
    let files = set.lanes.map { expandTilde(project) + "/" + $0.file! }
    return [.feature(StemsEffect.load(jobID: job, generation: generation, trackID: track.id, files: files, mix: track.audio,
                                      laneGains: set.laneGains, listenToStems: set.listensToStems))]
}

/// After undo or redo: the transport gets the stems the restored session has. A separation in progress that the
/// restored session no longer has is cancelled; stems it has whole are fed again (the lanes' mix alone when the
/// transport already has those very stems).
func reduceStemsRestored(_ state: inout AppState) -> [Effect] {
    let set = state.session.stems
    var work = state.stemWork
    var effects: [Effect] = []
    let track = state.stemsTrack
    if let job = work.jobID, state.jobs[job] != nil, set.isEmpty || set.audio.isEmpty == false || track?.id != work.engineTrackID {
        // The separation belongs to a session that is no longer there (or was replaced by complete stems).
        state.jobs[job] = nil
        state.cancelledJobs.insert(job)
        effects.append(.cancel(jobID: job))
        work.jobID = nil
    } else if work.jobID != nil, !set.isEmpty, set.audio.isEmpty {
        // Still separating these very stems: only their mix may have changed.
        if let track { effects.append(.feature(StemsEffect.mix(trackID: track.id, laneGains: set.laneGains, listenToStems: set.listensToStems))) }
        return effects
    }
    guard let track, !set.isEmpty, set.audio.count == set.lanes.count else {
        if let old = work.engineTrackID { effects.append(.feature(StemsEffect.end(trackID: old))) }
        state.stemWork = StemWork()
        state.stemWork.generation = work.generation + 1
        state.view.stems.lane = 0
        return effects
    }
    state.view.stems.lane = min(state.view.stems.lane, state.stemLaneCount - 1)
    if work.engineTrackID == track.id && work.engineAudio == set.audio {
        state.stemWork = work
        effects.append(.feature(StemsEffect.mix(trackID: track.id, laneGains: set.laneGains, listenToStems: set.listensToStems)))
        return effects
    }
    if let old = work.engineTrackID, old != track.id { effects.append(.feature(StemsEffect.end(trackID: old))) }
    // Redo of a separation, or undo back to older stems: feed them again as a project's are loaded.
    let generation = work.generation + 1
    work = StemWork()
    work.generation = generation
    work.totalFrames = track.audio.frameCount
    work.envelopes = Array(repeating: [], count: set.lanes.count + 1)
    work.engineTrackID = track.id
    let job = state.startJob("loading stems of \(track.name)")
    work.jobID = job
    state.stemWork = work
    effects.append(.feature(StemsEffect.feed(jobID: job, generation: generation, trackID: track.id, stems: set.audio, mix: track.audio,
                                             laneGains: set.laneGains, listenToStems: set.listensToStems)))
    return effects
}
