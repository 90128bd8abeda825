import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Drives the real `kanade` binary in tmux, as a person at a terminal would: the demo session, playback,
/// seeking, resizing down to 40×12 and below, the help overlay, quitting, and the terminal restored after
/// `:q`, SIGTERM and a crash signal. Needs tmux (installed by `make test`) and the built binary.
@Suite(.serialized, .enabled(if: TmuxSession.available, "needs tmux and a built kanade (make test builds it)"))
struct WorkstationScreenTests {
    @Test func demoPlaySeekResizeHelpQuit() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        let ui = try tmux.waitFor("the demo analysed") { $0.contains("Waveform · demo song") && $0.contains("C4 262") }
        #expect(ui.contains("[listen]"))
        #expect(ui.contains("⏸ 0:00.00 / 0:3"))  // the demo song: 16 bars at 100 BPM (38.4 s) plus release tails

        tmux.send("Space")
        let playing = try tmux.waitFor("the playhead moving") { screen in
            screen.contains("▶ 0:0") && (tmux.statusTime(screen) ?? 0) >= 0.5
        }
        #expect(playing.contains("L") && playing.contains("R"))
        tmux.send("Space")
        let paused = try tmux.waitFor("paused") { $0.contains("⏸ ") }
        let pausedAt = try #require(tmux.statusTime(paused))

        tmux.send("l")
        let seeked = try tmux.waitFor("seek +5 s") { (tmux.statusTime($0) ?? 0) >= pausedAt + 4.99 }
        #expect(abs(try #require(tmux.statusTime(seeked)) - (pausedAt + 5)) < 0.02)
        tmux.send("0")
        _ = try tmux.waitFor("back at the start") { tmux.statusTime($0) == 0 }

        tmux.resize(width: 40, height: 12)
        let small = try tmux.waitFor("the 40×12 layout") { $0.contains("Waveform") && !$0.contains("too small") }
        #expect(small.split(separator: "\n").count <= 12)
        tmux.resize(width: 39, height: 11)
        _ = try tmux.waitFor("the too-small notice") { $0.contains("too small") && $0.contains("39×11") }
        tmux.resize(width: 100, height: 30)
        _ = try tmux.waitFor("the full layout again") { $0.contains("Spectrogram · demo song") && $0.contains("[listen]") }

        tmux.send("?")
        let help = try tmux.waitFor("the help overlay") { $0.contains("Help") && $0.contains("play-pause") }
        #expect(help.contains("select-toggle"))
        tmux.send("Escape")
        _ = try tmux.waitFor("help closed") { !$0.contains("play-pause") }

        tmux.send(":q", "Enter")
        let after = try tmux.waitForExit(0, "the shell after quitting")
        tmux.expectTerminalRestored(after)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let tmux = try TmuxSession(width: 80, height: 24)
        defer { tmux.kill() }
        _ = try tmux.waitFor("the workstation") { $0.contains("Waveform") }
        try tmux.signalKanade(SIGTERM)
        let after = try tmux.waitForExit(143, "the shell after SIGTERM")
        tmux.expectTerminalRestored(after)
    }

    @Test func crashSignalRestoresTheTerminal() throws {
        let tmux = try TmuxSession(width: 80, height: 24)
        defer { tmux.kill() }
        _ = try tmux.waitFor("the workstation") { $0.contains("Waveform") }
        try tmux.signalKanade(SIGSEGV)
        let after = try tmux.waitForExit(139, "the shell after SIGSEGV")
        tmux.expectTerminalRestored(after)
    }
}

