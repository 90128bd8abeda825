import AudioIO
import Foundation
import Music
import TestSupport
import Testing

/// Issue 20's walk through the real binary in tmux: continue the demo melody and keep a take, harmonize it,
/// save the four voices, play them (captured by ALSA's `file` PCM), undo.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct MelodyToolsEndToEndTests {
    @Test func continueKeepHarmonizePlayAndUndo() throws {
        let dir = TemporaryDirectory("melody-tools")
        defer { dir.remove() }
        let capture = dir.file("capture.wav"), saved = dir.file("satb.mid")
        let tmux = try TmuxSession(width: 120, height: 40, environment: "KANADE_AUDIO_DEVICE=\"file:'\(capture)',wav\"")
        defer { tmux.kill() }
        // The demo song opening resets the transport: let it finish (and its spectrogram) before playing anything.
        _ = try tmux.waitFor("the demo song opened", timeout: 120) { $0.contains("/ 0:39.80") && !$0.contains("spectrogram demo song") }
        tmux.send("2")
        _ = try tmux.waitFor("the piano roll with the demo melodies") { $0.contains("[A] B  1/16") }

        // Continue: four takes as ghost notes; N plays the next one, Enter keeps it.
        tmux.send("c")
        _ = try tmux.waitFor("the takes", timeout: 60) { $0.contains("take 1/4: ") }
        tmux.send("N")
        _ = try tmux.waitFor("take 2") { $0.contains("take 2/4: ") }
        let previewStart = Self.capturedFrames(capture)
        tmux.send("Enter")
        _ = try tmux.waitFor("the take kept") { $0.contains("kept take 2 of 4 (u undoes)") }
        let previewEnd = Self.capturedFrames(capture)

        // Harmonize (few Gibbs steps: the tests run a debug build), save the four voices.
        tmux.send(":harmonize 8", "Enter")
        _ = try tmux.waitFor("the four voices", timeout: 180) {
            $0.contains("harmonized: soprano, alto, tenor, bass (u undoes)") && $0.contains("trk 1/4 Soprano")
        }
        tmux.send(":w \(saved)", "Enter")
        _ = try tmux.waitFor("the file written") { $0.contains("wrote \(saved)") }

        // Play them from the start, once the take's preview has played out (Space would stop it) and its sound
        // has died away.
        _ = try tmux.waitFor("the take preview to end", timeout: 30) { !$0.contains("▶ ") }
        try poll("the previews' sound to die away", timeout: 30, { PianoRollEndToEndTests.capturedTail(capture, seconds: 0.15) },
                 until: { ($0 ?? 1) < 0.01 })
        let playStart = Self.capturedFrames(capture)
        tmux.send("0")
        tmux.send("Space")
        _ = try tmux.waitFor("the playhead", timeout: 10) { $0.contains("▶ 1.") }
        _ = try tmux.waitFor("the end of the harmonization", timeout: 30) { !$0.contains("▶ ") }
        let playEnd = Self.capturedFrames(capture)

        tmux.send("u")
        _ = try tmux.waitFor("the harmonization undone") { $0.contains("undone") && !$0.contains("trk 1/4 Soprano") }
        tmux.send(":q", "Enter")
        try tmux.waitForExit(0, "kanade to quit")

        // The saved file: the kept melody as the soprano, and three voices under it.
        let satb = try NoteSequence(midiFile: saved)
        #expect(satb.tracks.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        #expect(satb.tracks.allSatisfy { !$0.notes.isEmpty })
        let lowestSoprano = satb.tracks[0].notes.map(\.pitch).min() ?? 0
        #expect(satb.tracks[3].notes.allSatisfy { $0.pitch < lowestSoprano })

        // What was heard: the harmonization's bass puts far more of the sound below the soprano than the take
        // preview (the melody alone) did, in the same capture.
        let audio = try AudioFile.read(capture)
        let mono = audio.channels[0]
        let cutoff = 440 * pow(2, Double(lowestSoprano - 69 - 5) / 12)   // a fourth under the soprano's lowest
        let melodyOnly = Self.lowShare(mono[min(previewStart, mono.count)..<min(previewEnd, mono.count)],
                                       cutoff: cutoff, sampleRate: audio.sampleRate)
        let fourVoices = Self.lowShare(mono[min(playStart, mono.count)..<min(playEnd, mono.count)],
                                       cutoff: cutoff, sampleRate: audio.sampleRate)
        #expect(fourVoices > melodyOnly * 4, "share of the sound under \(Int(cutoff)) Hz: four voices \(fourVoices), melody \(melodyOnly)")
    }

    /// Frames ALSA's `file` PCM has written so far (16-bit WAV whose header sizes are not final yet).
    static func capturedFrames(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path), data.count > 44 else { return 0 }
        let bytes = [UInt8](data)
        func le(_ at: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var at = 12
        while at + 8 <= bytes.count, String(decoding: bytes[at..<at + 4], as: UTF8.self) != "data" { at += 8 + le(at + 4, 4) }
        return max(0, bytes.count - at - 8) / (2 * max(le(22, 2), 1))
    }

    /// The share of `samples`' energy below `cutoff` Hz: four cascaded one-pole low-passes (24 dB an octave).
    static func lowShare(_ samples: ArraySlice<Float>, cutoff: Double, sampleRate: Double) -> Double {
        let a = exp(-2 * Double.pi * cutoff / sampleRate)
        var stages = [Double](repeating: 0, count: 4)
        var (low, all) = (0.0, 0.0)
        for s in samples {
            var x = Double(s)
            for i in 0..<4 { stages[i] = (1 - a) * x + a * stages[i]; x = stages[i] }
            low += x * x
            all += Double(s) * Double(s)
        }
        return all > 0 ? low / all : 0
    }
}
