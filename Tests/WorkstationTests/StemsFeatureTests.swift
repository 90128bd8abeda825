import AudioIO
import Foundation
import Models
import Testing
import TestSupport
@testable import Workstation

/// The stems feature as data in, data out: `:separate`, the lane keys, A/B, export, and stems saved in a
/// project and read back — with the effects run for real (separation, files) and their actions reduced.
@Suite struct StemsFeatureTests {
    /// 17 s of 8 kHz stereo: a held chord (harmonic) and a click every half second (percussive). Three
    /// 8-second separation chunks.
    static let song: AudioBuffer = {
        let rate = 8000.0, n = Int(17 * rate)
        let left = (0..<n).map { i -> Float in
            let t = Double(i) / rate
            let chord = 0.2 * sin(2 * .pi * 220 * t) + 0.15 * sin(2 * .pi * 330 * t)
            let click = i % 4000 < 40 ? 0.6 * (1 - Double(i % 4000) / 40) : 0
            return Float(chord + click)
        }
        return AudioBuffer(sampleRate: rate, channels: [left, left.map { $0 * 0.8 }])
    }()

    func loaded() -> AppState {
        var s = AppState()
        _ = reduce(&s, .audioLoaded(jobID: 0, name: "song.wav", path: "/nonexistent/song.wav", audio: Self.song))
        s.jobs = [:]
        s.message = nil
        return s
    }

    /// Runs effects, waiting for the separator's queue, the file queue and the compute queue, then reduces
    /// what they posted; returns the posted actions.
    @discardableResult
    func settle(_ s: inout AppState, _ effects: [Effect], _ posted: PostedActions) -> [Action] {
        var all: [Action] = []
        var pending = effects
        while !pending.isEmpty {
            for e in pending { posted.runner.run(e) }
            posted.runner.context.model("stem-separator").sync {}
            posted.runner.waitForEngineAndFiles()
            posted.runner.context.compute.sync(flags: .barrier) {}
            let actions = posted.take()
            all += actions
            pending = actions.flatMap { reduce(&s, $0) }
        }
        return all
    }

    func separated(_ posted: PostedActions) -> AppState {
        var s = loaded()
        settle(&s, reduce(&s, .commandLine("separate hpss")), posted)
        return s
    }

    @Test func separateDefaultsToTheUNetWhichTheEffectLoads() throws {
        var s = loaded()
        _ = reduce(&s, .commandLine("separate"))
        #expect(s.session.stems.method == "unet")
        let separator = try StemsEffect.separator(.unet)
        #expect(separator.unet != nil && separator.resampling != nil)
        #expect(separator.method.stemNames == ["vocals", "drums", "bass", "other"])
        #expect(try StemsEffect.separator(.hpss).unet == nil)
    }

    @Test func badCommandsAreOneClearLine() throws {
        var s = AppState()
        _ = reduce(&s, .commandLine("separate hpss"))
        #expect(s.message?.text == "separate: no track to separate — :open SONG first")
        _ = reduce(&s, .commandLine("separate spleeter"))
        #expect(s.message?.text.hasPrefix("separate: spleeter is not a method") == true)
        _ = reduce(&s, .commandLine("stems gain loud"))
        #expect(s.message?.text == "stems gain: loud is not a number of dB")
        _ = reduce(&s, .commandLine("stems mute"))
        #expect(s.message?.text == "no stems yet: :separate splits the current track")
        _ = reduce(&s, .commandLine("export stems /tmp/x"))
        #expect(s.message?.text == "no stems to export: :separate first")
        // A tenth of a second is too short to separate.
        _ = reduce(&s, .audioLoaded(jobID: 0, name: "blip.wav", path: "/x/blip.wav",
                                    audio: AudioBuffer(sampleRate: 44_100, channelCount: 1, frameCount: 4410)))
        let effects = reduce(&s, .commandLine("separate hpss"))
        #expect(s.message?.text == "separate: blip.wav is 0.10 s long; stems need at least half a second")
        #expect(s.session.stems.isEmpty && !effects.contains { if case .feature = $0 { true } else { false } })
    }

