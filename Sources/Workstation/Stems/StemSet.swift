import AudioIO
import Foundation

/// One separated part of a song in the stems pane: its name, its mixer settings and where it is saved.
public struct StemLane: Sendable, Equatable, Codable {
    /// What the part is (`harmonic`, `percussive`, `vocals` …).
    public var name: String
    /// Gain in dB.
    public var gainDB: Double = 0
    /// Silenced on the stems side.
    public var isMuted = false
    /// While any lane is soloed only soloed lanes sound on the stems side.
    public var isSoloed = false
    /// The saved audio, relative to the project folder (`audio/stems/song-vocals.wav`); nil until written.
    public var file: String?

    /// A lane at 0 dB.
    public init(name: String, file: String? = nil) { self.name = name; self.file = file }

    private enum Key: String, CodingKey { case name, gainDB = "gain_db", isMuted = "muted", isSoloed = "soloed", file }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        name = try c.decode(String.self, forKey: .name)
        gainDB = try c.decodeIfPresent(Double.self, forKey: .gainDB) ?? 0
        isMuted = try c.decodeIfPresent(Bool.self, forKey: .isMuted) ?? false
        isSoloed = try c.decodeIfPresent(Bool.self, forKey: .isSoloed) ?? false
        file = try c.decodeIfPresent(String.self, forKey: .file)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encode(gainDB, forKey: .gainDB)
        try c.encode(isMuted, forKey: .isMuted)
        try c.encode(isSoloed, forKey: .isSoloed)
        try c.encodeIfPresent(file, forKey: .file)
    }
}

/// The separated stems of one track: the stems pane's part of the session, saved as `[stems]` with each stem's
/// audio in the project's `audio/stems/` (the samples themselves are not in `session.toml`).
///
/// Lanes as the pane shows them: the original (the track itself: its gain, mute and solo are the track's),
/// then each stem, then the residual (original − sum of the stems) when shown. A/B chooses which side sounds.
public struct StemSet: SessionPart {
    /// Index into `Session.tracks` of the separated track; nil when nothing is separated.
    public var trackIndex: Int?
    /// How it was separated (`hpss`, `repet`, `unet`).
    public var method = ""
    /// The stems, in the separator's order.
    public var lanes: [StemLane] = []
    /// The residual lane's settings (its audio is computed: original − sum of the stems).
    public var residual = StemLane(name: "residual")
    /// Whether the residual lane is shown (and sounds on the stems side).
    public var showsResidual = false
    /// B: the sum of the stems sounds; A: the original.
    public var listensToStems = true
    /// The stems' samples at the song's rate, one buffer per lane; empty while separating or loading. Not coded.
    public var audio: [AudioBuffer] = []

    /// Nothing separated.
    public init() {}

    /// Saved as `[stems]` in `session.toml`.
    public static let key = "stems"

    /// Whether there are stems (separated, being separated, or being loaded).
    public var isEmpty: Bool { lanes.isEmpty }

    /// The linear gain of each lane the engine mixes (each stem, then the residual): mute, solo and whether the
    /// residual is shown already applied.
    public var laneGains: [Float] {
        let all = lanes + (showsResidual ? [residual] : [])
        let anySolo = all.contains { $0.isSoloed }
        func gain(_ lane: StemLane) -> Float {
            if lane.isMuted || (anySolo && !lane.isSoloed) { return 0 }
            return Float(pow(10, lane.gainDB / 20))
        }
        return lanes.map(gain) + [showsResidual ? gain(residual) : 0]
    }

    public func problems() -> [String] {
        var out: [String] = []
        if lanes.count > 8 { out.append("stems: \(lanes.count) stems (at most 8)") }
        if let i = trackIndex, i < 0 { out.append("stems: track \(i) is out of range") }
        if trackIndex == nil && !lanes.isEmpty { out.append("stems: lanes without a track") }
        for lane in lanes + [residual] where !(-96...96).contains(lane.gainDB) || !lane.gainDB.isFinite {
            out.append("stems: \(lane.name) gain \(lane.gainDB) dB is beyond ±96 dB")
        }
        for lane in lanes {
            if let f = lane.file, f.hasPrefix("/") || f.split(separator: "/").contains("..") {
                out.append("stems: \(lane.name) file \(f) is outside the project folder")
            }
        }
        return out
    }

    public static func == (a: StemSet, b: StemSet) -> Bool {
        a.trackIndex == b.trackIndex && a.method == b.method && a.lanes == b.lanes && a.residual == b.residual
            && a.showsResidual == b.showsResidual && a.listensToStems == b.listensToStems && a.audio == b.audio
    }
}

