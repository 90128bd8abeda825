import TOMLKit
import AudioIO
import Testing
@testable import Workstation

/// A state with one mono track of `seconds` of silence at 1 kHz sample rate.
func stateWithTrack(seconds: Double = 10, channels: Int = 1) -> AppState {
    var s = AppState()
    let audio = AudioBuffer(sampleRate: 1000, channelCount: channels, frameCount: Int(seconds * 1000))
    _ = reduce(&s, .audioLoaded(jobID: 0, name: "test.wav", path: "/tmp/test.wav", audio: audio))
    s.history = UndoHistory()
    return s
}

@discardableResult
func press(_ state: inout AppState, _ keys: String) -> [Effect] {
    var effects: [Effect] = []
    for name in keys.split(separator: " ") { effects += reduce(&state, .key(KeyPress(name: String(name))!)) }
    return effects
}

func type(_ state: inout AppState, _ text: String) {
    for ch in text { _ = reduce(&state, .key(ch == " " ? .named(.space) : .character(ch))) }
}

@Suite struct ReduceTests {
    @Test func seekKeysMoveAndClampThePlayhead() {
        var s = stateWithTrack()
        press(&s, "l l")
        #expect(s.playhead == 10)
        press(&s, "l")
        #expect(s.playhead == 10)  // clamped to the end
        let effects = press(&s, "h")
        #expect(s.playhead == 5)
        guard case .seek(let t) = effects.first else { Issue.record("no seek effect"); return }
        #expect(t == 5)
        press(&s, "0")
        #expect(s.playhead == 0)
        press(&s, "$")
        #expect(s.playhead == 10)
    }

    @Test func playPauseNeedsATrackAndTogglesTheTransport() {
        var empty = AppState()
        #expect(reduce(&empty, .key(.named(.space))).isEmpty)
        #expect(empty.message?.text.contains("nothing to play") == true)
        var s = stateWithTrack()
        let e1 = press(&s, "space")
        #expect(s.transport.isPlaying)
        guard case .play = e1.first else { Issue.record("expected play"); return }
        let e2 = press(&s, "space")
        #expect(!s.transport.isPlaying)
        guard case .pause = e2.first else { Issue.record("expected pause"); return }
    }

    @Test func vSelectsFromAnchorToPlayheadAndUndoRedoRestoreIt() {
        var s = stateWithTrack()
        press(&s, "l v")
        #expect(s.view.selectionAnchor == 5)
        press(&s, "l")
        #expect(s.visibleSelection == TimeRange(5, 10))  // preview while making it
        #expect(s.session.selection == nil)
        press(&s, "v")
        #expect(s.session.selection == TimeRange(5, 10))
        press(&s, "u")
        #expect(s.session.selection == nil)
        press(&s, "C-r")
        #expect(s.session.selection == TimeRange(5, 10))
        press(&s, "esc")
        #expect(s.session.selection == nil)
        press(&s, "u")
        #expect(s.session.selection == TimeRange(5, 10))
    }

    @Test func undoIsUnlimitedAndANewEditDropsRedo() {
        var s = stateWithTrack(seconds: 100)
        for i in 0..<50 { _ = reduce(&s, .command(.select(TimeRange(Double(i), Double(i + 1))))) }
        for _ in 0..<50 { press(&s, "u") }
        #expect(s.session.selection == nil)
        press(&s, "u")
        #expect(s.message?.text == "nothing to undo")
        press(&s, "C-r C-r")
        #expect(s.session.selection == TimeRange(1, 2))
        _ = reduce(&s, .command(.select(TimeRange(7, 8))))
        press(&s, "C-r")
        #expect(s.message?.text == "nothing to redo")
    }

    @Test func loopFollowsTheSelection() {
        var s = stateWithTrack()
        _ = reduce(&s, .command(.select(TimeRange(2, 4))))
        let effects = press(&s, "r")
        #expect(s.session.loopSelection)
        guard case .setLoop(let r) = effects.first else { Issue.record("expected setLoop"); return }
        #expect(r == TimeRange(2, 4))
        let off = press(&s, "r")
        guard case .setLoop(nil) = off.first else { Issue.record("expected setLoop(nil)"); return }
    }

