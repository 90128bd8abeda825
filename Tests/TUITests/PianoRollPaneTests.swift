import Music
import Testing
@testable import TUI
@testable import Workstation

/// The compose layout with the piano roll focused and `lines` run as command lines.
func rollState(_ lines: [String]) -> AppState {
    var s = AppState()
    _ = reduce(&s, .command(.layout("compose")))
    for line in lines { _ = reduce(&s, .commandLine(line)) }
    s.message = nil
    return s
}

func drawRoll(_ s: AppState, _ width: Int, _ height: Int, glyphs: Glyphs = .unicode) -> CellBuffer {
    renderInside(width, height, glyphs: glyphs) { r, b in PianoRollPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: glyphs)) }
}

@Suite struct PianoRollPaneTests {
    @Test func keyboardGridNotesAndCursor() {
        // 1/8 grid (one column each): C4 a quarter on beat 1, E4 an eighth on beat 2, D#4 selected on beat 3;
        // the cursor on D4 at beat 4. Rows F#4 … B3.
        var s = rollState(["roll grid 1/8", "roll insert-at 0 60 480", "roll insert-at 480 64 240", "roll insert-at 960 63 240",
                           "roll select-at 960 63", "roll cursor 0 -1", "roll cursor +2"])
        s.view.pianoRoll.topPitch = 66
        let b = drawRoll(s, 30, 10)
        #expect(b.text == """
            [A] 1/8 · 120 BPM 4/4 · 1.4 D4
                 1       2       3       4
                ▌│ ┊ ┊ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
                █│ ┊ ┊ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
                █│ ▐ ┊ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
                ▌│ ┊ ▐ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
            D4  █│ ┊ ┊ + │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
                ▌│ ┊ ┊ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
            C4  █▐█┊ ┊ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
                █│ ┊ ┊ ┊ │ ┊ ┊ ┊ │ ┊ ┊ ┊ │
            """)
        let theme = Theme.builtIn
        #expect(b[5, 8].style.fg == theme.waveform)  // C4's start
        #expect(b[9, 5].style.fg == theme.accent)  // the selected D#4
        #expect(b[11, 6].style.bg == theme.accent)  // the cursor
        #expect(b[0, 6].style.fg == theme.accent)  // its pitch named on the keyboard
    }

    @Test func loopPlayheadOtherTracksAndASCII() {
        var s = rollState(["roll grid 1/4", "roll insert-at 0 60 960", "roll insert-at 960 62 480", "roll select-at 0 60", "roll loop"])
        var song = s.session.pianoRoll.melody
        song.tracks.append(Track(name: "bass", notes: [Note(pitch: 60, startTick: 1920, endTick: 2880)]))
        s.session.pianoRoll.melody = song
        s.view.pianoRoll.topPitch = 62
        s.view.pianoRoll.playhead = 1000
        s.view.pianoRoll.cursorTick = 3840
        let b = drawRoll(s, 20, 5, glyphs: .ascii)
        #expect(b.cells.allSatisfy { $0.glyph.isASCII })
        // One column per beat: bar lines only. The playhead (tick 1000) is column 2; the bass track dimmed.
        #expect(b.text == """
            [A] 1/4  120 BPM 4/4
                 1 | 2   3   4
                =| [ |   |   |
                -| | |   |   |
            C4  =[=| ..  +   |
            """)
        #expect(b[7, 2].style.attributes.contains(.reverse))  // D4 under the playhead
        #expect(b[5, 1].style.bg == Theme.builtIn.selection && b[7, 1].style.bg != Theme.builtIn.selection)  // loop: beats 1–2
    }
}

@Suite struct PianoRollMouseTests {
    /// Runs mouse events through the router on a 60×20 screen and applies the commands.
    func click(_ s: inout AppState, _ router: inout MouseRouter, _ events: [(MouseEvent.Kind, Int, Int)]) -> [Effect] {
        var effects: [Effect] = []
        let memory = PaneMemory()
        for (kind, x, y) in events {
            for a in router.actions(for: MouseEvent(kind, x: x, y: y), state: s, width: 60, height: 20, memory: memory) {
                effects += reduce(&s, a)
            }
        }
        return effects
    }

    @Test func clickAddsDragMovesDragEndResizes() {
        // Compose layout on 60×20: the roll's inside starts at (1, 1); grid at x 6, pitch rows from y 3.
        var s = rollState(["roll viewport 54 7"])
        s.view.pianoRoll.topPitch = 64
        var router = MouseRouter()
        let effects = click(&s, &router, [(.press, 8, 5), (.release, 8, 5)])  // column 2, row 2 → D4 at tick 240
        #expect(s.session.pianoRoll.notes == [Note(pitch: 62, startTick: 240, endTick: 360)])
        guard case .audition(62, _, _)? = effects.first else { Issue.record("placed note did not sound"); return }
        _ = click(&s, &router, [(.press, 8, 5), (.drag, 10, 4), (.release, 11, 4)])  // three columns later, a semitone up
        #expect(s.session.pianoRoll.notes.map { [$0.startTick, $0.endTick, $0.pitch] } == [[600, 720, 63]])
        _ = reduce(&s, .pianoRoll(.command(.length(1))))
        _ = click(&s, &router, [(.press, 12, 4), (.release, 14, 4)])  // the last cell dragged two columns right
        #expect(s.session.pianoRoll.notes.map { [$0.startTick, $0.endTick] } == [[600, 1080]])
        // Each gesture is one undo step.
        _ = reduce(&s, .command(.undo))
        #expect(s.session.pianoRoll.notes.map { [$0.startTick, $0.endTick] } == [[600, 840]])
    }
}

@Suite struct PianoRollHintTests {
    @Test func anEmptyMelodySaysHowToStartAndTheHintGoesWithTheFirstNote() {
        var s = rollState([])
        s.view.pianoRoll.topPitch = 62
        #expect(drawRoll(s, 80, 6).row(5).contains("i adds a note at the cursor"))
        _ = reduce(&s, .commandLine("roll insert"))
        #expect(!drawRoll(s, 80, 6).text.contains("i adds a note"))
    }
}
