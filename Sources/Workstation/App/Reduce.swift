/// Applies an action to the state and returns the work the shell must do. Pure: no I/O, no clock,
/// no terminal, so every behaviour of the workstation is testable as data in, data out.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .key(let key):
        switch state.mode {
        case .normal:
            guard let line = state.keyMap.command(for: key, in: state.view.focus) else {
                state.say("\(key) is not bound (? lists the keys)")
                return []
            }
            return runLine(&state, line, fromPrompt: false)
        case .command: return commandLineKey(&state, key)
        case .help: return helpKey(&state, key)
        }
    case .commandLine(let line):
        return runLine(&state, line, fromPrompt: false)
    case .command(let command):
        return run(&state, command)
    case .transport(let status):
        state.transport = status
        if status.isPlaying && state.settings.follow { keepPlayheadVisible(&state, page: true) }
        return []
    case .audioLoaded(let jobID, let name, let path, let audio):
        state.jobs[jobID] = nil
        state.history.record(state.session)
        let id = state.session.add(name: name, path: path, audio: audio)
        state.view.visibleSeconds = nil
        state.view.viewStart = 0
        let channels = audio.channelCount == 1 ? "mono" : audio.channelCount == 2 ? "stereo" : "\(audio.channelCount) ch"
        state.say("opened \(name): \(channels), \(Int(audio.sampleRate)) Hz, \(formatTime(audio.duration))")
        let job = state.startJob("spectrogram \(name)")
        return [.setTracks(state.session.tracks), .analyze(trackID: id, audio: audio, jobID: job)]
    case .jobFailed(let jobID, let message):
        state.jobs[jobID] = nil
        state.say(message, error: true)
        return []
    case .jobProgress(let jobID, let fraction):
        state.jobs[jobID]?.fraction = max(0, min(1, fraction))
        return []
    case .peaksReady(let trackID, let peaks):
        state.analyses[trackID] = TrackAnalysis(peaks: peaks, spectrogram: state.analyses[trackID]?.spectrogram)
        return []
    case .spectrogramReady(let jobID, let trackID, let spectrogram):
        state.jobs[jobID] = nil
        if state.analyses[trackID] != nil { state.analyses[trackID]!.spectrogram = spectrogram }
        return []
    case .themeLoaded(let theme):
        state.theme = theme
        state.say("theme \(theme.name)")
        return []
    case .completions(let line, let candidates):
        guard state.mode == .command, state.commandLine.text == line else { return [] }
        if candidates.isEmpty { state.say("no completions"); return [] }
        state.commandLine.applyCompletions(candidates)
        state.message = candidates.count > 1 ? .init(text: candidates.joined(separator: "  "), isError: false) : nil
        return []
    case .sessionWritten(let path):
        state.session.path = path
        state.say("wrote \(path)")
        return []
    case .melodyLoaded(let path, let melody):
        state.history.record(state.session)
        state.session.pianoRoll.melody = melody
        state.session.pianoRoll.paths[state.session.pianoRoll.currentSlot] = path
        state.session.pianoRoll.currentTrack = 0
        state.session.pianoRoll.selection = []
        state.session.pianoRoll.loop = nil
        state.view.focus = state.view.layout.panes.contains(.pianoRoll) ? .pianoRoll : state.view.focus
        state.say("opened \(path): \(melody.tracks.count) track\(melody.tracks.count == 1 ? "" : "s"), \(melody.allNotes.count) notes")
        return []
    case .melodyWritten(let path):
        if Command.isMIDIPath(path) { state.session.pianoRoll.paths[state.session.pianoRoll.currentSlot] = path }
        state.endJobs(labelled: "exporting \(path)")
        state.say("wrote \(path)")
        return []
    case .melodyPlayhead(let tick):
        reduceMelodyPlayhead(&state, tick)
        return []
    case .interpolationReady(let key, let melodies):
        return reduceInterpolationReady(&state, key: key, melodies: melodies)
    case .melodyGenerated(let generated):
        return reduceMelodyGenerated(&state, generated)
    case .modelFailed(let message):
        state.interpolation.pending = nil
        state.interpolation.playWhenReady = false
        state.endJobs(labelled: InterpolationSlider.jobLabel)
        state.say(message, error: true)
        return []
    case .notify(let text, let isError):
        state.say(text, error: isError)
        return []
    }
}

private func runLine(_ state: inout AppState, _ line: String, fromPrompt: Bool) -> [Effect] {
    do {
        return run(&state, try Command(parsing: line))
    } catch {
        state.say(error.message, error: true)
        return []
    }
}

private func commandLineKey(_ state: inout AppState, _ key: KeyPress) -> [Effect] {
    switch key {
    case .named(.enter):
        let line = state.commandLine.text.trimmingCharacters(in: .whitespaces)
        state.commandLine.remember(line)
        state.commandLine.reset()
        state.mode = .normal
        state.message = nil
        return line.isEmpty ? [] : runLine(&state, line, fromPrompt: true)
    case .named(.escape), .control("c"):
        if !state.commandLine.completions.isEmpty { state.message = nil }  // the candidate list
        state.commandLine.reset()
        state.mode = .normal
        return []
    case .named(.backspace):
        if state.commandLine.text.isEmpty { state.mode = .normal; return [] }
        state.commandLine.text.removeLast()
        state.commandLine.resetCompletion()
        return []
    case .control("u"):
        state.commandLine.text = ""
        state.commandLine.resetCompletion()
        return []
    case .named(.tab):
        return [.complete(state.commandLine.text)]
    case .named(.up): state.commandLine.historyBack(); return []
    case .named(.down): state.commandLine.historyForward(); return []
    default:
        if let t = key.typedText {
            state.commandLine.text += t
            state.commandLine.resetCompletion()
        }
        return []
    }
}