    @Test func zoomKeepsThePlayheadOnScreenAndFitResets() {
        var s = stateWithTrack(seconds: 64)
        _ = reduce(&s, .command(.seekTo(48)))
        press(&s, "+")
        #expect(s.view.visibleSeconds == 32)
        var w = s.view.window(duration: 64)
        #expect(w.contains(48))
        press(&s, "+ +")
        w = s.view.window(duration: 64)
        #expect(w.duration == 8)
        #expect(w.contains(48))
        press(&s, "L")
        #expect(s.view.window(duration: 64).start == w.start + 4)
        press(&s, "z")
        #expect(s.view.visibleSeconds == nil)
        press(&s, "-")
        #expect(s.view.visibleSeconds == nil)  // cannot zoom out past the whole track
    }

    @Test func playbackPagesTheViewWhenFollowing() {
        var s = stateWithTrack(seconds: 60)
        press(&s, "+ +")  // 15 s window
        let before = s.view.window(duration: 60)
        _ = reduce(&s, .command(.playPause))
        _ = reduce(&s, .transport(TransportStatus(isPlaying: true, position: before.end + 1, levels: [0.5])))
        #expect(s.view.window(duration: 60).contains(before.end + 1))
        _ = reduce(&s, .commandLine("set follow off"))
        let fixed = s.view.window(duration: 60)
        _ = reduce(&s, .transport(TransportStatus(isPlaying: true, position: 59, levels: [0.5])))
        #expect(s.view.window(duration: 60) == fixed)
    }

    @Test func focusAndLayoutCycle() {
        var s = AppState()
        #expect(s.view.focus == .waveform)
        press(&s, "tab")
        #expect(s.view.focus == .spectrogram)
        press(&s, "tab")
        #expect(s.view.focus == .waveform)
        press(&s, "backtab")
        #expect(s.view.focus == .spectrogram)
        press(&s, "2")
        #expect(s.view.layout.name == "compose")
        #expect(s.view.focus == .pianoRoll)
        _ = reduce(&s, .command(.focus(.waveform)))
        #expect(s.message?.text.contains("not in the compose layout") == true)
        press(&s, "5")
        #expect(s.view.layout.panes.count == PaneKind.allCases.count)
    }

    @Test func resizeChangesWeightsWithinBounds() {
        var s = AppState()
        press(&s, "}")
        #expect(s.view.currentRowWeights == [3, 3])
        for _ in 0..<20 { press(&s, "{") }
        #expect(s.view.currentRowWeights == [1, 3])
        press(&s, ">")
        #expect(s.message?.text.contains("has its row to itself") == true)
        press(&s, "5 >")
        #expect(s.view.columnWeights[.waveform] == 3)
    }

    @Test func commandLineTypesRunsAndRemembers() {
        var s = stateWithTrack()
        press(&s, ":")
        #expect(s.mode == .command)
        type(&s, "seek-to 0:07")
        #expect(s.commandLine.text == "seek-to 0:07")
        press(&s, "enter")
        #expect(s.mode == .normal)
        #expect(s.playhead == 7)
        press(&s, ":")
        type(&s, "bogus")
        press(&s, "enter")
        #expect(s.message == AppState.Message(text: "bogus: no such command (try :help)", isError: true))
        press(&s, ": up")
        #expect(s.commandLine.text == "bogus")
        press(&s, "up")
        #expect(s.commandLine.text == "seek-to 0:07")
        press(&s, "down down")
        #expect(s.commandLine.text == "")
        press(&s, "esc")
        #expect(s.mode == .normal)
    }

    @Test func backspaceOnEmptyPromptLeavesIt() {
        var s = AppState()
        press(&s, ": backspace")
        #expect(s.mode == .normal)
    }

