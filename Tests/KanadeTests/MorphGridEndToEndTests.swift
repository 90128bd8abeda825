import AudioIO
import Foundation
import TestSupport
import Testing

/// Issue 18's session in the real binary through tmux: pick four corners, move the point, play a melody in the
/// piano roll with that point as the track's instrument (captured through ALSA's `file` PCM: the notes have their
/// pitch), save the project and reopen it (the instrument and the saved point come back).
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct MorphGridEndToEndTests {
    @Test func cornersMovePlaySaveReopen() throws {
        let dir = TemporaryDirectory("morph")
        defer { dir.remove() }
        let capture = dir.file("capture.wav"), project = dir.file("sketch.kanade")
        do {
            let tmux = try TmuxSession(width: 130, height: 40, home: dir.path,
                                       environment: "KANADE_AUDIO_DEVICE=\"file:'\(capture)',wav\"")
            defer { tmux.kill() }
            _ = try tmux.waitFor("the workstation") { $0.contains("[listen]") }
            tmux.send("6")
            _ = try tmux.waitFor("the morph layout") { $0.contains("[morph]") && $0.contains("Morph grid") }
            tmux.send(":morph corners flute cello brass warm-pad", "Enter")
            let corners = try tmux.waitFor("the corners checked", timeout: 60) { $0.contains("corners: flute.fluidr3, cello.fluidr3") }
            #expect(corners.contains("1 flute") && corners.contains("cello 2") && corners.contains("warm-pad 4"))
            tmux.send(":focus morph-grid", "Enter", "Right", "Up")
            _ = try tmux.waitFor("the point moved") { $0.contains("point 0.62, 0.62") }
            // A debug build takes its time over 61 notes.
            let made = try tmux.waitFor("the point's notes", timeout: 180) { $0.contains("61 notes made in") && $0.contains("shade: brightness") }
            #expect(made.contains("◆"))
            tmux.send(":morph save bright", "Enter")
            _ = try tmux.waitFor("the point saved") { $0.contains("saved the point as bright") }
            // A new slot's track plays the point: one note, C4, a whole bar.
            tmux.send(":focus piano-roll", "Enter", "n")
            _ = try tmux.waitFor("slot C") { $0.contains("A  B [C] 1/16") }
            tmux.send(":instrument morph bright", "Enter")
            _ = try tmux.waitFor("the instrument") { $0.contains("plays morph:bright") }
            tmux.send(":roll cursor 0 -9", "Enter")
            _ = try tmux.waitFor("the cursor on C4") { $0.contains("1.1 C4") }
            tmux.send("i")
            _ = try tmux.waitFor("the note") { $0.contains("C4 added") }
            tmux.send("h")     // back onto the note (entering moves the cursor on)
            for _ in 0..<15 { tmux.send(">") }
            _ = try tmux.waitFor("a bar-long note") { $0.contains("C4 length 1/1") }
            try poll("the placed note's sound to die away", timeout: 30, { PianoRollEndToEndTests.capturedTail(capture, seconds: 0.3) },
                     until: { ($0 ?? 1) < 0.002 })
            tmux.send("0", "Space")
            _ = try tmux.waitFor("the playhead", timeout: 10) { $0.contains("▶ 1.") }
            _ = try tmux.waitFor("the end of the melody", timeout: 15) { !$0.contains("▶ ") }
            tmux.send(":w \(project)", "Enter")
            _ = try tmux.waitFor("the project") { $0.contains("wrote \(project)") }
            tmux.send(":q", "Enter")
            _ = try tmux.waitForExit(0, "kanade to quit")
        }
        // The played bar: its held part is C4.
        let audio = try AudioFile.read(capture)
        let mono = audio.channels[0]
        let onsets = PianoRollEndToEndTests.onsets(mono, sampleRate: audio.sampleRate)
        let start = try #require(onsets.last, "no onset in the capture")
        let from = Int((start + 0.3) * audio.sampleRate), to = min(mono.count, from + Int(0.8 * audio.sampleRate))
        try #require(to - from > Int(0.5 * audio.sampleRate), "the note is cut short in the capture")
        let f0 = Self.fundamental(Array(mono[from..<to]), sampleRate: audio.sampleRate)
        let cents = 1200 * log2(f0 / 261.626)
        #expect(abs(cents) < 50, "C4 played at \(f0) Hz (\(cents) cents)")

        // Reopened: the track's instrument and the saved point.
        let tmux = try TmuxSession(width: 130, height: 40, home: dir.path, arguments: [project])
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the reopened project") { $0.contains("[morph]") && $0.contains("saved: bright") }
        #expect(screen.contains("morph:bright"), "the piano roll's header names the track's instrument")
        #expect(screen.contains("point 0.62, 0.62"))
        tmux.send(":q", "Enter")
        _ = try tmux.waitForExit(0, "kanade to quit")
    }

    /// The fundamental of a held note by YIN's cumulative-mean-normalised difference (first dip under 0.15,
    /// parabolic interpolation), 60–1000 Hz.
    static func fundamental(_ x: [Float], sampleRate: Double) -> Double {
        let window = Int(0.05 * sampleRate), maxLag = Int(sampleRate / 60), minLag = Int(sampleRate / 1000)
        var d = [Double](repeating: 0, count: maxLag + 2)
        for tau in 1...(maxLag + 1) {
            var s = 0.0
            for j in 0..<window { let e = Double(x[j] - x[j + tau]); s += e * e }
            d[tau] = s
        }
        var cmnd = [Double](repeating: 1, count: d.count), running = 0.0
        for tau in 1..<d.count { running += d[tau]; cmnd[tau] = running > 0 ? d[tau] * Double(tau) / running : 1 }
        var tau = minLag
        while tau < maxLag && cmnd[tau] >= 0.15 { tau += 1 }
        while tau + 1 < maxLag && cmnd[tau + 1] < cmnd[tau] { tau += 1 }
        let a = cmnd[tau - 1], b = cmnd[tau], c = cmnd[tau + 1]
        let shift = (a - 2 * b + c) != 0 ? 0.5 * (a - c) / (a - 2 * b + c) : 0
        return sampleRate / (Double(tau) + shift)
    }
}