private func helpKey(_ state: inout AppState, _ key: KeyPress) -> [Effect] {
    switch key {
    case .named(.escape), .named(.enter), .character("q"), .character("?"), .control("c"):
        state.mode = .normal
    case .character("j"), .named(.down): state.helpScroll += 1
    case .character("k"), .named(.up): state.helpScroll = max(0, state.helpScroll - 1)
    case .named(.pagedown), .named(.space): state.helpScroll += 10
    case .named(.pageup): state.helpScroll = max(0, state.helpScroll - 10)
    case .character("g"), .named(.home): state.helpScroll = 0
    default: break
    }
    return []
}

/// Records the session for undo and applies an edit.
private func edit(_ state: inout AppState, _ change: (inout Session) -> Void) {
    state.history.record(state.session)
    change(&state.session)
}

private func run(_ state: inout AppState, _ command: Command) -> [Effect] {
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
    case .focusNext, .focusPrevious:
        let panes = state.view.layout.panes
        let i = panes.firstIndex(of: state.view.focus) ?? 0
        let step = command == .focusNext ? 1 : panes.count - 1
        state.view.focus = panes[(i + step) % panes.count]
        return []
    case .focus(let pane):
        guard state.view.layout.panes.contains(pane) else {
            state.say("\(pane.rawValue) is not in the \(state.view.layout.name) layout")
            return []
        }
        state.view.focus = pane
        return []
    case .layout(let name):
        let index = Layout.all.firstIndex { $0.name == name } ?? Int(name).map { $0 - 1 } ?? 0
        setLayout(&state, index)
        return []
    case .layoutNext:
        setLayout(&state, (state.view.layoutIndex + 1) % Layout.all.count)
        return []
    case .resize(let direction):
        resize(&state, direction)
        return []
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
        return [.setTracks(state.session.tracks)]
    case .undo, .redo:
        let restored = command == .undo ? state.history.undo(from: state.session) : state.history.redo(from: state.session)
        guard let session = restored else { state.say(command == .undo ? "nothing to undo" : "nothing to redo"); return [] }
        state.session = session
        state.session.currentTrackIndex = min(state.session.currentTrackIndex, max(0, session.tracks.count - 1))
        state.say(command == .undo ? "undone" : "redone")
        return [.setTracks(session.tracks), .setLoop(session.loopSelection ? session.selection : nil)]
    case .help:
        state.mode = state.mode == .help ? .normal : .help
        state.helpScroll = 0
        return []
    case .commandLine:
        state.mode = .command
        state.commandLine.reset()
        return []
    case .quit:
        state.shouldQuit = true
        return [.pause]
    case .open(let path) where Command.isMIDIPath(path):
        return [.readMIDI(path: path)]
    case .write(let path?) where Command.isMIDIPath(path):
        return [.writeMIDI(path: path, state.session.pianoRoll.melody)]
    case .roll(let command):
        return reducePianoRoll(&state, command)
    case .interp(let command):
        return reduceInterpolation(&state, command)
    case .export(let path):
        return [.exportWAV(path: path, state.session.pianoRoll.melody)]
    case .open(let path):
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let job = state.startJob("loading \(name)")
        return [.loadAudio(path: path, jobID: job)]
    case .write(let path):
        let target = path ?? state.session.path ?? "kanade-session.toml"
        return [.write(path: target, contents: SessionFile.encode(state.session, settings: state.settings))]
    case .theme(let name):
        return [.loadTheme(name)]
    case .set(let key, let value):
        do {
            try state.settings.set(key, value)
        } catch {
            state.say(error.message, error: true)
            return []
        }
        state.say("\(key) = \(state.settings.value(of: key) ?? value)")
        return key == "glyphs" ? [.glyphsChanged(value)] : []
    }
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

private func setLayout(_ state: inout AppState, _ index: Int) {
    state.view.layoutIndex = max(0, min(Layout.all.count - 1, index))
    if !state.view.layout.panes.contains(state.view.focus) { state.view.focus = state.view.layout.panes[0] }
}

private func resize(_ state: inout AppState, _ direction: Command.ResizeDirection) {
    let layout = state.view.layout
    guard let row = layout.rows.firstIndex(where: { $0.contains(state.view.focus) }) else { return }
    switch direction {
    case .taller, .shorter:
        guard layout.rows.count > 1 else { state.say("only one row in this layout"); return }
        var weights = state.view.currentRowWeights
        weights[row] = max(1, min(12, weights[row] + (direction == .taller ? 1 : -1)))
        state.view.rowWeights[layout.name] = weights
    case .wider, .narrower:
        guard layout.rows[row].count > 1 else { state.say("\(state.view.focus.title) has its row to itself"); return }
        let w = state.view.columnWeights[state.view.focus] ?? 2
        state.view.columnWeights[state.view.focus] = max(1, min(12, w + (direction == .wider ? 1 : -1)))
    }
}

/// Scrolls the time panes so the playhead is on screen: by pages while playing, minimally when seeking.
private func keepPlayheadVisible(_ state: inout AppState, page: Bool) {
    let duration = state.session.duration
    guard state.view.visibleSeconds != nil, duration > 0 else { return }
    let w = state.view.window(duration: duration)
    let p = state.playhead
    if p >= w.start && p < w.end { return }
    let start = page ? p - 0.05 * w.duration : (p < w.start ? p - 0.1 * w.duration : p - 0.9 * w.duration)
    state.view.viewStart = max(0, min(duration - w.duration, start))
}