    @Test func tabAsksForCompletionsAndAppliesThem() {
        var s = AppState()
        press(&s, ":")
        type(&s, "th")
        let effects = press(&s, "tab")
        guard case .complete(let line, let layouts, _) = effects.first, layouts == Layout.builtIn.map(\.name) else { Issue.record("expected complete"); return }
        #expect(line == "th")
        _ = reduce(&s, .completions(line: "th", ["theme"]))
        #expect(s.commandLine.text == "theme")
        type(&s, " ")
        _ = reduce(&s, .completions(line: "theme ", ["theme gruvbox", "theme mono"]))
        #expect(s.commandLine.text == "theme gruvbox")
        _ = reduce(&s, .completions(line: "theme gruvbox", ["theme gruvbox", "theme mono"]))
        #expect(s.commandLine.text == "theme mono")
        // Stale completions (the line changed meanwhile) are ignored.
        _ = reduce(&s, .completions(line: "old", ["open x"]))
        #expect(s.commandLine.text == "theme mono")
    }

    @Test func setValidatesAndReports() {
        var s = AppState()
        _ = reduce(&s, .commandLine("set db-range 90"))
        #expect(s.settings.dbRange == 90)
        _ = reduce(&s, .commandLine("set db-range 5"))
        #expect(s.message?.isError == true)
        #expect(s.settings.dbRange == 90)
        _ = reduce(&s, .commandLine("set nope 1"))
        #expect(s.message?.text.hasPrefix("set: no setting \"nope\"") == true)
        let e = reduce(&s, .commandLine("set glyphs ascii"))
        guard case .redraw = e.first else { Issue.record("expected redraw"); return }
    }

    @Test func openLoadsInTheBackgroundThenAnalyses() {
        var s = AppState()
        let e = reduce(&s, .commandLine("open ~/music/song one.wav"))
        guard case .loadAudio(let path, let job) = e.first else { Issue.record("expected loadAudio"); return }
        #expect(path == "~/music/song one.wav")
        #expect(s.jobs[job]?.label == "loading song one.wav")
        let audio = AudioBuffer(sampleRate: 8000, channelCount: 2, frameCount: 8000)
        let e2 = reduce(&s, .audioLoaded(jobID: job, name: "song one.wav", path: path, audio: audio))
        #expect(s.jobs[job] == nil)
        #expect(s.session.tracks.count == 1)
        #expect(s.message?.text == "opened song one.wav: stereo, 8000 Hz, 0:01.00")
        guard e2.count >= 2, case .analyze(let id, _, let job2) = e2[1] else { Issue.record("expected analyze"); return }
        #expect(id == s.session.tracks[0].id)
        _ = reduce(&s, .jobProgress(jobID: job2, fraction: 0.5))
        #expect(s.jobs[job2]?.fraction == 0.5)
        _ = reduce(&s, .jobFailed(jobID: job2, message: "spectrogram: broken"))
        #expect(s.jobs.isEmpty)
        #expect(s.message == AppState.Message(text: "spectrogram: broken", isError: true))
        press(&s, "u")
        #expect(s.session.tracks.isEmpty)  // opening a file is an edit
    }

    @Test func muteAndSoloAreEditsSentToTheTransport() {
        var s = stateWithTrack()
        let e = press(&s, "m")
        #expect(s.session.tracks[0].isMuted)
        guard case .setTracks(let tracks) = e.first else { Issue.record("expected setTracks"); return }
        #expect(tracks[0].isMuted)
        press(&s, "S u")
        #expect(!s.session.tracks[0].isSoloed)
        #expect(s.session.tracks[0].isMuted)
    }

    @Test func writeAsksForAProjectAndRemembersWhereItWent() {
        var s = stateWithTrack()
        _ = reduce(&s, .command(.select(TimeRange(1, 2))))
        #expect(reduce(&s, .commandLine("w")).isEmpty)
        #expect(s.message == .init(text: "no project yet: :w NAME.kanade writes one", isError: true))
        let e = reduce(&s, .commandLine("w /tmp/x"))
        guard case .writeProject(let path, let doc, let made, _, let job)? = e.first else { Issue.record("expected writeProject"); return }
        #expect(path == "/tmp/x.kanade")
        #expect(doc.tracks.map(\.path) == ["/tmp/test.wav"] && made.isEmpty)
        #expect(doc.selection == TimeRange(1, 2))
        #expect(s.jobs[job]?.label == "writing x.kanade")
        _ = reduce(&s, .projectWritten(jobID: job, path: path, madeFiles: [:]))
        #expect(s.jobs[job] == nil && s.session.path == "/tmp/x.kanade")
        guard case .writeProject(let again, _, _, _, _)? = reduce(&s, .commandLine("w")).first else { Issue.record("expected writeProject"); return }
        #expect(again == "/tmp/x.kanade")
    }

