import Foundation
import Music
import Synth
import Testing
@testable import Workstation

/// A state with the piano roll focused (compose layout).
func rollState() -> AppState {
    var s = AppState()
    _ = reduce(&s, .command(.layout("compose")))
    return s
}

@discardableResult
func roll(_ s: inout AppState, _ line: String) -> [Effect] { reduce(&s, .commandLine("roll " + line)) }

func keys(_ s: inout AppState, _ keys: String) {
    for name in keys.split(separator: " ") { _ = reduce(&s, .key(KeyPress(name: String(name))!)) }
}

/// (start, end, pitch) of the edited notes, sorted.
func spans(_ s: AppState) -> [[Int]] {
    s.session.pianoRoll.notes.map { [$0.startTick, $0.endTick, $0.pitch] }.sorted { $0.lexicographicallyPrecedes($1) }
}

@Suite struct PianoRollReduceTests {
    @Test func insertAddsAStepAtTheCursorSoundsItAndMovesOn() {
        var s = rollState()
        let effects = roll(&s, "insert")
        #expect(spans(s) == [[0, 120, 60]])
        #expect(s.view.pianoRoll.cursorTick == 120)
        guard case .audition(60, 100, _)? = effects.first else { Issue.record("no audition: \(effects)"); return }
    }

    @Test func keysEnterAMelodyWhenTheRollHasTheFocus() {
        var s = rollState()
        keys(&s, "i k k i k k i")  // C4, D4, E4 as sixteenths
        #expect(spans(s) == [[0, 120, 60], [120, 240, 62], [240, 360, 64]])
        // The same keys elsewhere do what [keys] says (j/k change tracks, not pitches).
        _ = reduce(&s, .command(.focus(.interpolation)))
        keys(&s, "k")
        #expect(s.view.pianoRoll.cursorPitch == 64)
    }

    @Test func deleteRemovesTheNoteUnderTheCursorOrTheSelection() {
        var s = rollState()
        keys(&s, "i i i")
        keys(&s, "h x")
        #expect(spans(s) == [[0, 120, 60], [120, 240, 60]])
        roll(&s, "select-all")
        roll(&s, "delete")
        #expect(spans(s).isEmpty)
        #expect(s.session.pianoRoll.selection.isEmpty)
    }

    @Test func moveByStepsAndTransposeBySemitoneAndOctave() {
        var s = rollState()
        keys(&s, "i h")
        keys(&s, "L L")
        #expect(spans(s) == [[240, 360, 60]])
        #expect(s.view.pianoRoll.cursorTick == 240)
        keys(&s, "]")
        #expect(spans(s) == [[240, 360, 61]])
        keys(&s, "{")
        #expect(spans(s) == [[240, 360, 49]])
        // Never before the start or outside 0…127.
        keys(&s, "H H H H H")
        #expect(spans(s) == [[0, 120, 49]])
        for _ in 0..<12 { keys(&s, "}") }
        #expect(spans(s).first?[2] ?? 0 <= 127)
    }

    @Test func lengthenShortenAndVelocity() {
        var s = rollState()
        keys(&s, "i h > >")
        #expect(spans(s) == [[0, 360, 60]])
        keys(&s, "< < < <")
        #expect(spans(s) == [[0, 120, 60]])  // never shorter than a step
        keys(&s, "- -")
        #expect(s.session.pianoRoll.notes[0].velocity == 80)
        for _ in 0..<10 { keys(&s, "+") }
        #expect(s.session.pianoRoll.notes[0].velocity == 127)
    }

    @Test func boxRangeAndAllSelections() {
        var s = rollState()
        keys(&s, "i k i k i")  // C4@0, C#4@120, D4@240
        roll(&s, "home")
        roll(&s, "cursor 0 -2")  // cursor at 0, C4
        keys(&s, "v l k")  // box from (0, C4) to (120, C#4)
        keys(&s, "v")
        #expect(s.session.pianoRoll.selection.count == 2)
        keys(&s, "esc")
        #expect(s.session.pianoRoll.selection.isEmpty)
        roll(&s, "cursor +1")  // at 240: range from the bar start
        keys(&s, "V")
        #expect(s.session.pianoRoll.selection.count == 3)
        keys(&s, "esc A")
        #expect(s.session.pianoRoll.selection.count == 3)
    }

    @Test func copyPasteAtTheCursorSelectsThePastedNotes() {
        var s = rollState()
        keys(&s, "i k i")
        keys(&s, "A y")
        roll(&s, "bar +1")
        keys(&s, "p")
        #expect(spans(s) == [[0, 120, 60], [120, 240, 61], [1920, 2040, 60], [2040, 2160, 61]])
        #expect(s.session.pianoRoll.selection == [2, 3])
        keys(&s, "d")  // cut
        #expect(spans(s).count == 2)
    }