    @Test func separationStreamsChunksThenKeepsTheStems() throws {
        let posted = PostedActions()
        var s = loaded()
        let effects = reduce(&s, .commandLine("separate hpss"))
        #expect(s.session.stems.lanes.map(\.name) == ["harmonic", "percussive"])
        #expect(s.session.stems.audio.isEmpty && s.stemWork.jobID != nil)
        #expect(s.view.stems.lane == 0)
        let actions = settle(&s, effects, posted)
        let ranges = chunkRanges(actions)
        #expect(ranges.count == 3, "8-second chunks of a 17-second song: \(ranges)")
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == Self.song.frameCount)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "contiguous, in order")
        #expect(s.stemWork.isComplete && s.stemWork.jobID == nil && s.jobs.isEmpty)
        #expect(s.message?.text == "separated song.wav (hpss): harmonic, percussive")
        let stems = s.session.stems.audio
        #expect(stems.count == 2 && stems.allSatisfy { $0.frameCount == Self.song.frameCount && $0.channelCount == 2 })
        // HPSS shares every bin between its two stems: they add back up to the song.
        var worst: Float = 0
        for c in 0..<2 {
            for i in stride(from: 0, to: Self.song.frameCount, by: 7) {
                worst = max(worst, abs(stems[0].channels[c][i] + stems[1].channels[c][i] - Self.song.channels[c][i]))
            }
        }
        #expect(worst < 1e-3, "stems differ from the song by \(worst)")
        // The clicks go to the percussive stem.
        let click = 4000 * 2 + 5
        #expect(abs(stems[1].channels[0][click]) > abs(stems[0].channels[0][click]))
        // Each stem and the residual were analysed for the waveform and spectrogram panes.
        #expect(Set(s.stemWork.analyses.keys) == [0, 1, 2])
        // Undo goes back to before the separation.
        _ = reduce(&s, .commandLine("undo"))
        #expect(s.session.stems.isEmpty)
    }

    func chunkRanges(_ actions: [Action]) -> [Range<Int>] {
        actions.compactMap { a -> Range<Int>? in
            if case .feature(let f) = a, case .chunk(_, let range, _, _)? = f as? StemsAction { return range }
            return nil
        }
    }

    /// With the playhead at 10 s, the part from there is separated first, then the start: what is about to be
    /// heard is ready soonest. The stems still add up to the song across the join.
    @Test func separationStartsAtThePlayhead() throws {
        let posted = PostedActions()
        var s = loaded()
        s.transport = TransportStatus(isPlaying: true, position: 10, levels: [])
        let effects = reduce(&s, .commandLine("separate hpss"))
        #expect(s.message?.text.contains("from the playhead") == true)
        let actions = settle(&s, effects, posted)
        let ranges = chunkRanges(actions)
        // 10 s at 8 kHz rounded down to 5120 frames (80 for the 44.1 kHz device rate, 1024 for the envelope).
        #expect(ranges.first?.lowerBound == 76_800, "\(ranges)")
        #expect(ranges.first?.upperBound == Self.song.frameCount)
        #expect(ranges.dropFirst().first?.lowerBound == 0 && ranges.last?.upperBound == 76_800, "\(ranges)")
        #expect(s.stemWork.isComplete)
        let stems = s.session.stems.audio
        var worst: Float = 0
        for i in 0..<Self.song.frameCount {
            worst = max(worst, abs(stems[0].channels[0][i] + stems[1].channels[0][i] - Self.song.channels[0][i]))
        }
        #expect(worst < 1e-3, "stems differ from the song by \(worst)")
    }

    @Test func separationStartIsAlignedAndNotNearTheEnds() {
        let song = AudioBuffer(sampleRate: 44_100, channelCount: 1, frameCount: 44_100 * 180)
        #expect(separationStart(playhead: 60, audio: song) == 150_528 * 17)   // 147 × 1024 frames a step
        #expect(separationStart(playhead: 1.5, audio: song) == 0)
        let short = AudioBuffer(sampleRate: 44_100, channelCount: 1, frameCount: 44_100 * 100)
        #expect(separationStart(playhead: 99.5, audio: short) == 0, "1 s from the end: from the start")
        let at48 = AudioBuffer(sampleRate: 48_000, channelCount: 1, frameCount: 48_000 * 60)
        #expect(separationStart(playhead: 30, audio: at48) == 30 * 48_000 / 5120 * 5120)
    }

    @Test func cancelStopsBetweenChunks() throws {
        let posted = PostedActions()
        var s = loaded()
        let effects = reduce(&s, .commandLine("separate hpss"))
        let job = try #require(s.stemWork.jobID)
        let cancel = reduce(&s, .commandLine("cancel \(job)"))
        let actions = settle(&s, cancel + effects, posted)
        let chunks = actions.filter { if case .feature(let f) = $0 { (f as? StemsAction).map { if case .chunk = $0 { true } else { false } } ?? false } else { false } }
        #expect(chunks.count <= 1, "stopped after the chunk in progress")
        #expect(s.session.stems.isEmpty && s.jobs.isEmpty && s.stemLaneCount == 0)
        #expect(s.message?.text == "separation cancelled; its stems are dropped")
        #expect(!actions.contains { if case .jobFailed = $0 { true } else { false } })
    }

    @Test func laneKeysSoloMuteGainAndAB() throws {
        let posted = PostedActions()
        var s = separated(posted)
        s.view.focus = .stems
        func mixEffect(_ effects: [Effect]) -> (gains: [Float], listen: Bool)? {
            for e in effects {
                if case .feature(let f) = e, case .mix(_, let gains, let listen)? = f as? StemsEffect { return (gains, listen) }
            }
            return nil
        }
        #expect(s.session.stems.listensToStems)
        _ = reduce(&s, .key(.character("j")))        // to "harmonic"
        #expect(s.view.stems.lane == 1)
        var mix = try #require(mixEffect(reduce(&s, .key(.character("S")))))
        #expect(mix.gains == [1, 0, 0] && mix.listen)
        _ = reduce(&s, .key(.character("j")))        // to "percussive"
        mix = try #require(mixEffect(reduce(&s, .key(.character("-")))))
        #expect(s.session.stems.lanes[1].gainDB == -1)
        mix = try #require(mixEffect(reduce(&s, .key(.character("m")))))
        #expect(s.session.stems.lanes[1].isMuted && mix.gains[1] == 0)
        mix = try #require(mixEffect(reduce(&s, .key(.character("a")))))
        #expect(!mix.listen && s.message?.text == "A: the original")
        // The residual lane: shown, then reachable with j.
        mix = try #require(mixEffect(reduce(&s, .key(.character("R")))))
        #expect(s.stemLaneCount == 4 && mix.gains.count == 3)
        _ = reduce(&s, .key(.character("j")))
        #expect(s.view.stems.lane == 3)
        // The original lane's mute is the track's own.
        _ = reduce(&s, .key(.character("j")))
        #expect(s.view.stems.lane == 0)
        let effects = reduce(&s, .key(.character("m")))
        #expect(s.session.tracks[0].isMuted)
        #expect(effects.contains { if case .setTracks = $0 { true } else { false } })
        // Soloing the original lane means "listen to A".
        _ = reduce(&s, .key(.character("a")))
        #expect(s.session.stems.listensToStems)
        _ = reduce(&s, .key(.character("S")))
        #expect(!s.session.stems.listensToStems)
    }

    @Test func undoAndRedoKeepTheEngineInLine() throws {
        let posted = PostedActions()
        var s = separated(posted)
        let audio = s.session.stems.audio
        func stemEffects(_ effects: [Effect]) -> [StemsEffect] {
            effects.compactMap { if case .feature(let f) = $0 { f as? StemsEffect } else { nil } }
        }
        // Undo the separation: the track plays without stems again.
        let undone = stemEffects(reduce(&s, .commandLine("undo")))
        #expect(undone.contains { if case .end = $0 { true } else { false } }, "\(undone)")
        #expect(s.session.stems.isEmpty && s.stemWork.engineTrackID == nil)
        // Redo: the same stems go back to the engine.
        let redone = reduce(&s, .commandLine("redo"))
        #expect(stemEffects(redone).contains { if case .feed = $0 { true } else { false } })
        settle(&s, redone, posted)
        #expect(s.session.stems.audio == audio && s.stemWork.isComplete && s.jobs.isEmpty)
        // Undo of a mix change only sends the mix.
        _ = reduce(&s, .commandLine("stems ab"))
        let mixOnly = stemEffects(reduce(&s, .commandLine("undo")))
        #expect(mixOnly.count == 1)
        if case .mix(_, _, let listen)? = mixOnly.first { #expect(listen) } else { Issue.record("expected the mix: \(mixOnly)") }
        // Undo during a separation cancels it.
        var t = loaded()
        let effects = reduce(&t, .commandLine("separate hpss"))
        let job = try #require(t.stemWork.jobID)
        let cancelled = reduce(&t, .commandLine("undo"))
        #expect(cancelled.contains { if case .cancel(job) = $0 { true } else { false } })
        #expect(t.jobs.isEmpty && t.session.stems.isEmpty)
        settle(&t, cancelled + effects, posted)
        #expect(t.session.stems.isEmpty)
    }

    @Test func theFocusedStemIsWhatTheTimePanesShow() {
        let posted = PostedActions()
        var s = separated(posted)
        #expect(s.focusedStem == nil)      // the cursor is on the original
        _ = reduce(&s, .commandLine("stems lane next"))
        #expect(s.focusedStem?.name == "harmonic")
        #expect(s.shownAnalysis?.peaks.frameCount == Self.song.frameCount)
    }

    @Test func exportWritesEachStemAndNeverOverwritesWithoutAsking() throws {
        let posted = PostedActions()
        var s = separated(posted)
        let dir = TemporaryDirectory()
        let out = dir.path + "/stems"
        var failures = apply(posted.run(reduce(&s, .commandLine("export stems \(out)"))), to: &s)
        #expect(failures.isEmpty, "\(failures)")
        #expect(s.message?.text == "wrote 2 stems to \(out): harmonic.wav, percussive.wav")
        let harmonic = try AudioFile.read(out + "/harmonic.wav")
        #expect(harmonic.frameCount == Self.song.frameCount && harmonic.sampleRate == 8000 && harmonic.channelCount == 2)
        let before = try FileManager.default.attributesOfItem(atPath: out + "/harmonic.wav")[.modificationDate] as? Date
        failures = apply(posted.run(reduce(&s, .commandLine("export stems \(out)"))), to: &s)
        #expect(failures == ["\(out)/harmonic.wav: already exists; not overwritten — :export stems \(out) replace overwrites"])
        #expect(try FileManager.default.attributesOfItem(atPath: out + "/harmonic.wav")[.modificationDate] as? Date == before)
        failures = apply(posted.run(reduce(&s, .commandLine("export stems \(out) flac"))), to: &s)
        #expect(failures.isEmpty)
        #expect(try AudioFile.info(out + "/percussive.flac").format.container.hasPrefix("FLAC"))
        failures = apply(posted.run(reduce(&s, .commandLine("export stems \(out) replace"))), to: &s)
        #expect(failures.isEmpty)
        // A folder that cannot be made: one line naming it.
        try Data().write(to: URL(fileURLWithPath: dir.path + "/file"))
        failures = apply(posted.run(reduce(&s, .commandLine("export stems \(dir.path)/file"))), to: &s)
        #expect(failures == ["\(dir.path)/file: is a file, not a folder"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test func stemsAreSavedInTheProjectAndComeBack() throws {
        let posted = PostedActions()
        var s = separated(posted)
        _ = reduce(&s, .commandLine("stems lane next"))
        _ = reduce(&s, .commandLine("stems solo"))
        let dir = TemporaryDirectory()
        let project = dir.path + "/take.kanade"
        // The song needs a file for the project to name.
        try AudioFile.write(Self.song, to: dir.path + "/song.wav", format: .wavFloat)
        s.session.tracks[0].path = dir.path + "/song.wav"
        settle(&s, reduce(&s, .commandLine("w \(project)")), posted)
        #expect(s.message?.text == "wrote \(project)")
        let files = try FileManager.default.contentsOfDirectory(atPath: project + "/audio/stems").sorted()
        #expect(files == ["song-harmonic.wav", "song-percussive.wav"])

        var reopened = AppState()
        settle(&reopened, reduce(&reopened, .commandLine("open \(project)")), posted)
        let set = reopened.session.stems
        #expect(set.lanes.map(\.name) == ["harmonic", "percussive"] && set.lanes[0].isSoloed && set.method == "hpss")
        #expect(set.audio.count == 2)
        #expect(set.audio == s.session.stems.audio, "float WAV keeps the stems exactly")
        #expect(reopened.stemWork.isComplete)
        #expect(reopened.message?.text == "loaded the stems of song.wav (hpss): harmonic, percussive")

        // Opened again in the same run, the project's track gets a new id: the transport keys tracks (and their
        // stems) by id, so it must not mistake the new song for the one it replaces.
        let firstID = reopened.session.tracks[0].id
        settle(&reopened, reduce(&reopened, .commandLine("open \(project)")), posted)
        #expect(reopened.session.tracks.count == 1 && reopened.session.tracks[0].id != firstID)
        #expect(reopened.session.stems.audio.count == 2)

        // A damaged stem file: one line naming it, and the song still opens.
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: project + "/audio/stems/song-percussive.wav"))
        var damaged = AppState()
        let actions = settle(&damaged, reduce(&damaged, .commandLine("open \(project)")), posted)
        let failure = actions.compactMap { if case .jobFailed(_, let m) = $0 { m } else { nil } }.first
        #expect(failure?.contains("song-percussive.wav") == true, "\(String(describing: failure))")
        #expect(damaged.session.tracks.count == 1 && damaged.session.stems.audio.isEmpty)
    }

    @Test func theStemPartIsCheckedWhenRead() {
        var set = StemSet()
        set.trackIndex = 0
        set.lanes = [StemLane(name: "vocals", file: "../../etc/passwd")]
        #expect(set.problems() == ["stems: vocals file ../../etc/passwd is outside the project folder"])
        set.lanes = [StemLane(name: "vocals", file: "audio/stems/a-vocals.wav")]
        set.lanes[0].gainDB = 200
        #expect(set.problems() == ["stems: vocals gain 200.0 dB is beyond ±96 dB"])
    }
}

extension PostedActions {
    /// What was posted since the last call.
    func take() -> [Action] { run([]) }
}