    @Test func helpModeScrollsAndCloses() {
        var s = AppState()
        press(&s, "?")
        #expect(s.mode == .help)
        press(&s, "j j k")
        #expect(s.helpScroll == 1)
        press(&s, "space")  // does not start playback while help is open
        #expect(s.helpScroll == 11)
        press(&s, "esc")
        #expect(s.mode == .normal)
    }

    @Test func quitAndCtrlCQuit() {
        var a = AppState()
        press(&a, "C-c")
        #expect(a.shouldQuit)
        var b = AppState()
        _ = reduce(&b, .commandLine("q"))
        #expect(b.shouldQuit)
    }

    @Test func unboundKeyExplainsItself() {
        var s = AppState()
        press(&s, "x")
        #expect(s.message?.text == "x is not bound (? lists the keys)")
    }
}

@Suite struct JobTests {
    @Test func cancelStopsTheNewestJobAndDropsItsLateResult() {
        var s = AppState()
        #expect(reduce(&s, .commandLine("cancel")).isEmpty)
        #expect(s.message?.text == "no job is running")
        guard case .loadAudio(_, let first)? = reduce(&s, .commandLine("open a.wav")).first,
              case .loadAudio(_, let second)? = reduce(&s, .commandLine("open b.wav")).first else { Issue.record("no loads"); return }
        guard case .cancel(let cancelled)? = reduce(&s, .commandLine("cancel")).first else { Issue.record("no cancel"); return }
        #expect(cancelled == second)
        #expect(s.message?.text == "cancelled loading b.wav")
        #expect(s.jobs.keys.sorted() == [first])
        // The cancelled load finishing anyway changes nothing.
        let audio = AudioBuffer(sampleRate: 1000, channelCount: 1, frameCount: 10)
        #expect(reduce(&s, .audioLoaded(jobID: second, name: "b.wav", path: "b.wav", audio: audio)).isEmpty)
        #expect(s.session.tracks.isEmpty)
        _ = reduce(&s, .audioLoaded(jobID: first, name: "a.wav", path: "a.wav", audio: audio))
        #expect(s.session.tracks.map(\.name) == ["a.wav"])
        #expect(reduce(&s, .commandLine("cancel 99")).isEmpty)
        #expect(s.message?.text.hasPrefix("no job 99") == true)
    }

    @Test func aCancelledSpectrogramStopsBetweenChunks() {
        let audio = AudioBuffer(sampleRate: 8000, channels: [[Float](repeating: 0.1, count: 8000 * 60)])
        var calls = 0
        let result = SpectrogramAnalysis.compute(audio) { _ in calls += 1; return calls < 2 }
        #expect(result == nil)
        #expect(calls == 2)
        #expect(SpectrogramAnalysis.compute(AudioBuffer(sampleRate: 8000, channels: [[0, 0.5, 0]])) != nil)
    }
}

@Suite struct WriteTargetTests {
    @Test func writeRefusesNamesThatAreNeitherProjectsNorMelodies() {
        var s = stateWithTrack()
        #expect(reduce(&s, .commandLine("w take.wav")).isEmpty)
        #expect(s.message == .init(text: "take.wav: :w writes a project (NAME.kanade) or a melody (.mid); :export writes WAV", isError: true))
        guard case .writeProject(let path, _, _, _, _)? = reduce(&s, .commandLine("w take2")).first else { Issue.record("no write"); return }
        #expect(path == "take2.kanade")
    }

    @Test func aProjectWithoutViewDetailsOrMixerSettingsStillReads() throws {
        let text = """
            kanade_session = 1
            [view]
            layout = "compose"
            focus = "piano-roll"
            [[tracks]]
            name = "a.wav"
            path = "/a.wav"
            """
        let doc = try TOMLDecoder().decode(SessionDocument.self, from: text)
        #expect(doc.view.layout == "compose" && doc.view.rowWeights.isEmpty && doc.view.viewStart == 0)
        #expect(doc.tracks == [SessionDocument.TrackEntry(name: "a.wav", path: "/a.wav")])
        #expect(doc.problems().isEmpty)
    }
}
