import AudioIO
import Charts
import Foundation
import Testing
import TestSupport
@testable import Workstation

/// The chart editor through the reducer: the cursor (the snapped playhead, or its own without audio), lane
/// keys, holds, snap, selections, undo, lint, timing nudges, tap tempo and `chart generate`.
@Suite struct ChartEditorTests {
    /// A 120 BPM simfile with one empty Medium chart and no audio.
    func state(notes: [ChartNote] = []) -> AppState {
        var s = AppState()
        s.session.chartBook.simfile = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .medium, meter: 5, notes: notes)])
        return s
    }

    func run(_ s: inout AppState, _ lines: String...) {
        for line in lines { _ = reduce(&s, .commandLine(line)) }
    }

    var notes: (AppState) -> [ChartNote] { { $0.session.chartBook.chart?.notes ?? [] } }

    @Test func laneKeysPlaceAtTheCursorAndUndo() {
        var s = state()
        run(&s, "chart cursor +2", "chart note 1", "chart measure +1", "chart note 4", "chart snap 8", "chart cursor -1", "chart mine 2")
        #expect(notes(s) == [ChartNote(beat: Beat(1, 2), lane: 0), ChartNote(beat: Beat(4), lane: 1, kind: .mine),
                             ChartNote(beat: Beat(9, 2), lane: 3)])
        #expect(s.message?.text == "added mine on lane 2 at beat 4")
        run(&s, "undo")
        #expect(notes(s).count == 2)
        run(&s, "undo", "undo")
        #expect(notes(s).isEmpty)
        run(&s, "redo")
        #expect(notes(s) == [ChartNote(beat: Beat(1, 2), lane: 0)])
        // A lane the chart does not have, and an editor command with no chart, are refused with a message.
        run(&s, "chart note 5")
        #expect(s.message?.isError == true && s.message?.text.contains("4 lanes") == true)
        var empty = AppState()
        run(&empty, "chart note 1")
        #expect(empty.message?.text.hasPrefix("no chart") == true)
    }

    @Test func theCursorIsThePlayheadOnTheSnapWhenASongIsLoaded() {
        var s = state()
        _ = s.session.add(name: "song.wav", path: nil, audio: AudioBuffer(sampleRate: 1000, channels: [[Float](repeating: 0, count: 10_000)]))
        s.transport.position = 1.13                      // beat 2.26 at 120 BPM: the 16th grid puts it at 9/4
        #expect(s.chartCursor == Beat(9, 4))
        let effects = reduce(&s, .commandLine("chart cursor +1"))
        #expect(s.playhead == 1.25)                       // beat 5/2
        #expect(effects.contains { if case .seek(let t) = $0 { t == 1.25 } else { false } })
        run(&s, "chart note 3")
        #expect(notes(s) == [ChartNote(beat: Beat(5, 2), lane: 2)])
    }

    @Test func holdsSelectionsAndTheirEdits() {
        var s = state(notes: [ChartNote(beat: Beat(1), lane: 0), ChartNote(beat: Beat(2), lane: 1), ChartNote(beat: Beat(3), lane: 2)])
        run(&s, "chart cursor +6", "chart hold 1")                     // cursor at 3/2: ← from 1 held to 3/2
        #expect(notes(s)[0].kind == .hold(end: Beat(3, 2)))
        run(&s, "chart hold 1")
        #expect(notes(s)[0].kind == .roll(end: Beat(3, 2)))
        run(&s, "chart cursor -2", "chart mark", "chart measure +1", "chart cursor -4", "chart mark")
        #expect(s.chartEditor.selection == Beat(1)...Beat(4))
        run(&s, "chart mirror")
        #expect(notes(s).map(\.lane) == [3, 2, 1])
        run(&s, "chart flip")
        #expect(notes(s).map(\.lane) == [3, 1, 2])
        run(&s, "chart shift +1")
        #expect(notes(s).map(\.beat) == [Beat(5, 4), Beat(9, 4), Beat(13, 4)] && s.chartEditor.selection == Beat(5, 4)...Beat(17, 4))
        run(&s, "chart quantise")                                      // the 16th snap keeps them
        run(&s, "chart snap 4", "chart quantise")
        #expect(notes(s).map(\.beat) == [Beat(1), Beat(2), Beat(3)], "\(notes(s))")
        // The cursor (at 17/4, off the quarter grid) counts as on its nearest quarter, beat 4.
        run(&s, "chart unmark", "chart cursor -3", "chart mark", "chart cursor +2", "chart mark", "chart copy")
        #expect(s.chartEditor.clipboard?.notes.count == 3)
        run(&s, "chart unmark", "chart measure +2", "chart paste")
        #expect(notes(s).count == 6)
        run(&s, "chart cut")                                           // no selection: the cursor's row
        #expect(notes(s).count == 5 && s.message?.text == "cut 1 note")
        run(&s, "undo", "undo")
        #expect(notes(s).count == 3)
    }

    @Test func lintJumpsToTheNextFinding() {
        // Medium allows 16ths at most: a 32nd at beat 1/8 is off its grid.
        var s = state(notes: [ChartNote(beat: Beat(1, 8), lane: 0), ChartNote(beat: Beat(2), lane: 1)])
        run(&s, "chart lint")
        #expect(s.chartEditor.cursor == Beat(1, 8), "\(String(describing: s.message))")
        #expect(s.message?.text.hasPrefix("lint 1/") == true)
    }

    @Test func tempoAndOffsetNudgesAreUndoable() {
        var s = state()
        run(&s, "chart bpm 128.5")
        #expect(s.session.chartBook.simfile?.timing.bpms[0].bpm == 128.5)
        run(&s, "chart bpm -0.5", "chart offset +10")
        #expect(s.session.chartBook.simfile?.timing.bpms[0].bpm == 128)
        #expect(abs((s.session.chartBook.simfile?.timing.offset ?? 0) + 0.010) < 1e-12)
        run(&s, "undo", "undo", "undo")
        #expect(s.session.chartBook.simfile?.timing == Timing(bpm: 120))
        run(&s, "chart bpm 0")
        #expect(s.message?.isError == true)
    }

    @Test func tapTempoFromThePlayhead() {
        var s = state()
        for i in 0..<6 {
            s.transport.position = 10 + Double(i) * 0.48    // 125 BPM
            run(&s, "chart tap-tempo")
        }
        #expect(s.message?.text.hasPrefix("tap tempo: 125.00 BPM from 6 taps") == true, "\(String(describing: s.message))")
        s.transport.position = 20                           // a long pause starts again
        run(&s, "chart tap-tempo")
        #expect(s.chartEditor.taps == [20])
    }

    @Test func generateChartsTheCurrentTrackOffTheUIThread() throws {
        let rate = 44_100.0
        var samples = [Float](repeating: 0, count: Int(12 * rate))
        for k in 0..<22 {                                   // clicks every half second from 0.5 s (120 BPM)
            let first = Int((0.5 + Double(k) * 0.5) * rate)
            for i in 0..<Int(0.02 * rate) { samples[first + i] = Float(0.8 * sin(2 * .pi * 1000 * Double(i) / rate) * exp(-Double(i) / rate / 0.004)) }
        }
        var s = AppState()
        _ = s.session.add(name: "clicks.wav", path: "/tmp/clicks.wav", audio: AudioBuffer(sampleRate: rate, channels: [samples]))
        s.session.currentTrackIndex = 0
        let posted = PostedActions()
        let effects = reduce(&s, .commandLine("chart generate easy"))
        #expect(s.jobs.count == 1)
        for effect in effects { posted.runner.run(effect) }
        posted.runner.context.model("charts").sync {}
        #expect(apply(posted.run([]), to: &s).isEmpty)
        let simfile = try #require(s.session.chartBook.simfile)
        #expect(simfile.charts.map(\.difficulty) == [.easy] && simfile.music == "/tmp/clicks.wav" && simfile.title == "clicks")
        #expect(abs(simfile.timing.bpms[0].bpm - 120) < 0.1)
        #expect(simfile.charts[0].notes.count >= 10)
        #expect(s.message?.text.hasPrefix("charted clicks: 120") == true, "\(String(describing: s.message))")
        // Hand-tuned timing is kept when charting another difficulty.
        run(&s, "chart offset +5")
        let kept = s.session.chartBook.simfile!.timing
        let again = reduce(&s, .commandLine("chart generate beginner"))
        for effect in again { posted.runner.run(effect) }
        posted.runner.context.model("charts").sync {}
        apply(posted.run([]), to: &s)
        #expect(s.session.chartBook.simfile?.timing == kept)
        #expect(s.session.chartBook.simfile?.charts.map(\.difficulty) == [.beginner, .easy])
        run(&s, "undo")
        #expect(s.session.chartBook.simfile?.charts.count == 1)
        // With no track there is nothing to chart.
        var none = AppState()
        #expect(reduce(&none, .commandLine("chart generate")).isEmpty && none.message?.isError == true)
    }
}

