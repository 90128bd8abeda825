import AudioIO
import Foundation
import Music
import TestSupport
import Testing

/// The piano roll driven in the real binary through tmux: a melody typed with the keyboard, undo and
/// redo, playback captured by ALSA's `file` PCM (onsets checked against the notes), `:w` to a `.mid`,
/// and recovery of the edits after `kill -9`.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct PianoRollEndToEndTests {
    /// Four sixteenths a quarter apart (0.5 s at 120 BPM): C4, D4, E4, F4.
    static let melodyKeys = ["i", "l", "l", "l", "k", "k", "i", "l", "l", "l", "k", "k", "i", "l", "l", "l", "k", "i"]
    static let expected: [(pitch: Int, tick: Int)] = [(60, 0), (62, 480), (64, 960), (65, 1440)]

    @Test func typePlayUndoRedoSaveAndTheCaptureHasTheNotesOnTime() throws {
        let dir = TemporaryDirectory("roll")
        defer { dir.remove() }
        let capture = dir.file("capture.wav"), saved = dir.file("melody.mid")
        let tmux = try TmuxSession(width: 120, height: 40, environment: "KANADE_AUDIO_DEVICE=\"file:'\(capture)',wav\"")
        defer { tmux.kill() }
        _ = try tmux.waitFor("the workstation") { $0.contains("[listen]") }
        tmux.send("2")
        _ = try tmux.waitFor("the piano roll with the demo melodies") { $0.contains("[A] B  1/16") }
        tmux.send("n")  // a new, empty slot C beside the demo's A and B
        _ = try tmux.waitFor("slot C") { $0.contains("A  B [C] 1/16") }
        // The lead's short release keeps each played note apart for the onset check (a new track's default is
        // its GM program's family, a piano with a long tail).
        tmux.send(":roll instrument lead", "Enter")
        _ = try tmux.waitFor("the lead instrument") { $0.contains("C plays lead") }
        tmux.send(":roll cursor 0 -9", "Enter")  // from the demo's A4 down to C4
        _ = try tmux.waitFor("the cursor on C4") { $0.contains("1.1 C4") }
        for key in Self.melodyKeys { tmux.send(key) }
        _ = try tmux.waitFor("four notes entered") { $0.contains("F4 added") }
        tmux.send("u")
        _ = try tmux.waitFor("undo") { $0.contains("undone") }
        tmux.send("C-r")
        _ = try tmux.waitFor("redo") { $0.contains("redone") }
        // The placed notes' own sounds die away before playback, so its first onset follows silence.
        try poll("the entered notes' sound to die away", timeout: 30, { Self.capturedTail(capture, seconds: 0.15) },
                 until: { ($0 ?? 1) < 0.01 })
        tmux.send("0")
        tmux.send("Space")
        _ = try tmux.waitFor("the playhead", timeout: 10) { $0.contains("▶ 1.") }
        _ = try tmux.waitFor("the end of the melody", timeout: 10) { !$0.contains("▶ ") }
        tmux.send(":w \(saved)", "Enter")
        _ = try tmux.waitFor("the file written") { $0.contains("wrote \(saved)") }
        tmux.send(":q", "Enter")
        try tmux.waitForExit(0, "kanade to quit")

        let song = try NoteSequence(midiFile: saved)
        #expect(song.allNotes.map { [$0.note.pitch, $0.note.startTick, $0.note.durationTicks] }
            == Self.expected.map { [$0.pitch, $0.tick, 120] })

        let audio = try AudioFile.read(capture)
        let onsets = Self.onsets(audio.channels[0], sampleRate: audio.sampleRate)
        // Entering sounded the notes (typed fast, they run together: at least one onset), then playback's four.
        try #require(onsets.count >= 5, "onsets: \(onsets)")
        let played = Array(onsets.suffix(4))
        for (i, onset) in played.enumerated() {
            let want = Double(Self.expected[i].tick - Self.expected[0].tick) / 960  // 960 ticks a second at 120 BPM
            #expect(abs((onset - played[0]) - want) < 0.005, "note \(i): \(onset - played[0]) s after the first, want \(want)")
        }
    }

    @Test func editsComeBackAfterKillNine() throws {
        let scratch = TemporaryDirectory("recover")
        defer { scratch.remove() }
        let home = scratch.path
        do {
            let tmux = try TmuxSession(width: 100, height: 30, home: home)
            defer { tmux.kill() }
            _ = try tmux.waitFor("the workstation") { $0.contains("[listen]") }
            tmux.send("2")
            _ = try tmux.waitFor("the piano roll") { $0.contains("[A] B  1/16") }
            tmux.send("n")
            _ = try tmux.waitFor("slot C") { $0.contains("A  B [C] 1/16") }
            tmux.send(":roll cursor 0 -9", "Enter")
            _ = try tmux.waitFor("the cursor on C4") { $0.contains("1.1 C4") }
            for key in ["i", "k", "i", "k", "i"] { tmux.send(key) }
            _ = try tmux.waitFor("three notes") { $0.contains("D4 added") }
            // A fixed wait on purpose: the promise under test is about time ("edits made a second or more before
            // a kill -9 come back"), so a full second must pass between the last edit and the kill. Polling for
            // the journal file instead would test something weaker.
            let journalPromise: useconds_t = 1_000_000
            usleep(journalPromise)
            try tmux.signalKanade(SIGKILL)
            try tmux.waitForExit(137, "the kill")
        }
        #expect(FileManager.default.fileExists(atPath: home + "/.local/state/kanade/journal.json"))
        let tmux = try TmuxSession(width: 100, height: 30, home: home)
        defer { tmux.kill() }
        // The demo's 8 + 12 notes in A and B, and the 3 typed into C (the demo song's track is in the
        // journal too if its rendering finished before the kill).
        _ = try tmux.waitFor("the recovery offer") { $0.contains("unsaved session found (") && $0.contains(" 23 notes)") }
        tmux.send(":recover", "Enter")
        // The whole session comes back: the layout (compose) and slot C with its notes, without pressing 2.
        _ = try tmux.waitFor("the notes back in the piano roll") {
            $0.contains("opened the recovered session: ") && $0.contains(", 3 melodies") && $0.contains("A  B [C] 1/16")
                && $0.contains("[compose]")
        }
        tmux.send(":q", "Enter")
        try tmux.waitForExit(0, "kanade to quit")
        #expect(!FileManager.default.fileExists(atPath: home + "/.local/state/kanade/journal.json"))
    }

    /// The loudest sample (full scale 1) in the last `seconds` of a capture ALSA's `file` PCM is still writing
    /// (16-bit WAV, its header's sizes not yet final, so the data runs to the end of the file); nil until the
    /// file holds that much.
    static func capturedTail(_ path: String, seconds: Double) -> Float? {
        guard let data = FileManager.default.contents(atPath: path), data.count > 44 else { return nil }
        let bytes = [UInt8](data)
        func le(_ at: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        let channels = le(22, 2), rate = le(24, 4)
        // The samples start after the "data" chunk's 8-byte header.
        var at = 12
        while at + 8 <= bytes.count, String(decoding: bytes[at..<at + 4], as: UTF8.self) != "data" { at += 8 + le(at + 4, 4) }
        let start = at + 8, frameBytes = 2 * max(channels, 1)
        let wanted = Int(seconds * Double(rate)) * frameBytes
        let end = start + (bytes.count - start) / frameBytes * frameBytes
        guard rate > 0, end - start >= wanted else { return nil }
        return stride(from: end - wanted, to: end, by: 2).map { abs(Float(Int16(truncatingIfNeeded: le($0, 2))) / 32_768) }.max()
    }

    /// Note onsets in seconds: where the 1 ms peak envelope rises through a tenth of the loudest peak
    /// after at least 100 ms below it, refined to the first sample over the threshold.
    static func onsets(_ samples: [Float], sampleRate: Double) -> [Double] {
        let peak = samples.map(abs).max() ?? 0
        guard peak > 0 else { return [] }
        let threshold = peak / 10, hop = max(1, Int(sampleRate / 1000))
        var out: [Double] = [], quietHops = 100
        var i = 0
        while i + hop <= samples.count {
            let loud = samples[i..<i + hop].contains { abs($0) >= threshold }
            if loud && quietHops >= 100 {
                let first = samples[i..<i + hop].firstIndex { abs($0) >= threshold }!
                out.append(Double(first) / sampleRate)
            }
            quietHops = loud ? 0 : quietHops + 1
            i += hop
        }
        return out
    }
}
