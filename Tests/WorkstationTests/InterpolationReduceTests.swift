import Music
import Testing
@testable import Workstation

/// The compose layout with the interpolation slider focused and the demo melodies in slots A and B.
func sliderState() -> AppState {
    var s = AppState()
    s.session.pianoRoll = .demo
    _ = reduce(&s, .command(.layout("compose")))
    _ = reduce(&s, .command(.focus(.interpolation)))
    return s
}

@discardableResult
func interp(_ s: inout AppState, _ line: String) -> [Effect] { reduce(&s, .commandLine("interp " + line)) }

/// A recognisable stand-in for a decoded melody: one note whose pitch says which step it is.
func stepMelody(_ i: Int) -> NoteSequence {
    var m = PianoRoll.emptyMelody(name: "step")
    m.tracks[0].notes = [Note(pitch: 60 + i, velocity: 90, startTick: 0, endTick: 480, channel: 0)]
    return m
}

func decodeRequests(_ effects: [Effect]) -> [InterpolationSlider.Key] {
    featureEffects(effects, InterpolationEffect.self).compactMap { if case .interpolate(let k) = $0 { return k } else { return nil } }
}

func playedMelodies(_ effects: [Effect]) -> [NoteSequence] {
    effects.compactMap { if case .playMelody(let m, _, _, _) = $0 { return m } else { return nil } }
}

/// Answers a decode request as the app shell would, with `stepMelody`s.
func answer(_ s: inout AppState, _ key: InterpolationSlider.Key) -> [Effect] {
    reduce(&s, .interpolation(.ready(key, (0..<key.steps).map(stepMelody))))
}

@Suite struct InterpolationReduceTests {
    @Test func firstMoveAsksForOneDecodeOfSlotsAAndB() throws {
        var s = sliderState()
        let effects = reduce(&s, .key(KeyPress(name: "l")!))
        let key = try #require(decodeRequests(effects).first)
        #expect(key.a == s.session.pianoRoll.slots[0] && key.b == s.session.pianoRoll.slots[1])
        #expect(key.steps == 11 && key.bars == 2)
        #expect(s.interpolation.position == 1 && s.interpolation.pending == key)
        #expect(s.jobs.values.contains { $0.label == InterpolationSlider.jobLabel })
        // Moving again while the decode runs asks for nothing more; the slider still moves.
        #expect(decodeRequests(interp(&s, "move +1")).isEmpty)
        #expect(s.interpolation.position == 2)
    }

    @Test func decodedPathPlaysTheMelodyAtTheSliderAndMovesAreThenInstant() throws {
        var s = sliderState()
        let key = try #require(decodeRequests(interp(&s, "move +3")).first)
        let played = playedMelodies(answer(&s, key))
        #expect(played == [stepMelody(3)])
        #expect(s.interpolation.current == stepMelody(3))
        #expect(s.jobs.isEmpty)
        #expect(s.message?.text == "step 3/10: 1 note, D#4–D#4")
        // Cached: a move decodes nothing and plays the new step, looped over its bar.
        let effects = interp(&s, "move -1")
        #expect(decodeRequests(effects).isEmpty)
        #expect(playedMelodies(effects) == [stepMelody(2)])
        guard case .playMelody(_, _, 0, let loop?)? = effects.last else { Issue.record("not looped: \(effects)"); return }
        #expect(loop == 0..<1920)
        // The ends are A and B.
        _ = interp(&s, "to 0")
        #expect(s.interpolation.positionLabel == "A")
        _ = interp(&s, "end")
        #expect(s.interpolation.positionLabel == "B" && s.interpolation.current == stepMelody(10))
    }

    @Test func aResultForAnOlderPairIsDropped() throws {
        var s = sliderState()
        let old = try #require(decodeRequests(interp(&s, "move +1")).first)
        // Slot A changes (a note added) before the decode is back: the slider asks again.
        _ = reduce(&s, .pianoRoll(.command(.insertAt(tick: 0, pitch: 50, length: 120))))
        let new = try #require(decodeRequests(interp(&s, "move +1")).first)
        #expect(new != old)
        #expect(answer(&s, old).isEmpty)
        #expect(s.interpolation.current == nil)
        _ = answer(&s, new)
        #expect(s.interpolation.current == stepMelody(2))
    }

    @Test func missingOrEmptySlotsAreExplained() {
        var s = AppState()
        _ = reduce(&s, .command(.layout("compose")))
        #expect(interp(&s, "move +1").isEmpty)
        #expect(s.message == .init(text: "slot A (A) has no notes: draw or :open a melody there first", isError: true))
        s.session.pianoRoll.notes = [Note(pitch: 60, velocity: 90, startTick: 0, endTick: 480, channel: 0)]
        #expect(interp(&s, "move +1").isEmpty)
        #expect(s.message?.text.hasPrefix("slot B (B) does not exist") == true)
        #expect(interp(&s, "b D").isEmpty)
        #expect(s.message == .init(text: "no slot D: roll slot new adds one (have 1)", isError: true))
    }

