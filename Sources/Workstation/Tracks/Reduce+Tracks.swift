import AudioIO

/// Applies a tracks-and-transport command: play, seek, zoom, scroll, select, loop, track, mute, solo.
func reduceTracks(_ state: inout AppState, _ command: Command) -> [Effect] {
    let duration = state.session.duration
    switch command {
    case .playPause:
        if state.transport.isPlaying {
            state.transport.isPlaying = false
            state.transport.levels = []
            return [.pause]
        }
        guard !state.session.tracks.isEmpty else { state.say("nothing to play: :open a file"); return [] }
        state.transport.isPlaying = true
        return [.play]
    case .stop:
        let start = state.session.loopSelection ? state.session.selection?.start ?? 0 : 0
        state.transport.isPlaying = false
        state.transport.position = start
        state.transport.levels = []
        keepPlayheadVisible(&state, page: false)
        return [.pause, .seek(start)]
    case .seek(let delta):
        return seek(&state, to: state.playhead + delta, duration: duration)
    case .seekTo(let t):
        return seek(&state, to: t, duration: duration)
    case .seekStart:
        return seek(&state, to: 0, duration: duration)
    case .seekEnd:
        return seek(&state, to: duration, duration: duration)
    case .zoomIn, .zoomOut:
        guard duration > 0 else { return [] }
        let old = state.view.window(duration: duration)
        var span = command == .zoomIn ? old.duration / 2 : old.duration * 2
        span = max(0.05, span)
        if span >= duration {
            state.view.visibleSeconds = nil
            state.view.viewStart = 0
        } else {
            // Keep the playhead where it is on screen (or centre it if it is off screen).
            let rel = old.contains(state.playhead) ? (state.playhead - old.start) / old.duration : 0.5
            state.view.visibleSeconds = span
            state.view.viewStart = max(0, min(duration - span, state.playhead - rel * span))
        }
        return []
    case .zoomFit:
        state.view.visibleSeconds = nil
        state.view.viewStart = 0
        return []
    case .scroll(let fraction):
        let w = state.view.window(duration: duration)
        state.view.viewStart = max(0, min(duration - w.duration, w.start + fraction * w.duration))
        return []
    case .selectToggle:
        guard duration > 0 else { state.say("nothing to select: :open a file"); return [] }
        if let anchor = state.view.selectionAnchor {
            state.view.selectionAnchor = nil
            let range = TimeRange(anchor, state.playhead)
            guard range.duration > 0 else { state.say("selection is empty: move the playhead after v"); return [] }
            return select(&state, range)
        }
        state.view.selectionAnchor = state.playhead
        state.say("selecting from \(formatTime(state.playhead)): move the playhead, v to finish, esc to cancel")
        return []
    case .select(let range):
        let r = TimeRange(max(0, min(duration, range.start)), max(0, min(duration, range.end)))
        guard r.duration > 0 else { return [] }
        return select(&state, r)
    case .selectClear:
        if state.view.selectionAnchor != nil { state.view.selectionAnchor = nil; return [] }
        guard state.session.selection != nil else { return [] }
        edit(&state) { $0.selection = nil }
        return state.session.loopSelection ? [.setLoop(nil)] : []
    case .loopToggle:
        edit(&state) { $0.loopSelection.toggle() }
        let on = state.session.loopSelection
        if on && state.session.selection == nil {
            state.say("loop on: it applies once there is a selection (v or drag)")
        } else {
            state.say(on ? "loop on \(state.session.selection!)" : "loop off")
        }
        return [.setLoop(on ? state.session.selection : nil)]
    case .trackNext, .trackPrevious:
        let n = state.session.tracks.count
        guard n > 1 else { state.say(n == 0 ? "no tracks: :open a file" : "only one track open"); return [] }
        let step = command == .trackNext ? 1 : n - 1
        state.session.currentTrackIndex = (state.session.currentTrackIndex + step) % n
        state.say("track \(state.session.currentTrackIndex + 1)/\(n): \(state.session.currentTrack!.name)")
        return []
    case .mute, .solo:
        guard let i = state.session.tracks.indices.firstIndex(of: state.session.currentTrackIndex) else {
            state.say("no track to \(command == .mute ? "mute" : "solo")")
            return []
        }
        edit(&state) { s in
            if command == .mute { s.tracks[i].isMuted.toggle() } else { s.tracks[i].isSoloed.toggle() }
        }
        let t = state.session.tracks[i]
        state.say("\(t.name): \(command == .mute ? (t.isMuted ? "muted" : "unmuted") : (t.isSoloed ? "solo" : "solo off"))")
        return [.setTracks(state.playedTracks)]
    default:
        return []
    }
}

/// A new track's audio arrived: add it, make it current, and start its analysis.
func reduceAudioLoaded(_ state: inout AppState, jobID: Int, name: String, path: String?, audio: AudioBuffer) -> [Effect] {
    state.jobs[jobID] = nil
    state.history.record(state.session)
    let id = state.session.add(name: name, path: path, audio: audio)
    state.view.visibleSeconds = nil
    state.view.viewStart = 0
    let channels = audio.channelCount == 1 ? "mono" : audio.channelCount == 2 ? "stereo" : "\(audio.channelCount) ch"
    state.say("opened \(name): \(channels), \(Int(audio.sampleRate)) Hz, \(formatTime(audio.duration))")
    let job = state.startJob("spectrogram \(name)")
    return [.setTracks(state.playedTracks), .analyze(trackID: id, audio: audio, jobID: job)]
}

/// Records the session for undo and applies an edit.
func edit(_ state: inout AppState, _ change: (inout Session) -> Void) {
    state.history.record(state.session)
    change(&state.session)
}

private func seek(_ state: inout AppState, to t: Double, duration: Double) -> [Effect] {
    guard duration > 0 else { return [] }
    let target = max(0, min(duration, t))
    state.transport.position = target
    keepPlayheadVisible(&state, page: false)
    return [.seek(target)]
}

private func select(_ state: inout AppState, _ range: TimeRange) -> [Effect] {
    edit(&state) { $0.selection = range }
    state.say("selected \(range) (\(formatTime(range.duration)))")
    return state.session.loopSelection ? [.setLoop(range)] : []
}

/// Scrolls the time panes so the playhead is on screen: by pages while playing, minimally when seeking.
func keepPlayheadVisible(_ state: inout AppState, page: Bool) {
    let duration = state.session.duration
    guard state.view.visibleSeconds != nil, duration > 0 else { return }
    let w = state.view.window(duration: duration)
    let p = state.playhead
    if p >= w.start && p < w.end { return }
    let start = page ? p - 0.05 * w.duration : (p < w.start ? p - 0.1 * w.duration : p - 0.9 * w.duration)
    state.view.viewStart = max(0, min(duration - w.duration, start))
}
