import AudioIO

/// Applies an action to the state and returns the work to do. Pure: no I/O, no clock, no terminal, so every
/// behaviour of the workstation is testable as data in, data out. Core actions are handled here; a
/// feature's action is handed to the feature (`FeatureAction.reduce`). Any change of the saved document is
/// followed by a `.journal` effect, so the crash-recovery journal follows every edit.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .transport, .jobProgress, .melodyPlayhead: return reduceAction(&state, action)  // 30 a second; never change the document
    default: break
    }
    let before = state.recovery == nil ? SessionDocument(state) : nil
    var effects = reduceAction(&state, action)
    // While a crash's session is on offer the journal keeps it: nothing is written over it until answered.
    if let before, state.recovery == nil {
        let after = SessionDocument(state)
        if after != before { effects.append(.journal(after)) }
    }
    return effects
}

func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
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
    case .feature(let featureAction):
        return featureAction.reduce(&state)
    case .transport(let status):
        // A report posted just before a pause this reducer already made (the engine queue had not run the pause
        // yet): taking it would show playing for good, as the paused transport reports nothing more.
        if status.isPlaying && !state.transport.isPlaying { return [] }
        state.transport = status
        if status.isPlaying && state.settings.follow { keepPlayheadVisible(&state, page: true) }
        return []
    case .audioLoaded(let jobID, let name, let path, let audio):
        guard !state.cancelledJobs.contains(jobID) else { return [] }
        return reduceAudioLoaded(&state, jobID: jobID, name: name, path: path, audio: audio)
    case .jobFailed(let jobID, let message):
        state.jobs[jobID] = nil
        guard !state.cancelledJobs.contains(jobID) else { return [] }
        state.say(message, error: true)
        return []
    case .jobProgress(let jobID, let fraction):
        state.jobs[jobID]?.fraction = max(0, min(1, fraction))
        return []
    case .jobEnded(let jobID):
        state.jobs[jobID] = nil
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
    case .projectWritten(let jobID, let path, let madeFiles):
        state.jobs[jobID] = nil
        state.session.path = path
        for (i, file) in madeFiles where state.session.tracks.indices.contains(i) { state.session.tracks[i].path = file }
        state.say("wrote \(path)")
        return []
    case .projectOpened(let jobID, let path, let contents):
        state.jobs[jobID] = nil
        guard !state.cancelledJobs.contains(jobID) else { return [] }
        return reduceProjectOpened(&state, path: path, contents)
    case .recoveryFound(let document):
        state.recovery = document
        let melodies = document.parts[PianoRoll.self].slots
        let notes = melodies.map { $0.allNotes.count }.reduce(0, +)
        state.say("unsaved session found (\(document.tracks.count) track\(document.tracks.count == 1 ? "" : "s"), \(notes) notes): "
                  + ":recover restores it, :recover drop drops it")
        return []
    case .melodyPlayhead(let tick):
        reduceMelodyPlayhead(&state, tick)
        return []
    case .openDemo:
        return reduceOpenDemo(&state)
    case .layoutsLoaded(let layouts, let problem):
        let current = state.view.layout.name
        state.view.layouts = layouts
        state.view.layoutIndex = layouts.firstIndex { $0.name == current } ?? 0
        if let problem { state.say(problem + " (using the built-in layouts)", error: true) }
        return []
    case .notify(let text, let isError):
        state.say(text, error: isError)
        return []
    }
}

private func runLine(_ state: inout AppState, _ line: String, fromPrompt: Bool) -> [Effect] {
    do {
        return reduceAction(&state, try Command.parse(line))
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
        return [.complete(state.commandLine.text, layouts: state.view.layouts.map(\.name),
                          morphPoints: state.session.morphGrid.saved.keys.sorted())]
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

private func run(_ state: inout AppState, _ command: Command) -> [Effect] {
    switch command {
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
        guard let index = state.view.layouts.firstIndex(where: { $0.name == name })
                ?? Int(name).flatMap({ state.view.layouts.indices.contains($0 - 1) ? $0 - 1 : nil }) else {
            state.say("layout: no layout \"\(name)\" (have: \(state.view.layouts.map(\.name).joined(separator: ", ")))", error: true)
            return []
        }
        setLayout(&state, index)
        return []
    case .layoutNext:
        setLayout(&state, (state.view.layoutIndex + 1) % state.view.layouts.count)
        return []
    case .resize(let direction):
        resize(&state, direction)
        return []
    case .undo, .redo:
        let restored = command == .undo ? state.history.undo(from: state.session) : state.history.redo(from: state.session)
        guard let session = restored else { state.say(command == .undo ? "nothing to undo" : "nothing to redo"); return [] }
        state.session = session
        state.session.currentTrackIndex = min(state.session.currentTrackIndex, max(0, session.tracks.count - 1))
        state.say(command == .undo ? "undone" : "redone")
        let restoredEffects = Features.sessionRestored(&state)
        return [.setTracks(state.playedTracks), .setLoop(session.loopSelection ? session.selection : nil)] + restoredEffects
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
    case .open(let path):
        let name = fileName(path)
        if ProjectFile.isProjectPath(path) {
            let job = state.startJob("opening \(name)")
            return [.openProject(path: path, jobID: job)]
        }
        if let type = Features.fileTypes.first(where: { $0.matches(path) }) { return reduceAction(&state, type.open(path)) }
        let job = state.startJob("loading \(name)")
        return [.loadAudio(path: path, jobID: job)]
    case .write(let path):
        if let path, let type = Features.fileTypes.first(where: { $0.matches(path) }) {
            guard let write = type.write else { state.say("\(path): Kanade reads this kind of file but does not write it", error: true); return [] }
            return reduceAction(&state, write(path))
        }
        guard let target = path ?? state.session.path else {
            state.say("no project yet: :w NAME.kanade writes one", error: true)
            return []
        }
        if !ProjectFile.isProjectPath(target), fileName(target).contains(".") {
            state.say("\(target): :w writes a project (NAME.kanade) or a melody (.mid); :export writes WAV", error: true)
            return []
        }
        let folder = ProjectFile.isProjectPath(target) ? target : target + ProjectFile.suffix
        var made: [Int: AudioBuffer] = [:]
        for (i, track) in state.session.tracks.enumerated() where track.path == nil { made[i] = track.audio }
        let job = state.startJob("writing \(fileName(folder))")
        return [.writeProject(path: folder, SessionDocument(state), audio: made, files: Features.projectAudio(state.session), jobID: job)]
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
        return key == "glyphs" ? [.redraw] : []
    case .recover(let restore):
        guard let document = state.recovery else { state.say("nothing to recover"); return [] }
        state.recovery = nil
        guard restore else {
            state.say("recovery dropped")
            return [.discardJournal]
        }
        let job = state.startJob("recovering the session")
        return [.restoreSession(document, jobID: job)]
    case .cancel(let id):
        guard let jobID = id ?? state.jobs.keys.max() else { state.say("no job is running"); return [] }
        guard let job = state.jobs[jobID] else { state.say("no job \(jobID) (running: \(state.jobs.keys.sorted().map(String.init).joined(separator: ", ")))"); return [] }
        state.jobs[jobID] = nil
        state.cancelledJobs.insert(jobID)
        state.say("cancelled \(job.label)")
        return [.cancel(jobID: jobID)]
    default:
        return reduceTracks(&state, command)
    }
}

func setLayout(_ state: inout AppState, _ index: Int) {
    state.view.layoutIndex = max(0, min(state.view.layouts.count - 1, index))
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

