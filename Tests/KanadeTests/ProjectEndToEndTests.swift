import Foundation
import Testing

/// A project written with `:w`, the workstation quit, and the project opened again from the command line,
/// driven in the real binary through tmux.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct ProjectEndToEndTests {
    @Test func writeQuitAndReopenRestoresTheSession() throws {
        let home = NSTemporaryDirectory() + "kanade-project-e2e-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let project = home + "/song.kanade"
        do {
            let tmux = try TmuxSession(width: 100, height: 30, home: home)
            defer { tmux.kill() }
            _ = try tmux.waitFor("the demo song") { $0.contains("opened demo song") }
            tmux.send(":theme gruvbox", "Enter")
            _ = try tmux.waitFor("the theme") { $0.contains("theme gruvbox") }
            tmux.send(":select 1 3", "Enter")
            _ = try tmux.waitFor("the selection") { $0.contains("sel 0:01.00–0:03.00") }
            tmux.send("S")  // solo the demo track
            _ = try tmux.waitFor("the solo") { $0.contains("demo song: solo") }
            tmux.send("2")
            _ = try tmux.waitFor("the piano roll") { $0.contains("[A] B  1/16") }
            tmux.send("n")
            _ = try tmux.waitFor("slot C") { $0.contains("A  B [C] 1/16") }
            tmux.send("i")
            _ = try tmux.waitFor("a note in C") { $0.contains(" added") }
            tmux.send(":roll instrument bass", "Enter")
            _ = try tmux.waitFor("the instrument") { $0.contains("C plays bass") }
            tmux.send(":w \(project)", "Enter")
            _ = try tmux.waitFor("the project written") { $0.contains("wrote \(project)") }
            tmux.send(":q", "Enter")
            try tmux.waitForExit(0, "kanade to quit")
        }
        #expect(FileManager.default.fileExists(atPath: project + "/session.toml"))
        #expect(FileManager.default.fileExists(atPath: project + "/audio/demo-song.wav"))
        let tmux = try TmuxSession(width: 100, height: 30, home: home, arguments: [project])
        defer { tmux.kill() }
        // The theme loads last, so its message is the one to wait for; the rest is on the same screen.
        let screen = try tmux.waitFor("the reopened project") {
            $0.contains("theme gruvbox") && $0.contains("[compose]") && $0.contains("A  B [C] 1/16")
        }
        #expect(screen.contains("vel 100 · bass"))  // slot C's track keeps its instrument
        #expect(screen.contains("sel 0:01.00–0:03.00"))
        tmux.send("3")  // the stems pane shows the track, soloed
        let stems = try tmux.waitFor("the stems") { $0.contains("[stems]") }
        #expect(stems.contains("S +0 dB demo song"))
        tmux.send(":q", "Enter")
        try tmux.waitForExit(0, "kanade to quit")
    }
}
