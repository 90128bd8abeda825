import Models
import Music
import Testing
@testable import Workstation

/// `:harmonize` and `:infill` through `reduce`, with the bundled Coconet doing the work the app shell would do
/// off the UI thread (`MelodyToolsEffect.work`).
@Suite struct MelodyToolsReduceTests {
    func harmonizeRequest(_ effects: [Effect]) -> MelodyToolsEffect? { featureEffects(effects, MelodyToolsEffect.self).first }

    func demoState() -> AppState {
        var s = AppState()
        s.session.pianoRoll = .demo
        _ = reduce(&s, .command(.layout("compose")))
        _ = reduce(&s, .command(.focus(.pianoRoll)))
        return s
    }

    @Test func harmonizeTurnsTheSlotIntoFourVoicesAndUndoBringsTheMelodyBack() throws {
        var s = demoState()
        let melody = s.session.pianoRoll.melody
        let request = try #require(harmonizeRequest(reduce(&s, .commandLine("harmonize 4"))))
        #expect(s.jobs.values.contains { $0.label == "harmonize" })
        #expect(harmonizeRequest(reduce(&s, .commandLine("harmonize"))) == nil)  // one at a time
        _ = reduce(&s, request.work())
        #expect(s.jobs.isEmpty)
        let satb = s.session.pianoRoll.melody
        #expect(satb.tracks.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        #expect(satb.tracks[0].notes == melody.tracks[0].notes)
        #expect(s.message?.text.hasPrefix("harmonized") == true)
        _ = reduce(&s, .commandLine("undo"))
        #expect(s.session.pianoRoll.melody == melody)
    }

    @Test func aMelodyEditedWhileTheModelWorksIsNotReplaced() throws {
        var s = demoState()
        let request = try #require(harmonizeRequest(reduce(&s, .commandLine("harmonize 2"))))
        _ = reduce(&s, .commandLine("roll insert"))
        let edited = s.session.pianoRoll.melody
        _ = reduce(&s, request.work())
        #expect(s.session.pianoRoll.melody == edited)
        #expect(s.message?.isError == true && s.message?.text.contains("changed") == true)
        #expect(s.jobs.isEmpty)
    }

    @Test func infillRegeneratesOnlyTheSelectedNotesSpan() throws {
        var s = demoState()
        _ = reduce(&s, try #require(harmonizeRequest(reduce(&s, .commandLine("harmonize 4")))).work())
        // Not on the soprano; not without a selection.
        #expect(harmonizeRequest(reduce(&s, .commandLine("infill"))) == nil)
        #expect(s.message?.text.contains("soprano") == true)
        _ = reduce(&s, .commandLine("roll track"))  // the alto
        #expect(harmonizeRequest(reduce(&s, .commandLine("infill"))) == nil)
        #expect(s.message?.text.contains("select") == true)
        let before = s.session.pianoRoll.melody
        let alto = before.tracks[1].notes
        s.session.pianoRoll.selection = [1]
        let span = alto[1].startTick..<alto[1].endTick
        let request = try #require(harmonizeRequest(reduce(&s, .commandLine("infill 8"))))
        _ = reduce(&s, request.work())
        let after = s.session.pianoRoll.melody
        #expect(after.tracks[0] == before.tracks[0] && after.tracks[2] == before.tracks[2] && after.tracks[3] == before.tracks[3])
        #expect(after.tracks[1].notes.filter { $0.endTick <= span.lowerBound || $0.startTick >= span.upperBound }
                == alto.filter { $0.endTick <= span.lowerBound || $0.startTick >= span.upperBound })
        #expect(after.tracks[1].notes.contains { span.contains($0.startTick) })
        _ = reduce(&s, .commandLine("undo"))
        #expect(s.session.pianoRoll.melody == before)
    }

    @Test func aCancelledHarmonizationChangesNothing() throws {
        var s = demoState()
        let melody = s.session.pianoRoll.melody
        let request = try #require(harmonizeRequest(reduce(&s, .commandLine("harmonize 2"))))
        _ = reduce(&s, .commandLine("cancel"))
        #expect(s.jobs.isEmpty)
        var heard: [Double] = []
        _ = reduce(&s, request.work { heard.append($0); return heard.count < 1 })
        #expect(heard == [0.5])  // stopped after the first of two steps
        #expect(s.session.pianoRoll.melody == melody)
    }

    @Test func continueShowsTakesThatCycleAndEnterKeepsOne() throws {
        var s = demoState()
        let melody = s.session.pianoRoll.melody
        let request = try #require(harmonizeRequest(reduce(&s, .commandLine("continue 2 3"))))
        #expect(s.jobs.values.contains { $0.label == "continue" })
        let shown = reduce(&s, request.work())
        let takes = s.melodyTakes
        #expect(takes.isPending && takes.takes.count == 3 && takes.index == 0)
        #expect(s.session.pianoRoll.melody == melody)  // nothing changes until one is kept
        #expect(!takes.newNotes.isEmpty && takes.newNotes.allSatisfy { $0.startTick >= takes.firstNewTick })
        #expect(shown.contains { if case .playMelody(let m, _, _, _) = $0 { return m == takes.takes[0] } else { return false } })
        _ = reduce(&s, .key(KeyPress(name: "N")!))
        #expect(s.melodyTakes.index == 1)
        _ = reduce(&s, .key(KeyPress(name: "P")!))
        _ = reduce(&s, .key(KeyPress(name: "P")!))
        #expect(s.melodyTakes.index == 2)  // wraps
        _ = reduce(&s, .melodyPlayhead(960))  // the take's preview is playing
        let kept = reduce(&s, .key(KeyPress(name: "enter")!))
        #expect(!s.melodyTakes.isPending)
        // Keeping stops the preview and its playhead, so the next Space plays instead of stopping.
        #expect(kept.contains { if case .stopMelody = $0 { true } else { false } })
        #expect(s.view.pianoRoll.playhead == nil)
        #expect(s.session.pianoRoll.melody == takes.takes[2])
        let primerNotes = melody.tracks[0].notes
        #expect(Array(s.session.pianoRoll.melody.tracks[0].notes.prefix(primerNotes.count)) == primerNotes)
        _ = reduce(&s, .commandLine("undo"))
        #expect(s.session.pianoRoll.melody == melody)
    }

    @Test func escDropsTheTakesAndAnEditedSlotKeepsNothing() throws {
        var s = demoState()
        let melody = s.session.pianoRoll.melody
        _ = reduce(&s, try #require(harmonizeRequest(reduce(&s, .commandLine("continue 1 2")))).work())
        _ = reduce(&s, .key(KeyPress(name: "esc")!))
        #expect(!s.melodyTakes.isPending && s.session.pianoRoll.melody == melody)
        #expect(s.message?.text == "takes dropped")
        _ = reduce(&s, try #require(harmonizeRequest(reduce(&s, .commandLine("continue 1 2")))).work())
        s.session.pianoRoll.slots[0].tracks[0].notes.removeLast()  // edited behind the takes' back
        let edited = s.session.pianoRoll.melody
        _ = reduce(&s, .commandLine("take keep"))
        #expect(s.session.pianoRoll.melody == edited && s.message?.isError == true)
        #expect(harmonizeRequest(reduce(&s, .commandLine("continue 40"))) == nil)
        #expect(s.message?.text.contains("BARS 1-32") == true)
    }

    @Test func badArgumentsAreExplained() {
        var s = demoState()
        _ = reduce(&s, .commandLine("harmonize lots"))
        #expect(s.message?.isError == true && s.message?.text.contains("1 to 1000") == true)
    }
}