    @Test func enterKeepsTheMelodyInANewSlotAndUndoTakesItBack() throws {
        var s = sliderState()
        #expect(interp(&s, "commit").isEmpty)
        #expect(s.message?.isError == true)
        let key = try #require(decodeRequests(interp(&s, "move +4")).first)
        _ = answer(&s, key)
        _ = reduce(&s, .key(KeyPress(name: "enter")!))
        #expect(s.session.pianoRoll.slots.count == 3)
        #expect(s.session.pianoRoll.currentSlot == 2)
        #expect(s.session.pianoRoll.slots[2].allNotes.map(\.note) == stepMelody(4).allNotes.map(\.note))
        #expect(s.session.pianoRoll.slots[2].tracks[0].name == "C")
        #expect(s.message?.text == "kept step 4/10 in slot C (1 note, E4–E4); :w FILE.mid saves it")
        // Into an existing slot, replacing it; both undo.
        _ = interp(&s, "commit A")
        #expect(s.session.pianoRoll.slots[0].allNotes.map(\.note) == stepMelody(4).allNotes.map(\.note))
        _ = reduce(&s, .command(.undo))
        _ = reduce(&s, .command(.undo))
        #expect(s.session.pianoRoll == { var r = PianoRoll.demo; r.currentSlot = 0; return r }())
    }

    @Test func sampleAndVaryAskTheModelWithFreshSeedsAndShowTheResult() throws {
        var s = sliderState()
        func request(_ effects: [Effect]) -> MelodyRequest? {
            featureEffects(effects, InterpolationEffect.self).compactMap { if case .generate(let r) = $0 { return r } else { return nil } }.first
        }
        _ = interp(&s, "temperature 0.8")
        let first = try #require(request(reduce(&s, .key(KeyPress(name: "s")!))))
        #expect(first.source == nil && first.amount == 0.8 && first.label == "sample T 0.8")
        #expect(first.beatsPerMinute == 100)  // the demo melodies' tempo
        #expect(first.flavor == .sampling)  // drawn from the 2-bar model trained for sampling
        let second = try #require(request(interp(&s, "sample")))
        #expect(second.seed != first.seed)
        let played = playedMelodies(reduce(&s, .interpolation(.generated(.init(melody: stepMelody(7), label: first.label)))))
        #expect(played == [stepMelody(7)] && s.interpolation.current == stepMelody(7))
        // v varies what is shown; with nothing decoded it would vary slot A.
        let vary = try #require(request(reduce(&s, .key(KeyPress(name: "v")!))))
        #expect(vary.source == stepMelody(7) && vary.amount == 0.5 && vary.label == "variation 0.5 of sample T 0.8")
        #expect(vary.flavor == .interpolation)  // varied by the model that reconstructs faithfully
        // Moving the slider drops the generated melody for the slider's own.
        _ = interp(&s, "move +1")
        #expect(s.interpolation.generated == nil)
    }

    @Test func stepCountKeepsTheSliderWhereItWasAlongTheWay() throws {
        var s = sliderState()
        let key = try #require(decodeRequests(interp(&s, "move +5")).first)  // halfway along 11 steps
        _ = answer(&s, key)
        let effects = interp(&s, "steps 21")
        #expect(s.interpolation.position == 10)
        #expect(decodeRequests(effects).first?.steps == 21)
        #expect(playedMelodies(effects).isEmpty)
        _ = interp(&s, "steps -30")
        #expect(s.interpolation.steps == 3)
        _ = interp(&s, "swap")
        #expect(s.interpolation.slotA == 1 && s.interpolation.slotB == 0)
    }

    @Test func modelFailureIsShownAndTheSliderCanTryAgain() throws {
        var s = sliderState()
        let key = try #require(decodeRequests(interp(&s, "move +1")).first)
        _ = reduce(&s, .interpolation(.failed("melody model: melody-vae-2bar.safetensors: file is truncated")))
        #expect(s.message == .init(text: "melody model: melody-vae-2bar.safetensors: file is truncated", isError: true))
        #expect(s.jobs.isEmpty && s.interpolation.pending == nil)
        #expect(decodeRequests(interp(&s, "move +1")) == [key])
    }

    @Test func commandLinesParseAndBadOnesSayWhy() throws {
        #expect(try interpCommand("interp move -2") == .move(-2))
        #expect(try interpCommand("interp a next") == .nextA)
        #expect(try interpCommand("interp b c") == .setB(2))
        #expect(try interpCommand("interp commit") == .commit(nil))
        #expect(try interpCommand("interp temperature +0.1") == .temperatureBy(0.1))
        #expect(try interpCommand("interp steps 5") == .steps(5))
        for (line, message) in [("interp steps 50", "interp steps: use 3–33 (or ±N)"),
                                ("interp bars 4", "interp bars: use interp bars 2|16"),
                                ("interp a 7", "interp a: 7 is not a slot (A, B, …)"),
                                ("interp wobble", "interp wobble: no such interpolation command")] {
            #expect(throws: CommandError(message)) { try Command(parsing: line) }
        }
    }
}