/// One detached tmux session on a private server, running `kanade` under `sh`, which prints the exit status
/// and the terminal modes (`stty -a`) when kanade ends. The audio device is one that does not exist, so the
/// engine plays into its clocked null sink (ALSA's own "null" PCM does not keep time).
struct TmuxSession {
    let socket = "kanade-test-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))"
    let name = "kanade"

    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The binary `swift build` made, debug preferred (what `make test` builds).
    static let kanadePath: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return [".build/debug/kanade", ".build/release/kanade"].map { root.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool { tmuxPath != nil && kanadePath != nil }

    /// `home` defaults to a fresh empty folder; `environment` is added after the defaults (so it wins).
    init(width: Int, height: Int, home: String? = nil, environment: String = "", arguments: [String] = []) throws {
        let home = home ?? NSTemporaryDirectory() + socket  // an empty HOME: no user key map or themes
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let command = "cd '\(FileManager.default.currentDirectoryPath)' && HOME='\(home)' KANADE_AUDIO_DEVICE=kanade-test-no-such-device "
            + environment + " LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(Self.kanadePath!)'" + arguments.map { " '\($0)'" }.joined() + "; echo \"exit=$?\"; stty -a"
        // The server this starts lives on: it must not inherit a pipe we would read to its end. The pane stays
        // after the shell exits (remain-on-exit), so its last screen can be read and nothing is left running.
        tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh", "-c", command,
              ";", "set-option", "-t", name, "remain-on-exit", "on"], output: false)
    }

    /// Runs tmux with its output in a temporary file. posix_spawn + waitpid rather than Foundation's
    /// Process: the tmux server that `new-session` forks keeps inherited descriptors open, which makes
    /// Process wait for ever.
    @discardableResult
    func tmux(_ args: [String], output: Bool = true) -> String {
        let outPath = NSTemporaryDirectory() + "\(socket)-out-\(UUID().uuidString.prefix(8))"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ? outPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = [Self.tmuxPath!, "-L", socket, "-f", "/dev/null"] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        // The test runner's threads block most signals, and a spawned process inherits that mask: the tmux
        // server would then never see SIGCHLD or SIGTERM and outlive the test. Start it with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, Self.tmuxPath!, &actions, &attributes, &cArgs, environ) == 0 else { return "" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return output ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
    }

    func send(_ keys: String...) { tmux(["send-keys", "-t", name] + keys) }

    /// The visible screen, and with `history` the lines scrolled off above it too.
    func capture(history: Bool = false) -> String {
        tmux(["capture-pane", "-p", "-t", name] + (history ? ["-S", "-100"] : []))
    }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `done` holds (up to 30 s: the demo renders and analyses in debug builds); on a
    /// timeout the error shows the last screen captured.
    func waitFor(_ what: String, timeout: Double = 30, history: Bool = false, _ done: (String) -> Bool) throws -> String {
        try poll(what, timeout: timeout, every: 0.05, { capture(history: history) }, until: done)
    }

    /// The playhead time in the status bar (` ▶ 0:12.34 / …`).
    func statusTime(_ screen: String) -> Double? {
        for line in screen.split(separator: "\n") where line.contains(" / ") && (line.contains("▶") || line.contains("⏸")) {
            let words = line.split(separator: " ")
            guard let slash = words.firstIndex(of: "/"), slash > 0 else { continue }
            let parts = words[slash - 1].split(separator: ":")
            guard parts.count == 2, let m = Double(parts[0]), let s = Double(parts[1]) else { continue }
            return m * 60 + s
        }
        return nil
    }

    /// Sends a signal to the kanade process (the child of the pane's shell), waiting until there is one to send
    /// it to: a signal sent to nobody would only show up later as a wait for the exit timing out.
    func signalKanade(_ signal: Int32) throws {
        let shell = try poll("the pane's shell pid", timeout: 10, {
            tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }, until: { Int32($0) != nil })
        let parent = Int32(shell)!
        // The kanade process is the shell's child: find it in /proc.
        let kanade = try poll("kanade under the pane's shell \(parent)", timeout: 10, {
            let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
            return children.split(separator: " ").compactMap { Int32($0) }.filter { child in
                ((try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? "").hasPrefix("kanade")
            }
        }, until: { !$0.isEmpty })
        for child in kanade { Glibc.kill(child, signal) }
    }

    /// Waits until kanade has exited with `status` and the shell after it has printed all of `stty -a`,
    /// whose last field on Linux is `extproc` / `-extproc`: reading the modes any earlier races the shell.
    /// Returns the screen with its scrollback.
    @discardableResult
    func waitForExit(_ status: Int32, _ what: String) throws -> String {
        try waitFor(what, history: true) { $0.contains("exit=\(status)") && $0.contains("extproc") }
    }

    /// After kanade: the shell's `stty -a` shows canonical mode and echo back on, and the workstation's
    /// screen is gone (the alternate screen was left).
    func expectTerminalRestored(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let modes = screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init)
        #expect(modes.contains("icanon") && !modes.contains("-icanon"), "canonical mode", sourceLocation: sourceLocation)
        #expect(modes.contains("echo") && !modes.contains("-echo"), "echo", sourceLocation: sourceLocation)
        #expect(modes.contains("icrnl"), "CR→NL on input", sourceLocation: sourceLocation)
        #expect(!screen.contains("Waveform"), "the workstation's screen is gone", sourceLocation: sourceLocation)
    }

    func kill() {
        tmux(["kill-server"], output: false)
        try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + socket)
    }
}