/// The assist tick: a click on every step (one per jump), following edits and undo, played beside the song.
@Suite struct AssistTickTests {
    @Test func ticksSitOnTheStepsOnly() {
        let chart = Chart(difficulty: .easy, meter: 3, notes: [
            ChartNote(beat: Beat(1), lane: 0), ChartNote(beat: Beat(1), lane: 3), ChartNote(beat: Beat(2), lane: 1, kind: .mine),
            ChartNote(beat: Beat(3), lane: 2, kind: .hold(end: Beat(4)))])
        let ticks = AssistTick.render(chart, timing: Timing(offset: -0.1, bpm: 60), duration: 5, sampleRate: 10_000).channels[0]
        #expect(ticks.count == 50_000)
        // Beat 1 at 1.1 s (once, for the jump), beat 3 at 3.1 s; nothing for the mine at 2.1 s.
        let loud = ticks.indices.filter { abs(ticks[$0]) > 0.05 }
        #expect(Set(loud.map { $0 / 1000 }) == [11, 31], "\(loud.prefix(5))")
        #expect(ticks.map(abs).max()! <= 0.5)
    }

    @Test func theTickFollowsTheChartAndGoesToTheTransport() {
        var s = AppState()
        _ = s.session.add(name: "song.wav", path: nil, audio: AudioBuffer(sampleRate: 10_000, channels: [[Float](repeating: 0, count: 80_000)]))
        s.session.chartBook.simfile = Simfile(timing: Timing(bpm: 60), charts: [Chart(difficulty: .easy, meter: 3)])
        let posted = PostedActions()
        func settle(_ effects: [Effect]) -> [Effect] {
            for effect in effects { posted.runner.run(effect) }
            posted.runner.context.compute.sync(flags: .barrier) {}
            var out: [Effect] = []
            for action in posted.run([]) { out += reduce(&s, action) }
            return out
        }
        _ = settle(reduce(&s, .commandLine("chart assist")))
        #expect(s.chartEditor.assist && s.playedTracks.map(\.id) == [1, AssistTick.trackID])
        let first = s.chartEditor.assistGeneration
        let after = settle(reduce(&s, .commandLine("chart measure +1")) + reduce(&s, .commandLine("chart note 2")))
        #expect(s.chartEditor.assistGeneration == first + 1)
        #expect(after.contains { if case .setTracks(let t) = $0 { t.count == 2 } else { false } })
        #expect(s.playedTracks[1].audio.channels[0][40_000..<40_150].contains { abs($0) > 0.05 })   // beat 4 at 4 s
        _ = settle(reduce(&s, .commandLine("undo")))
        #expect(!s.playedTracks[1].audio.channels[0].contains { abs($0) > 0.05 })
        let off = reduce(&s, .commandLine("chart assist"))
        #expect(!s.chartEditor.assist && s.playedTracks.count == 1)
        #expect(off.contains { if case .setTracks(let t) = $0 { t.count == 1 } else { false } })
    }
}