    @Test func quantizeSnapsToTheGridAndGridCyclesThroughTriplets() {
        var s = rollState()
        roll(&s, "insert-at 130 60 100")
        roll(&s, "insert-at 470 62 50")
        roll(&s, "grid 1/8")
        keys(&s, "Q")
        #expect(spans(s) == [[240, 480, 60], [480, 720, 62]])
        roll(&s, "grid 1/8T")
        #expect(s.view.pianoRoll.grid == StepGrid(noteValue: 8, triplet: true))
        roll(&s, "home")
        keys(&s, "l")
        #expect(s.view.pianoRoll.cursorTick == 160)
        keys(&s, "g")
        #expect(s.view.pianoRoll.grid.label == "1/16")
        keys(&s, "G G")
        #expect(s.view.pianoRoll.grid.label == "1/8")
    }

    @Test func zoomScrollAndTheCursorStaysInView() {
        var s = rollState()
        _ = reduce(&s, .pianoRoll(.command(.viewport(columns: 32, rows: 12))))
        keys(&s, "z")
        #expect(s.view.pianoRoll.columnTicks(ticksPerQuarter: 480) == 60)
        keys(&s, "Z Z")
        #expect(s.view.pianoRoll.columnTicks(ticksPerQuarter: 480) == 240)
        for _ in 0..<40 { keys(&s, "l") }
        let v = s.view.pianoRoll
        #expect(v.cursorTick >= v.leftTick && v.cursorTick < v.leftTick + 32 * 240)
        keys(&s, "pagedown")
        #expect(s.view.pianoRoll.leftTick == v.leftTick + 16 * 240)
        for _ in 0..<30 { keys(&s, "K") }
        #expect(s.view.pianoRoll.cursorPitch == 127)
        #expect(s.view.pianoRoll.topPitch == 127)
    }

    @Test func loopRegionTempoAndTimeSignature() {
        var s = rollState()
        keys(&s, "r")
        #expect(s.session.pianoRoll.loop == 0..<1920)
        keys(&s, "r")
        #expect(s.session.pianoRoll.loop == nil)
        roll(&s, "tempo 90")
        roll(&s, "meter 3/4")
        #expect(abs(s.session.pianoRoll.melody.tempoMap.beatsPerMinute(atTick: 0) - 90) < 0.001)
        roll(&s, "bar +1")
        #expect(s.view.pianoRoll.cursorTick == 1440)
        keys(&s, "i r")
        #expect(s.session.pianoRoll.loop == 1440..<2880)  // the 3/4 bar at the cursor (no notes selected)
    }

    @Test func slotsHoldSeparateMelodies() {
        var s = rollState()
        keys(&s, "i")
        keys(&s, "n")
        #expect(s.session.pianoRoll.currentSlot == 1)
        #expect(spans(s).isEmpty)
        keys(&s, "i i")
        keys(&s, ",")
        #expect(spans(s).count == 1)
        roll(&s, "slot B")
        #expect(spans(s).count == 2)
        #expect(reduce(&s, .commandLine("roll slot Q")).isEmpty)
        #expect(s.message?.isError == true)
    }

    @Test func everyEditUndoesAndRedoes() {
        var s = rollState()
        let lines = ["insert", "insert", "cursor -1", "move +1", "move 0 +1", "length +1", "velocity -20", "select-all",
                     "copy", "cursor +4", "paste", "quantize", "loop", "tempo 100", "meter 6/8", "delete", "slot new"]
        var snapshots: [PianoRoll] = [s.session.pianoRoll]
        for line in lines {
            roll(&s, line)
            if s.session.pianoRoll != snapshots.last! { snapshots.append(s.session.pianoRoll) }
        }
        #expect(snapshots.count >= 14)
        for expected in snapshots.reversed().dropFirst() {
            _ = reduce(&s, .command(.undo))
            #expect(s.session.pianoRoll == expected)
        }
        for expected in snapshots.dropFirst() {
            _ = reduce(&s, .command(.redo))
            #expect(s.session.pianoRoll == expected)
        }
    }

    @Test func playFromTheCursorAndStop() {
        var s = rollState()
        #expect(roll(&s, "play").isEmpty)  // nothing to play
        keys(&s, "i i i 0 l")
        let effects = roll(&s, "play")
        guard case .playMelody(let m, _, let from, nil)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(from == 120)
        #expect(m.tracks[0].notes.count == 3)
        _ = reduce(&s, .melodyPlayhead(300))
        #expect(s.view.pianoRoll.playhead == 300)
        guard case .stopMelody? = roll(&s, "play").first else { Issue.record("no stop"); return }
        _ = reduce(&s, .melodyPlayhead(nil))
        #expect(s.view.pianoRoll.playhead == nil)
    }

