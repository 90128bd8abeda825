import AudioIO
import Foundation
import Music
import Testing
import TestSupport
@testable import TUI
@testable import Workstation

func testServices(spectrogramResult: LogSpectrogram? = spectrogram(loudBand: 3)) -> WorkstationServices {
    WorkstationServices(
        loadAudio: { path in
            guard path.hasSuffix(".wav") else { throw WorkstationError("\(path): not an audio file") }
            return track(seconds: 4) { t, _ in Float(sin(2 * .pi * 3 * t)) }
        },
        spectrogram: { _, progress in
            _ = progress(0.5)
            guard let s = spectrogramResult else { throw WorkstationError("no spectrogram") }
            return s
        },
        demoSong: { track(seconds: 8) { t, _ in Float(sin(2 * .pi * t)) * 0.8 } },
        themes: ThemeLibrary(folders: [URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path]))
}

/// Waits (briefly) for background work to post to the mailbox, then applies what arrived.
func settle(_ app: WorkstationApp, _ mailbox: Mailbox, until done: (AppState) -> Bool) {
    for _ in 0..<500 where !done(app.state) {
        for a in mailbox.drain() { app.dispatch(a) }
        if done(app.state) { break }
        usleep(2000)
    }
}

@Suite struct WorkstationAppTests {
    func makeApp(width: Int = 100, height: Int = 30) -> (WorkstationApp, MemoryTerminal, Mailbox, ClockTransport) {
        let terminal = MemoryTerminal(width: width, height: height)
        let mailbox = Mailbox(wake: WakeSignal())
        let transport = ClockTransport()
        let app = WorkstationApp(state: AppState(), terminal: terminal, transport: transport,
                                 services: testServices(), mailbox: mailbox)
        return (app, terminal, mailbox, transport)
    }

    @Test func demoSessionLoadsAnalysesAndDraws() {
        let (app, terminal, mailbox, _) = makeApp()
        app.start(opening: [])
        #expect(app.state.jobs.values.contains { $0.label == "rendering demo song" })
        settle(app, mailbox) { $0.currentAnalysis?.spectrogram != nil }
        #expect(app.state.session.tracks.map(\.name) == ["demo song"])
        #expect(app.state.jobs.isEmpty)
        app.draw()
        #expect(terminal.text.contains("Waveform · demo song"))
        #expect(terminal.text.contains("C4 262"))
    }

    @Test func openingFilesReportsFailuresByName() {
        let (app, terminal, mailbox, _) = makeApp()
        // One after the other: opened together, whichever load finishes last writes the status line.
        app.start(opening: ["a.wav"])
        settle(app, mailbox) { $0.jobs.isEmpty }
        app.start(opening: ["notes.txt"])
        settle(app, mailbox) { $0.jobs.isEmpty }
        #expect(app.state.session.tracks.map(\.name) == ["a.wav"])
        #expect(app.state.message == AppState.Message(text: "notes.txt: not an audio file", isError: true))
        app.draw()
        #expect(terminal.text.hasSuffix("notes.txt: not an audio file"))
    }