/// Slow playback: the tracks stretched off the UI thread, the transport told the speed, the playhead kept in the
/// song's own time.
@Suite struct SlowPlaybackTests {
    @Test func halfSpeedStretchesTheTracksAndScalesTheTransportsTime() throws {
        var s = AppState()
        let rate = 8000.0
        let tone = (0..<Int(4 * rate)).map { Float(0.3 * sin(2 * .pi * 440 * Double($0) / rate)) }
        _ = s.session.add(name: "song.wav", path: nil, audio: AudioBuffer(sampleRate: rate, channels: [tone]))
        s.session.chartBook.simfile = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .easy, meter: 3)])
        s.transport.position = 1
        let posted = PostedActions()
        let ask = reduce(&s, .commandLine("chart speed 50"))
        #expect(s.jobs.count == 1)
        for effect in ask { posted.runner.run(effect) }
        posted.runner.context.compute.sync(flags: .barrier) {}
        var effects: [Effect] = []
        for action in posted.run([]) { effects += reduce(&s, action) }
        #expect(s.chartEditor.speed == 0.5 && s.jobs.isEmpty)
        #expect(s.playedTracks[0].audio.frameCount == 2 * tone.count)
        #expect(effects.count == 3)
        guard effects.count == 3, case .setSpeed(let speed) = effects[0], case .setTracks(let tracks) = effects[1],
              case .seek(let t) = effects[2] else { Issue.record("\(effects)"); return }
        #expect(speed == 0.5 && tracks[0].audio.frameCount == 2 * tone.count && t == 1)
        // The runner scales: a seek to 1 s of the song is 2 s of the slowed track, reported back as 1 s.
        _ = posted.run(effects)
        let clock = try #require(posted.runner.context.transport as? ClockTransport)
        #expect(abs(clock.status().position - 2) < 1e-9)
        // Back to full speed: the session's own tracks again.
        let back = reduce(&s, .commandLine("chart speed 100"))
        #expect(s.chartEditor.speed == 1 && s.playedTracks[0].audio.frameCount == tone.count)
        #expect(back.contains { if case .setSpeed(1) = $0 { true } else { false } })
        _ = reduce(&s, .commandLine("chart speed 20"))
        #expect(s.message?.isError == true && s.message?.text.contains("25 to 100") == true)
    }
}
