import Foundation
import Music
import TestSupport
import Testing

/// The interpolation slider driven in the real binary through tmux: two melodies opened into slots A and B,
/// the slider moved with the keys, the melody at step 3 kept in a new slot with Enter and saved with `:w`;
/// the saved notes are the ones `kanade interpolate` writes for the same step.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct InterpolationEndToEndTests {
    @Test func openTwoMelodiesMoveTheSliderKeepAStepAndSaveIt() throws {
        let scratch = TemporaryDirectory("interp")
        defer { scratch.remove() }
        let dir = scratch.path
        func write(_ name: String, _ pitches: [Int]) throws -> String {
            let notes = pitches.enumerated().map { Note(pitch: $1, startTick: $0 * 480, endTick: $0 * 480 + 420) }
            try NoteSequence(tracks: [Track(name: name, notes: notes)]).writeMIDIFile(to: dir + "/" + name)
            return dir + "/" + name
        }
        let a = try write("a.mid", [60, 62, 64, 65, 67, 65, 64, 62])
        let b = try write("b.mid", [72, 71, 69, 67, 69, 71, 72, 72])
        let saved = dir + "/kept.mid"

        let tmux = try TmuxSession(width: 120, height: 40, home: dir + "/home")
        defer { tmux.kill() }
        _ = try tmux.waitFor("the workstation") { $0.contains("[listen]") }
        tmux.send("2")
        _ = try tmux.waitFor("the compose layout") { $0.contains("[A] B  1/16") && $0.contains("Interpolation") }
        tmux.send(":open \(a)", "Enter")
        _ = try tmux.waitFor("a.mid in slot A") { $0.contains("opened \(a): 1 track, 8 notes") }
        tmux.send(".")
        _ = try tmux.waitFor("slot B") { $0.contains("A [B] 1/16") }
        tmux.send(":open \(b)", "Enter")
        _ = try tmux.waitFor("b.mid in slot B") { $0.contains("opened \(b): 1 track, 8 notes") }
        tmux.send("Tab")  // the focus moves from the piano roll to the slider
        for _ in 0..<3 { tmux.send("l") }
        let screen = try tmux.waitFor("step 3 decoded and playing", timeout: 30) { $0.contains("step 3/10: ") && $0.contains("▶") }
        #expect(screen.contains("A: slot A · 8 notes") && screen.contains("B: slot B · 8 notes"))
        #expect(screen.contains("▒"), "ghost notes in the piano roll")
        tmux.send("Enter")
        _ = try tmux.waitFor("the step kept in slot C") { $0.contains("kept step 3/10 in slot C") && $0.contains("A  B [C]") }
        tmux.send(":w \(saved)", "Enter")
        _ = try tmux.waitFor("the file written") { $0.contains("wrote \(saved)") }
        tmux.send(":q", "Enter")
        try tmux.waitForExit(0, "kanade to quit")

        // The same step from the command line: the fourth of eleven (A is the first).
        let split = dir + "/steps"
        let cli = try KanadeProcess.run(["interpolate", a, b, "--steps", "11", "-o", dir + "/all.mid", "--split", split])
        try #require(cli.status == 0, "\(cli.stderr)")
        let expected = try NoteSequence(midiFile: split + "/step-04.mid")
        let kept = try NoteSequence(midiFile: saved)
        func quarters(_ m: NoteSequence) -> [[Double]] {
            m.allNotes.map { n in [Double(n.note.pitch), Double(n.note.startTick) / Double(m.ticksPerQuarter),
                                   Double(n.note.endTick) / Double(m.ticksPerQuarter)] }
        }
        #expect(!kept.allNotes.isEmpty)
        #expect(quarters(kept) == quarters(expected))
    }
}
