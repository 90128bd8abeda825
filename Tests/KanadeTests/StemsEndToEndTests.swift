import AudioIO
import Foundation
import Testing

/// Issue 17's session in the real binary through tmux: open a song, `:separate hpss`, play before separation
/// ends, solo a stem, switch A/B, export the stems, save the project, quit and reopen it.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct StemsEndToEndTests {
    /// 40 s of 16 kHz stereo: a chord with a click every half second — long enough that a debug build is
    /// still separating when playback starts.
    static func writeSong(to path: String) throws {
        let rate = 16_000.0, n = Int(40 * rate)
        let left = (0..<n).map { i -> Float in
            let t = Double(i) / rate
            let click = i % 8000 < 80 ? 0.5 * (1 - Double(i % 8000) / 80) : 0
            return Float(0.2 * sin(2 * .pi * 220 * t) + 0.15 * sin(2 * .pi * 277 * t) + click)
        }
        try AudioFile.write(AudioBuffer(sampleRate: rate, channels: [left, left.map { $0 * 0.7 }]), to: path, format: .wav16)
    }

    @Test func separatePlaySoloABExportSaveReopen() throws {
        let home = NSTemporaryDirectory() + "kanade-stems-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let song = home + "/song.wav", project = home + "/take.kanade", out = home + "/stems"
        try Self.writeSong(to: song)
        do {
            let tmux = try TmuxSession(width: 110, height: 30, home: home, arguments: [song])
            defer { tmux.kill() }
            _ = try tmux.waitFor("the song") { $0.contains("opened song.wav") }
            tmux.send("3")
            _ = try tmux.waitFor("the stems layout") { $0.contains("[stems]") }
            tmux.send(":separate hpss", "Enter", "space")
            // Playing while the stems pane still shows the part not yet separated.
            let early = try tmux.waitFor("playback during separation") { $0.contains("▶") && $0.contains("% separated") }
            #expect(early.contains("harmonic") && early.contains("percussive") && early.contains("B: sum of the stems"))
            #expect(early.contains("·····"), "pending frames are drawn as dots")
            tmux.send("j", "S")
            _ = try tmux.waitFor("harmonic soloed") { $0.split(separator: "\n").contains { $0.contains("▸ harmonic") && $0.contains("dB ·S") } }
            tmux.send("a")
            _ = try tmux.waitFor("A") { $0.contains("A: the original") }
            let done = try tmux.waitFor("the separation to end", timeout: 120) { $0.contains("separated song.wav (hpss)") }
            #expect(!done.contains("% separated"))
            tmux.send(":export stems \(out)", "Enter")
            _ = try tmux.waitFor("the export") { $0.contains("wrote 2 stems to \(out)") }
            tmux.send(":export stems \(out)", "Enter")
            _ = try tmux.waitFor("the refusal") { $0.contains("harmonic.wav: already exists; not overwritten") }
            tmux.send(":w \(project)", "Enter")
            _ = try tmux.waitFor("the project") { $0.contains("wrote \(project)") }
            tmux.send(":q", "Enter")
            _ = try tmux.waitForExit(0, "kanade to quit")
        }
        for name in ["harmonic", "percussive"] {
            let info = try AudioFile.info(out + "/\(name).wav")
            #expect(info.sampleRate == 16_000 && info.channelCount == 2 && info.frameCount == 640_000)
            #expect(FileManager.default.fileExists(atPath: project + "/audio/stems/song-\(name).wav"))
        }
        let tmux = try TmuxSession(width: 110, height: 30, home: home, arguments: [project])
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the reopened stems") { $0.contains("loaded the stems of song.wav (hpss)") }
        #expect(screen.contains("A: the original"))
        #expect(screen.split(separator: "\n").contains { $0.contains("harmonic") && $0.contains("dB ·S") })
        tmux.send(":q", "Enter")
        _ = try tmux.waitForExit(0, "kanade to quit")
    }
}
