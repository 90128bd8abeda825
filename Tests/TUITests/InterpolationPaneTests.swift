import Foundation
import Music
import Testing
@testable import TUI
@testable import Workstation

@Suite struct InterpolationPaneTests {
    /// The compose layout on a 100×40 memory terminal, demo melodies in A and B, the slider focused,
    /// the real bundled 2-bar model behind it (unless `services` says otherwise).
    func makeApp(services: WorkstationServices = testServices()) -> (WorkstationApp, MemoryTerminal, Mailbox) {
        var state = AppState()
        state.session.pianoRoll = .demo
        _ = reduce(&state, .command(.layout("compose")))
        _ = reduce(&state, .command(.focus(.interpolation)))
        let terminal = MemoryTerminal(width: 100, height: 40)
        let mailbox = Mailbox(wake: WakeSignal())
        let app = WorkstationApp(state: state, terminal: terminal, transport: ClockTransport(), services: services, mailbox: mailbox)
        return (app, terminal, mailbox)
    }

    func sliderRect(_ app: WorkstationApp) -> Rect {
        PaneLayout.frames(for: app.state.view, in: Rect(x: 0, y: 0, width: 100, height: 38))
            .first { $0.pane == .interpolation }!.rect.inset(1)
    }

    @Test func movingTheSliderDecodesThePathOffTheUIThreadAndShowsIt() throws {
        let (app, terminal, mailbox) = makeApp()
        app.draw()
        #expect(terminal.text.contains("A: slot A · 8 notes"))
        #expect(terminal.text.contains("move the slider (h l) to decode"))
        app.handle(.key(KeyPress(name: "l")!))
        #expect(app.state.interpolation.pending != nil)  // dispatch returned before the model ran
        settle(app, mailbox) { $0.interpolation.current != nil }
        let s = app.state.interpolation
        #expect(s.melodies.count == 11 && s.position == 1)
        #expect(s.melodies.allSatisfy { !$0.allNotes.isEmpty })
        // The ends are the model's reconstructions of A and B: close to them, not copies of the slider's neighbours.
        #expect(s.melodies[0] != s.melodies[10])
        app.draw()
        let text = terminal.text
        #expect(text.contains("step 1/10 · \(noteSummary(s.melodies[1]))"))
        // The knob sits on the track at step 1's column, in the slider's row.
        let track = try #require(InterpolationPane.track(in: sliderRect(app), steps: 11))
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        #expect(rows[track.y][track.column(of: 1)] == "●")
        #expect(rows[track.y][track.column(of: 0)] == "├" && rows[track.y][track.column(of: 10)] == "┤")
        // Ghost notes of the melody at the slider in the piano roll above. They are drawn under slot A's own
        // notes, so go to the first step with a pitch slot A does not have: that row cannot be covered.
        let pitchesOfA = Set(app.state.session.pianoRoll.slots[0].allNotes.map(\.note.pitch))
        let step = try #require((1...10).first { !Set(s.melodies[$0].allNotes.map(\.note.pitch)).isSubset(of: pitchesOfA) })
        for _ in 1..<step { app.handle(.key(KeyPress(name: "l")!)) }
        #expect(app.state.interpolation.position == step && app.state.interpolation.pending == nil)  // cached: no decode
        app.draw()
        let moved = terminal.text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        #expect(moved[0..<track.y - 3].contains { $0.contains("▒") })
    }

    @Test func aClickOnTheTrackMovesTheSliderToTheNearestStep() throws {
        let (app, _, _) = makeApp()
        app.draw()
        let track = try #require(InterpolationPane.track(in: sliderRect(app), steps: 11))
        app.handle(.mouse(MouseEvent(.press, x: track.column(of: 7) + 1, y: track.y)))
        #expect(app.state.interpolation.position == 7)
        app.handle(.mouse(MouseEvent(.drag, x: track.x1 + 1, y: track.y)))
        #expect(app.state.interpolation.position == 10)
        // Off the track: nothing moves.
        app.handle(.mouse(MouseEvent(.press, x: track.column(of: 2), y: track.y + 4)))
        #expect(app.state.interpolation.position == 10)
    }

    @Test func aMissingModelIsReportedByFileAndNothingBreaks() {
        var services = testServices()
        services.melodyModel = { _, _ in throw WorkstationError("melody-vae-2bar.safetensors: no such model file") }
        let (app, terminal, mailbox) = makeApp(services: services)
        app.handle(.key(KeyPress(name: "l")!))
        settle(app, mailbox) { $0.interpolation.pending == nil }
        #expect(app.state.message == .init(text: "melody model: melody-vae-2bar.safetensors: no such model file", isError: true))
        app.draw()
        #expect(terminal.text.contains("move the slider (h l) to decode"))
    }

    @Test func samplingShowsTheNewMelodyAndEnterKeepsIt() {
        let (app, _, mailbox) = makeApp()
        app.handle(.key(KeyPress(name: "s")!))
        settle(app, mailbox) { $0.interpolation.generated != nil }
        let sampled = app.state.interpolation.generated?.melody
        #expect(sampled != nil && app.state.interpolation.generated?.label == "sample T 0.5")
        app.handle(.key(KeyPress(name: "enter")!))
        #expect(app.state.session.pianoRoll.slots.count == 3)
        #expect(app.state.session.pianoRoll.slots[2].allNotes.map(\.note) == sampled?.allNotes.map(\.note))
    }
}