    @Test func midiFilesOpenAndWriteThroughEffects() {
        var s = rollState()
        guard case .writeMIDI("a.mid", _, _)? = featureEffects(reduce(&s, .commandLine("w a.mid")), PianoRollEffect.self).first else { Issue.record("no write"); return }
        // .midi, in any case, is a MIDI file too (as for :open), not a session file under a MIDI name.
        guard case .writeMIDI("take2.MIDI", _, _)? = featureEffects(reduce(&s, .commandLine("w take2.MIDI")), PianoRollEffect.self).first else {
            Issue.record("no MIDI write for .MIDI"); return
        }
        _ = reduce(&s, .pianoRoll(.written(jobID: 0, path: "take2.MIDI")))
        #expect(s.session.pianoRoll.paths[s.session.pianoRoll.currentSlot] == "take2.MIDI")
        guard case .readMIDI("b.mid", _, _)? = featureEffects(reduce(&s, .commandLine("open b.mid")), PianoRollEffect.self).first else { Issue.record("no read"); return }
        guard case .exportWAV("c.wav", _, _, _)? = featureEffects(reduce(&s, .commandLine("export c.wav")), PianoRollEffect.self).first else { Issue.record("no export"); return }
        _ = reduce(&s, .pianoRoll(.loaded(jobID: 0, path: "b.mid", slot: s.session.pianoRoll.currentSlot, NoteSequence.demoSong)))
        #expect(s.session.pianoRoll.melody == NoteSequence.demoSong)
        _ = reduce(&s, .command(.undo))
        #expect(s.session.pianoRoll.melody.allNotes.isEmpty)
    }

    @Test func recoveryIsOfferedThenRestoredAndCanBeDropped() {
        var s = rollState()
        var old = PianoRoll()
        old.notes = [Note(pitch: 64, startTick: 0, endTick: 480)]
        var doc = SessionDocument()
        doc.parts[PianoRoll.self] = old
        _ = reduce(&s, .recoveryFound(doc))
        #expect(s.message?.text.contains(":recover restores it") == true)
        // While the offer stands, edits are not journaled over the crash's session.
        #expect(!roll(&s, "insert").contains { if case .journal = $0 { return true } else { return false } })
        let effects = reduce(&s, .commandLine("recover"))
        guard case .restoreSession(let restored, let job)? = effects.first else { Issue.record("no restore"); return }
        #expect(restored.parts[PianoRoll.self] == old)
        _ = reduce(&s, .projectOpened(jobID: job, path: nil, ProjectContents(document: restored, audio: [], failures: [])))
        #expect(s.session.pianoRoll == old)
        #expect(s.recovery == nil)
        _ = reduce(&s, .command(.undo))
        #expect(s.session.pianoRoll != old)
        _ = reduce(&s, .recoveryFound(doc))
        guard case .discardJournal? = reduce(&s, .commandLine("recover drop")).first else { Issue.record("no discard"); return }
        #expect(s.recovery == nil)
    }

    @Test func badRollCommandsSayWhatIsWrong() {
        for (line, words) in [("roll", "SUBCOMMAND"), ("roll grid 1/5", "1/5"), ("roll tempo 0", "BPM"), ("roll meter 3/5", "N/D"),
                              ("roll fly", "fly")] {
            do { _ = try Command.parse(line); Issue.record("\(line) parsed") } catch {
                #expect(error.message.contains(words), "\(line): \(error.message)")
            }
        }
    }
}

@Suite struct TrackInstrumentTests {
    @Test func eachTrackHasAnInstrumentThatPlaybackAndExportBothUse() {
        var s = rollState()
        #expect(s.session.pianoRoll.trackInstruments(slot: 0) == [.generalMIDI(program: 0)])  // the track's GM default
        let effects = roll(&s, "instrument bass")
        #expect(s.session.pianoRoll.currentInstrument == .generalMIDI(program: 32))
        #expect(s.message?.text == "A plays bass")
        guard case .audition(_, _, .generalMIDI(program: 32))? = effects.first else { Issue.record("not heard: \(effects)"); return }
        roll(&s, "insert")
        guard case .playMelody(_, let live, _, _)? = roll(&s, "play").first else { Issue.record("no play"); return }
        guard case .exportWAV(_, _, let exported, _)? = featureEffects(reduce(&s, .commandLine("export x.wav")), PianoRollEffect.self).first
        else { Issue.record("no export"); return }
        #expect(live == [.generalMIDI(program: 32)] && exported == live)
        _ = reduce(&s, .command(.undo))
        _ = reduce(&s, .command(.undo))
        #expect(s.session.pianoRoll.currentInstrument == .generalMIDI(program: 0))
        do { _ = try Command.parse("roll instrument kazoo"); Issue.record("kazoo parsed") } catch {
            #expect(error.message.hasPrefix("roll instrument: no instrument \"kazoo\""))
        }
        // An instrument for a track that does not exist is a damaged file, not something to trust.
        var bad = s.session.pianoRoll
        bad.instruments = [0: [5: .patch("lead")]]
        #expect(bad.problems() == ["slot A: instrument for track 6, which does not exist"])
    }
}

@Suite struct MIDIWarningTests {
    @Test func aFileReadPastAProblemSaysSoOnce() {
        var s = rollState()
        _ = reduce(&s, .pianoRoll(.loaded(jobID: 0, path: "clock.mid", slot: 0, NoteSequence.demoSong,
                                          warnings: ["track 1: system message 0xF8 at byte 40 skipped"])))
        #expect(s.message?.text.hasSuffix("; warning: track 1: system message 0xF8 at byte 40 skipped") == true)
        roll(&s, "insert")  // the next message replaces it: the warning is not repeated
        #expect(s.message?.text.contains("warning") != true)
    }
}