    @Test func midiFilesOnTheCommandLineFillSlotsAAndB() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kanade-open-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (name, pitches) in [("a.mid", [60, 62, 64]), ("b.mid", [67, 65])] {
            let notes = pitches.enumerated().map { i, p in
                Note(pitch: p, velocity: 90, startTick: i * 480, endTick: i * 480 + 480)
            }
            let path = folder.appendingPathComponent(name).path
            try NoteSequence(tracks: [Track(name: name, notes: notes)]).writeMIDIFile(to: path)
            paths.append(path)
        }
        let (app, _, mailbox, _) = makeApp()
        app.start(opening: paths + ["a.wav"])
        settle(app, mailbox) { $0.jobs.isEmpty }
        let slots = app.state.session.pianoRoll.slots
        #expect(slots.map { $0.allNotes.map(\.note.pitch) } == [[60, 62, 64], [67, 65]])
        #expect(app.state.session.pianoRoll.paths[0] == paths[0] && app.state.session.pianoRoll.paths[1] == paths[1])
        #expect(app.state.session.tracks.map(\.name) == ["a.wav"])
    }

    @Test func aFrameWhereOnlyThePlayheadMovesWritesUnderFivePercentOfTheCells() {
        let (app, terminal, mailbox, _) = makeApp(width: 200, height: 50)
        app.start(opening: [])
        settle(app, mailbox) { $0.currentAnalysis?.spectrogram != nil }
        app.dispatch(.command(.playPause))
        app.dispatch(.transport(TransportStatus(isPlaying: true, position: 2.0, levels: [0.5, 0.5])))
        app.draw()
        terminal.cellsWritten = 0
        // 8 s over ~197 columns: 0.05 s moves the playhead by about one column.
        app.dispatch(.transport(TransportStatus(isPlaying: true, position: 2.05, levels: [0.5, 0.5])))
        app.draw()
        let fraction = Double(terminal.cellsWritten) / Double(200 * 50)
        #expect(terminal.cellsWritten > 0)
        #expect(fraction < 0.05, "wrote \(terminal.cellsWritten) cells")
    }

    @Test func keysThroughTheLoopUntilQuitAndTheTerminalIsRestored() {
        let (app, terminal, mailbox, _) = makeApp()
        app.start(opening: [])
        settle(app, mailbox) { !$0.session.tracks.isEmpty }
        terminal.pendingEvents = [.key(.character("l")), .key(.character("?")), .key(.named(.escape)),
                                  .key(.character(":")), .key(.character("q")), .key(.named(.enter))]
        app.run()
        #expect(app.state.playhead == 5)
        #expect(app.state.shouldQuit)
        #expect(terminal.restored)
    }

    @Test func resizeToTooSmallAndBack() {
        let (app, terminal, mailbox, _) = makeApp(width: 80, height: 24)
        app.start(opening: [])
        settle(app, mailbox) { !$0.session.tracks.isEmpty }
        app.draw()
        terminal.resize(width: 30, height: 10)
        app.handle(terminal.nextEvent(timeoutMilliseconds: 0)!)
        app.draw()
        #expect(terminal.text.contains("Terminal too small"))
        terminal.resize(width: 80, height: 24)
        app.handle(terminal.nextEvent(timeoutMilliseconds: 0)!)
        app.draw()
        #expect(terminal.text.contains("Waveform"))
        #expect(!terminal.text.contains("too small"))
    }

    @Test func themeSwitchesLiveAndCompletionUsesTheLibrary() {
        let (app, terminal, mailbox, _) = makeApp()
        app.draw()
        app.dispatch(.key(.character(":")))
        for ch in "theme gr" { app.dispatch(.key(.character(ch))) }
        app.dispatch(.key(.named(.tab)))
        settle(app, mailbox) { $0.commandLine.text == "theme gruvbox" }
        #expect(app.state.commandLine.text == "theme gruvbox")
        app.dispatch(.key(.named(.enter)))
        settle(app, mailbox) { $0.theme.name == "gruvbox" }
        #expect(app.state.theme.name == "gruvbox")
        terminal.cellsWritten = 0
        app.draw()
        #expect(terminal.cellsWritten == 100 * 30)  // every cell changed colour
        app.dispatch(.commandLine("theme nope"))
        settle(app, mailbox) { $0.message?.isError == true }
        #expect(app.state.message?.isError == true)
        #expect(app.state.theme.name == "gruvbox")
    }

    @Test func playbackTicksMoveThePlayheadFromTheTransport() {
        let (app, _, mailbox, transport) = makeApp()
        app.start(opening: [])
        settle(app, mailbox) { !$0.session.tracks.isEmpty }
        app.dispatch(.key(.named(.space)))
        app.runner.waitForEngineAndFiles()
        #expect(transport.status().isPlaying)
        // The runner reports the playhead 30 times a second while playing.
        settle(app, mailbox) { $0.playhead > 0.03 && $0.transport.levels.count == 2 }
        #expect(app.state.playhead > 0.03)
        #expect(app.state.transport.levels.count == 2)
        app.dispatch(.key(.named(.space)))
        app.runner.waitForEngineAndFiles()
        #expect(!transport.status().isPlaying)
    }

    @Test func writeSavesTheProjectAndRefusesToOverwriteOtherFiles() throws {
        let (app, _, mailbox, _) = makeApp()
        app.start(opening: [])
        settle(app, mailbox) { !$0.session.tracks.isEmpty }
        let folder = NSTemporaryDirectory() + "kanade-project-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/song.kanade"
        app.dispatch(.commandLine("w \(path)"))
        settle(app, mailbox) { $0.message?.text == "wrote \(path)" }
        #expect(app.state.message?.text == "wrote \(path)")
        let text = try String(contentsOfFile: path + "/session.toml", encoding: .utf8)
        #expect(text.contains("demo song") && text.contains("audio/demo-song.wav"))
        // The demo song, made by Kanade, now lives in the project, and the track names that file.
        #expect(app.state.session.tracks[0].path == path + "/audio/demo-song.wav")
        // A file that is not a project is never written over.
        let other = folder + "/notes.kanade"
        try "mine".write(toFile: other, atomically: true, encoding: .utf8)
        app.dispatch(.commandLine("w \(other)"))
        settle(app, mailbox) { $0.message?.isError == true }
        #expect(app.state.message?.text == "\(other): is a file, not a Kanade project: not overwritten")
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "mine")
    }
}

@Suite struct SlowFileSystemTests {
    /// A file system whose writes wait until the test lets them through.
    final class Gate: @unchecked Sendable {
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
    }

    @Test func keysAreAnsweredWhileAProjectWriteIsStuck() throws {
        let gate = Gate()
        var fs = FileSystem.standard
        let realWrite = fs.write
        fs.write = { bytes, path in
            gate.entered.signal()
            gate.release.wait()
            try realWrite(bytes, path)
        }
        var services = testServices()
        services.fileSystem = fs
        let mailbox = Mailbox(wake: WakeSignal())
        let app = WorkstationApp(state: AppState(), terminal: MemoryTerminal(width: 100, height: 30),
                                 transport: ClockTransport(), services: services, mailbox: mailbox)
        app.start(opening: [])
        settle(app, mailbox) { !$0.session.tracks.isEmpty }
        let folder = NSTemporaryDirectory() + "kanade-slow-\(UUID().uuidString.prefix(8)).kanade"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        app.dispatch(.commandLine("w \(folder)"))
        // The write is now inside the file system, held there.
        gate.entered.wait()
        #expect(app.state.jobs.values.contains { $0.label.hasPrefix("writing kanade-slow-") })
        // The UI answers keys meanwhile: the layout switches, the piano roll takes notes, a frame is drawn.
        app.dispatch(.key(.character("2")))
        #expect(app.state.view.layout.name == "compose")
        app.dispatch(.commandLine("focus piano-roll"))
        app.dispatch(.key(.character("i")))
        #expect(app.state.message?.text.hasSuffix("added") == true)
        app.draw()
        #expect(!app.state.jobs.isEmpty)
        gate.release.signal()
        settle(app, mailbox) { $0.message?.text == "wrote \(folder)" }
        #expect(app.state.message?.text == "wrote \(folder)")
        #expect(FileManager.default.fileExists(atPath: folder + "/session.toml"))
    }
}