extension StemSet: Codable {
    private enum Key: String, CodingKey {
        case trackIndex = "track", method, lanes, residual, showsResidual = "shows_residual", listensToStems = "listens_to_stems"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        trackIndex = try c.decodeIfPresent(Int.self, forKey: .trackIndex)
        method = try c.decodeIfPresent(String.self, forKey: .method) ?? ""
        lanes = try c.decodeIfPresent([StemLane].self, forKey: .lanes) ?? []
        residual = try c.decodeIfPresent(StemLane.self, forKey: .residual) ?? StemLane(name: "residual")
        showsResidual = try c.decodeIfPresent(Bool.self, forKey: .showsResidual) ?? false
        listensToStems = try c.decodeIfPresent(Bool.self, forKey: .listensToStems) ?? true
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encodeIfPresent(trackIndex, forKey: .trackIndex)
        try c.encode(method, forKey: .method)
        try c.encode(lanes, forKey: .lanes)
        try c.encode(residual, forKey: .residual)
        try c.encode(showsResidual, forKey: .showsResidual)
        try c.encode(listensToStems, forKey: .listensToStems)
    }
}

/// The stems pane's view: which lane has the cursor (0 the original, then the stems, then the residual).
public struct StemsView: StatePart {
    /// The lane with the cursor.
    public var lane = 0
    /// A view.
    public init() {}
}

/// Work in progress on the stems, neither saved nor undone: the separation running (or the stems loading),
/// how far it got, and each lane's envelope and analysis.
public struct StemWork: StatePart {
    /// Frames per envelope block at the song's rate.
    public static let envelopeBlock = 1024

    /// The job separating or loading, if one runs.
    public var jobID: Int?
    /// Names this separation in the engine; late chunks of an older one are dropped.
    public var generation = 0
    /// The song's frames separated so far, as sorted, disjoint ranges (all of them once done).
    public var separated: [Range<Int>] = []
    /// Frames of the song.
    public var totalFrames = 0
    /// Per lane (each stem, then the residual) the peak of each `envelopeBlock` frames, as far as separated.
    public var envelopes: [[Float]] = []
    /// Per lane (each stem, then the residual) its waveform and spectrogram once separation ends.
    public var analyses: [Int: TrackAnalysis] = [:]
    /// The track whose stems the transport has (or is being given), and the stems it has once complete.
    public var engineTrackID: Int?
    public var engineAudio: [AudioBuffer] = []

    /// Nothing running.
    public init() {}

    /// Whether every frame is separated.
    public var isComplete: Bool { totalFrames > 0 && readyFrames >= totalFrames }

    /// How many of the song's frames are separated.
    public var readyFrames: Int { separated.reduce(0) { $0 + $1.count } }

    /// Whether the song's frame `frame` is separated.
    public func isSeparated(_ frame: Int) -> Bool { separated.contains { $0.contains(frame) } }

    /// Adds a separated range, keeping the list sorted and merged.
    mutating func markSeparated(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var merged = range
        var kept: [Range<Int>] = []
        for r in separated {
            if r.upperBound < merged.lowerBound || r.lowerBound > merged.upperBound { kept.append(r) } else {
                merged = min(r.lowerBound, merged.lowerBound)..<max(r.upperBound, merged.upperBound)
            }
        }
        separated = (kept + [merged]).sorted { $0.lowerBound < $1.lowerBound }
    }

    public static func == (a: StemWork, b: StemWork) -> Bool {
        a.jobID == b.jobID && a.generation == b.generation && a.separated == b.separated
            && a.totalFrames == b.totalFrames && a.envelopes == b.envelopes && a.analyses.keys == b.analyses.keys
            && a.engineTrackID == b.engineTrackID && a.engineAudio == b.engineAudio
    }
}

extension Session {
    /// The separated stems: the stems feature's part of the session.
    public var stems: StemSet {
        get { parts[StemSet.self] }
        set { parts[StemSet.self] = newValue }
    }
}

extension ViewState {
    /// The stems pane's cursor.
    public var stems: StemsView {
        get { parts[StemsView.self] }
        set { parts[StemsView.self] = newValue }
    }
}

extension AppState {
    /// The separation or loading in progress and the stems' envelopes and analyses.
    public var stemWork: StemWork {
        get { features[StemWork.self] }
        set { features[StemWork.self] = newValue }
    }

    /// The track the stems belong to, if it is open.
    public var stemsTrack: AudioTrack? {
        guard let i = session.stems.trackIndex, session.tracks.indices.contains(i) else { return nil }
        return session.tracks[i]
    }

    /// The number of lanes in the stems pane: the original, the stems, and the residual when shown.
    public var stemLaneCount: Int {
        session.stems.isEmpty ? 0 : 1 + session.stems.lanes.count + (session.stems.showsResidual ? 1 : 0)
    }

    /// The focused stem (its name and analysis) when the stems pane's cursor is on a stem of the track on
    /// screen: what the waveform and spectrogram panes then show instead of the track.
    public var focusedStem: (name: String, analysis: TrackAnalysis)? {
        let set = session.stems
        guard !set.isEmpty, set.trackIndex == session.currentTrackIndex else { return nil }
        let lane = view.stems.lane
        guard lane >= 1, lane <= set.lanes.count + (set.showsResidual ? 1 : 0),
              let analysis = stemWork.analyses[lane - 1] else { return nil }
        return (lane <= set.lanes.count ? set.lanes[lane - 1].name : set.residual.name, analysis)
    }

    /// What the waveform and spectrogram panes show: the focused stem, else the current track.
    public var shownAnalysis: TrackAnalysis? { focusedStem?.analysis ?? currentAnalysis }
}
