import Testing
import Workstation

@Suite struct CommandDescribeTests {
    @Test func bindingsOfOneCommandReadDifferently() {
        #expect(CommandSpec.describe("seek -5") == "playhead back 5 s")
        #expect(CommandSpec.describe("seek +30") == "playhead forward 30 s")
        #expect(CommandSpec.describe("seek 0.5") == "playhead forward 0.5 s")
        #expect(CommandSpec.describe("layout stems") == "switch to the stems layout")
        #expect(CommandSpec.describe("resize taller") == "make the focused pane taller")
        #expect(CommandSpec.describe("zoom fit") == "show the whole track")
    }

    @Test func commandsWithoutArgumentsUseTheirSummary() {
        #expect(CommandSpec.describe("loop") == CommandSpec.named("loop")?.summary)
        #expect(CommandSpec.describe("no-such-command") == "")
    }

    @Test func everyDefaultBindingHasADescription() {
        let keyMap = KeyMap.defaults
        for binding in keyMap.bindings {
            #expect(!CommandSpec.describe(binding.command).isEmpty, "\(binding.command)")
        }
    }
}
