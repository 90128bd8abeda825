import Charts
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Workstation

/// Runs effects for real (files on disk) and hands back what they posted.
final class PostedActions {
    let runner: EffectRunner
    private let sink: PostedSink

    init() {
        let sink = PostedSink()
        runner = EffectRunner(services: .standard(), transport: ClockTransport(), post: { sink.append($0) })
        self.sink = sink
    }

    /// Runs `effects`, waits for the file queue, and returns what they posted.
    func run(_ effects: [Effect]) -> [Action] {
        for effect in effects { runner.run(effect) }
        runner.waitForEngineAndFiles()
        return sink.take()
    }
}

final class PostedSink: Sendable {
    private let actions = Mutex<[Action]>([])
    func append(_ action: Action) { actions.withLock { $0.append(action) } }
    func take() -> [Action] { actions.withLock { let out = $0; $0 = []; return out } }
}

/// Applies every posted action and returns the failure messages among them.
@discardableResult
func apply(_ actions: [Action], to state: inout AppState) -> [String] {
    var failures: [String] = []
    for action in actions {
        if case .jobFailed(_, let message) = action { failures.append(message) }
        _ = reduce(&state, action)
    }
    return failures
}

@Suite struct ChartFeatureTests {
    let handmade = fixturePath("charts/handmade/handmade.sm")

    func opened(_ effects: PostedActions) -> AppState {
        var s = AppState()
        let failures = apply(effects.run(reduce(&s, .commandLine("chart open \(handmade)"))), to: &s)
        #expect(failures.isEmpty, "\(failures)")
        return s
    }

    @Test func openReadsTheChartsIntoTheSessionUndoably() throws {
        let effects = PostedActions()
        var s = opened(effects)
        let book = s.session.chartBook
        #expect(book.simfile?.charts.count == 2 && book.path == handmade)
        #expect(book.chart?.difficulty == .hard)
        #expect(s.message?.text.hasPrefix("opened \(handmade): 2 charts (Hard 8, Easy 3)") == true, "\(String(describing: s.message))")
        _ = reduce(&s, .commandLine("chart next"))
        #expect(s.session.chartBook.chart?.difficulty == .easy)
        _ = reduce(&s, .commandLine("chart next"))
        #expect(s.session.chartBook.currentChart == 0)
        _ = reduce(&s, .commandLine("chart prev"))
        #expect(s.session.chartBook.currentChart == 1)
        _ = reduce(&s, .command(.undo))
        #expect(s.session.chartBook.simfile == nil)
        // `:open x.sm` goes to the chart feature too.
        var t = AppState()
        #expect(apply(effects.run(reduce(&t, .commandLine("open \(handmade)"))), to: &t).isEmpty)
        #expect(t.session.chartBook.simfile?.title == "Hand Made")
    }

    @Test func writeKeepsOtherFilesAndReplacesOnlyWhenAsked() throws {
        let effects = PostedActions()
        var s = opened(effects)
        let dir = TemporaryDirectory("chart-feature")
        defer { dir.remove() }
        // A new file: written, and it reads back to the session's charts.
        let fresh = dir.file("out.ssc")
        #expect(apply(effects.run(reduce(&s, .commandLine("w \(fresh)"))), to: &s).isEmpty)
        #expect(try SimfileReader.read(fresh).simfile == s.session.chartBook.simfile)
        #expect(s.session.chartBook.path == fresh)
        // Someone else's file: kept, with the way to replace it in the message.
        let theirs = dir.file("theirs.sm")
        try "a person's chart".write(toFile: theirs, atomically: true, encoding: .utf8)
        let failures = apply(effects.run(reduce(&s, .commandLine("chart write \(theirs)"))), to: &s)
        #expect(failures.count == 1 && failures[0].contains("already exists") && failures[0].contains(":chart replace"), "\(failures)")
        #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "a person's chart")
        #expect(apply(effects.run(reduce(&s, .commandLine("chart replace \(theirs)"))), to: &s).isEmpty)
        #expect(try SimfileReader.read(theirs).simfile.charts.count == 2)
        // The file the charts were last written to is theirs to write again.
        #expect(apply(effects.run(reduce(&s, .commandLine("w \(theirs)"))), to: &s).isEmpty)
    }

    @Test func commandsSayWhatIsWrong() throws {
        var s = AppState()
        _ = reduce(&s, .commandLine("chart write x.sm"))
        #expect(s.message?.isError == true && s.message?.text.contains("no charts") == true)
        _ = reduce(&s, .commandLine("chart next"))
        #expect(s.message?.isError == true)
        _ = reduce(&s, .commandLine("chart open"))
        #expect(s.message?.isError == true && s.message?.text.contains("chart open PATH") == true, "\(String(describing: s.message))")
        _ = reduce(&s, .commandLine("chart dance"))
        #expect(s.message?.isError == true && s.message?.text.contains("no such subcommand") == true)
        // A path with spaces is kept whole.
        guard case .open("my songs/a b.sm")? = try? ChartCommand(words: ["open", "my", "songs/a", "b.sm"], rest: "open my songs/a b.sm") else {
            Issue.record("path with spaces"); return
        }
    }

    @Test func theChartsAreSavedInTheProjectAndReadBack() throws {
        let effects = PostedActions()
        let s = opened(effects)
        let dir = TemporaryDirectory("chart-project")
        defer { dir.remove() }
        let doc = SessionDocument(s)
        _ = try ProjectFile.write(doc, madeAudio: [:], to: dir.file("song.kanade"))
        let text = try String(contentsOfFile: dir.file("song.kanade/session.toml"), encoding: .utf8)
        #expect(text.contains("[chart]"))
        let back = try ProjectFile.read(dir.file("song.kanade"))
        #expect(back.parts[ChartBook.self] == s.session.chartBook)
        #expect(back.parts[ChartBook.self].simfile?.charts.first?.notes.count == s.session.chartBook.chart?.notes.count)
    }

    @Test func damagedBooksAreNamed() {
        var book = ChartBook()
        #expect(book.problems().isEmpty)
        book.simfile = Simfile(timing: Timing(bpm: 120), charts: [Chart(difficulty: .easy, meter: 1, notes: [ChartNote(beat: .zero, lane: 7)])])
        book.currentChart = 3
        #expect(book.problems().count == 2, "\(book.problems())")
    }
}
