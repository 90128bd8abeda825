import Testing
@testable import Workstation

@Suite struct CommandTests {
    @Test func parsesEveryBoundCommandLine() throws {
        for b in KeyMap.defaults.bindings { _ = try Command.parse(b.command) }
    }

    @Test func parsesArgumentsAndAliases() throws {
        #expect(try Command(parsing: "seek -5") == .seek(-5))
        #expect(try Command(parsing: "seek-to 1:05.5") == .seekTo(65.5))
        #expect(try Command(parsing: "select 3 1") == .select(TimeRange(1, 3)))
        #expect(try Command(parsing: "open  my song.wav") == .open("my song.wav"))
        #expect(try Command(parsing: "quit") == .quit)
        #expect(try Command(parsing: "w") == .write(nil))
        #expect(try Command(parsing: "set db-range 90") == .set("db-range", "90"))
        #expect(try Command(parsing: "focus morph-grid") == .focus(.morphGrid))
    }

    @Test func errorsNameTheCommandAndTheProblem() {
        #expect(throws: CommandError("seek: use seek ±SECONDS")) { try Command(parsing: "seek") }
        #expect(throws: CommandError("zoom: use in, out, fit")) { try Command(parsing: "zoom far") }
        #expect(throws: CommandError("seek-to: 1:xx is not a time (seconds or m:ss)")) { try Command(parsing: "seek-to 1:xx") }
        #expect(throws: CommandError("q takes no argument")) { try Command(parsing: "q now") }
        #expect(throws: CommandError("empty command")) { try Command(parsing: "  ") }
    }

    @Test func timesParseAndFormat() {
        #expect(parseTime("90") == 90)
        #expect(parseTime("1:30") == 90)
        #expect(parseTime("1:00:00") == 3600)
        #expect(parseTime("1.5:00") == nil)
        #expect(parseTime("-3") == nil)
        #expect(formatTime(65.25) == "1:05.25")
        #expect(formatTime(65.25, decimals: 0) == "1:05")
        #expect(formatTime(3725) == "1:02:05")
    }
}

@Suite struct CompleterTests {
    let completer = Completer(themeNames: ["default", "gruvbox", "mono"]) { dir in
        switch dir {
        case ".": return [("song.wav", false), ("stems", true), (".hidden", false)]
        case "stems/": return [("bass.wav", false), ("drums.wav", false)]
        default: return []
        }
    }

    @Test func completesCommandNames() {
        #expect(completer.candidates(for: "th") == ["theme"])
        #expect(completer.candidates(for: "se").contains("seek-to"))
        #expect(completer.candidates(for: "se").contains("set"))
    }

    @Test func completesArguments() {
        #expect(completer.candidates(for: "theme g") == ["theme gruvbox"])
        #expect(completer.candidates(for: "set db") == ["set db-range "])
        #expect(completer.candidates(for: "set follow o") == ["set follow on", "set follow off"].sorted())
        #expect(completer.candidates(for: "zoom ") == ["zoom in", "zoom out", "zoom fit"])
        #expect(completer.candidates(for: "q ") == [])
    }

    @Test func completesPathsWithoutHiddenFiles() {
        #expect(completer.candidates(for: "open ") == ["open song.wav", "open stems/"])
        #expect(completer.candidates(for: "open stems/d") == ["open stems/drums.wav"])
        #expect(completer.candidates(for: "open .") == ["open .hidden"])
    }
}

@Suite struct CommandLineStateTests {
    @Test func commonPrefixThenCycle() {
        var c = CommandLineState()
        c.text = "open s"
        c.applyCompletions(["open stems/a.wav", "open stems/b.wav"])
        #expect(c.text == "open stems/")
        c.applyCompletions(["open stems/a.wav", "open stems/b.wav"])
        #expect(c.text == "open stems/a.wav")
        c.applyCompletions(["open stems/a.wav", "open stems/b.wav"])
        #expect(c.text == "open stems/b.wav")
    }
}
