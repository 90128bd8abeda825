import AudioIO

/// A session read back (a project folder, or the journal) with its tracks' audio, ready to replace the
/// session in one step.
public struct ProjectContents: Sendable {
    /// The document, its track paths absolute.
    public var document: SessionDocument
    /// Each track's audio, in the document's order; nil where the file could not be read.
    public var audio: [AudioBuffer?]
    /// One line per track that could not be read, naming the file and the problem.
    public var failures: [String]

    /// Contents.
    public init(document: SessionDocument, audio: [AudioBuffer?], failures: [String]) {
        self.document = document; self.audio = audio; self.failures = failures
    }
}

/// Replaces the session with one read back. Tracks whose audio could not be read are left out and named.
func reduceProjectOpened(_ state: inout AppState, path: String?, _ contents: ProjectContents) -> [Effect] {
    let doc = contents.document
    state.history.record(state.session)
    var session = Session()
    // Track ids stay unique across the whole run: the transport keys its tracks (and their stems) by id, so an
    // opened project must not reuse the id of a track it replaces.
    session.nextTrackID = state.session.nextTrackID
    var current = 0
    for (i, entry) in doc.tracks.enumerated() {
        guard let audio = contents.audio.indices.contains(i) ? contents.audio[i] : nil else { continue }
        session.add(name: entry.name, path: entry.path, audio: audio)
        let t = session.tracks.count - 1
        session.tracks[t].gainDB = entry.gainDB
        session.tracks[t].isMuted = entry.muted
        session.tracks[t].isSoloed = entry.soloed
        if i == doc.currentTrack { current = t }
    }
    session.currentTrackIndex = current
    session.selection = doc.selection
    session.loopSelection = doc.loopSelection
    session.parts = doc.parts
    session.path = path ?? doc.project
    state.session = session
    state.analyses = [:]
    state.settings = doc.settings
    if let index = state.view.layouts.firstIndex(where: { $0.name == doc.view.layout }) { state.view.layoutIndex = index }
    state.view.focus = state.view.layout.panes.contains(doc.view.focus) ? doc.view.focus : state.view.layout.panes[0]
    state.view.visibleSeconds = doc.view.visibleSeconds
    state.view.viewStart = doc.view.viewStart
    state.view.rowWeights = doc.view.rowWeights
    var effects: [Effect] = [.setTracks(session.tracks), .setLoop(session.loopSelection ? session.selection : nil)]
    for track in session.tracks {
        let job = state.startJob("spectrogram \(track.name)")
        effects.append(.analyze(trackID: track.id, audio: track.audio, jobID: job))
    }
    if doc.theme != state.theme.name { effects.append(.loadTheme(doc.theme)) }
    effects += Features.sessionOpened(&state)
    let what = path.map(fileName) ?? "the recovered session"
    let slots = doc.parts[PianoRoll.self].slots.count
    if contents.failures.isEmpty {
        state.say("opened \(what): \(session.tracks.count) track\(session.tracks.count == 1 ? "" : "s"), \(slots) melod\(slots == 1 ? "y" : "ies")")
    } else {
        state.say("opened \(what) without \(contents.failures.joined(separator: "; "))", error: true)
    }
    return effects
}
