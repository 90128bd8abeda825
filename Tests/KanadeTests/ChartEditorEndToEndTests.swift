import AudioIO
import Charts
import Foundation
import TestSupport
import Testing

/// Issue 19's walk through the real binary in tmux: open a song, generate a chart, watch it scroll with the
/// playhead, add and move notes, change the snap, undo, save the .sm, and open it again: the notes are where
/// they were put, and the song comes with them.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct ChartEditorEndToEndTests {
    /// 12 s of clicks every half second from 0.5 s (120 BPM, beat 0 at 0 s) at 44.1 kHz.
    static func clicks(_ path: String) throws {
        let rate = 44_100.0
        var samples = [Float](repeating: 0, count: Int(12 * rate))
        for k in 0..<22 {
            let first = Int((0.5 + Double(k) * 0.5) * rate)
            for i in 0..<Int(0.02 * rate) {
                samples[first + i] = Float(0.8 * sin(2 * .pi * 1000 * Double(i) / rate) * exp(-Double(i) / rate / 0.004))
            }
        }
        try AudioFile.write(AudioBuffer(sampleRate: rate, channels: [samples]), to: path, format: .wav16)
    }

    /// The row of the measure-1 line (the line numbered "1" left of the lanes) on a screen, if shown.
    static func measureRow(_ screen: String) -> Int? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("│1 ") }
    }

    @Test func generateScrollEditUndoSaveReopen() throws {
        let dir = TemporaryDirectory("chart-editor")
        defer { dir.remove() }
        let song = dir.file("song.wav"), generated = dir.file("generated.sm"), edited = dir.file("edited.sm")
        try Self.clicks(song)
        let tmux = try TmuxSession(width: 100, height: 34, arguments: [song])
        defer { tmux.kill() }
        _ = try tmux.waitFor("the song", timeout: 60) { $0.contains("/ 0:12.00") && !$0.contains("spectrogram song") }
        tmux.send("4")
        _ = try tmux.waitFor("the chart layout") { $0.contains("no chart") }
        tmux.send(":chart generate medium", "Enter")
        _ = try tmux.waitFor("the chart", timeout: 60) { $0.contains("charted song: 120 BPM (detected); Medium") }
        tmux.send(":w \(generated)", "Enter")
        _ = try tmux.waitFor("the generated chart saved") { $0.contains("wrote \(generated)") }

        // Playing, the lanes scroll up: the measure-1 line (beat 4, 2 s) rises four rows a beat.
        tmux.send("Space")
        let first = try tmux.waitFor("measure 1 on screen while playing", timeout: 10) {
            tmux.statusTime($0).map { $0 > 0.2 && $0 < 1.2 } == true && Self.measureRow($0) != nil
        }
        let second = try tmux.waitFor("the playhead half a second on", timeout: 10) {
            guard let t0 = tmux.statusTime(first), let t = tmux.statusTime($0) else { return false }
            return t > t0 + 0.5 && t < 1.9 && Self.measureRow($0) != nil
        }
        tmux.send("Space")
        let (t0, t1) = (tmux.statusTime(first)!, tmux.statusTime(second)!)
        let (r0, r1) = (Self.measureRow(first)!, Self.measureRow(second)!)
        // 4 rows a beat at 2 beats a second; the status time and the drawn frame may be a frame apart.
        #expect(abs(Double(r0 - r1) - (t1 - t0) * 8) <= 1.5, "measure line rows \(r0) → \(r1) over \(t0) → \(t1) s")

        // Paused at the start: add ← at beat 1/4 and ↑ at 1/2, select the ← and move it to 3/4, change the snap,
        // undo the move.
        tmux.send("0")
        _ = try tmux.waitFor("the playhead at the start") { $0.contains("⏸ 0:00.00") }
        tmux.send("j")
        tmux.send("1")
        _ = try tmux.waitFor("the ← added") { $0.contains("added step on lane 1 at beat 1/4") }
        tmux.send("j")
        tmux.send("3")
        _ = try tmux.waitFor("the ↑ added") { $0.contains("added step on lane 3 at beat 1/2") }
        tmux.send("k")
        tmux.send("v")
        tmux.send("v")
        _ = try tmux.waitFor("the row selected") { $0.contains("selected beats 1/4–1/4: 1 notes") }
        tmux.send("L")
        tmux.send("L")
        tmux.send(".")
        _ = try tmux.waitFor("the finer snap") { $0.contains("snap 24th") && $0.contains("· 24th") }
        tmux.send("u")
        _ = try tmux.waitFor("the second move undone") { $0.contains("undone") }
        tmux.send(":chart write \(edited)", "Enter")
        _ = try tmux.waitFor("the edited chart saved") { $0.contains("wrote \(edited)") }
        tmux.send(":q", "Enter")
        try tmux.waitForExit(0, "kanade to quit")

        // The file: the generated notes plus ← at 1/2 (moved once; the second move undone) and ↑ at 1/2.
        let before = try SimfileReader.read(generated).simfile, after = try SimfileReader.read(edited).simfile
        #expect(after.music == "song.wav" && after.timing == before.timing)
        let added = Set(after.charts[0].notes).subtracting(before.charts[0].notes)
        let removed = Set(before.charts[0].notes).subtracting(after.charts[0].notes)
        #expect(added == [ChartNote(beat: Beat(1, 2), lane: 0), ChartNote(beat: Beat(1, 2), lane: 2)], "\(added)")
        #expect(removed.isEmpty)

        // Open the .sm again: its chart and its song come back.
        let again = try TmuxSession(width: 100, height: 34, arguments: [edited])
        defer { again.kill() }
        _ = try again.waitFor("the chart and its song", timeout: 60) {
            $0.contains("Medium 5 · 120 BPM") && $0.contains("/ 0:12.00")
        }
        again.send(":q", "Enter")
        try again.waitForExit(0, "kanade to quit")
    }
}
