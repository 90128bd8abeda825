import Foundation
import Testing
import TestSupport
@testable import Workstation

@Suite struct KeyMapTests {
    @Test func defaultsAreVimLikePlusArrows() {
        let k = KeyMap.defaults
        #expect(k.command(for: .character("h")) == "seek -5")
        #expect(k.command(for: .named(.left)) == "seek -5")
        #expect(k.command(for: .named(.space)) == "play-pause")
        #expect(k.command(for: .control("r")) == "redo")
        #expect(k.command(for: .character("?")) == "help")
        #expect(k.bindings.first?.key == .named(.space))  // file order kept for the help overlay
    }

    @Test func userFileOverridesAddsAndUnbinds() throws {
        var k = KeyMap.defaults
        try k.merge(toml: """
            [keys]
            "x" = "seek +1"
            "h" = "none"
            "space" = "stop"
            """, source: "keys.toml")
        #expect(k.command(for: .character("x")) == "seek +1")
        #expect(k.command(for: .character("h")) == nil)
        #expect(k.command(for: .named(.space)) == "stop")
        #expect(k.command(for: .named(.left)) == "seek -5")
    }

    @Test func badFilesNameTheFileAndTheProblem() {
        var k = KeyMap.defaults
        #expect(throws: KeyMapError(file: "k.toml", problem: "keys.x: zoom: use in, out, fit")) {
            try k.merge(toml: "[keys]\n\"x\" = \"zoom far\"\n", source: "k.toml")
        }
        #expect(throws: KeyMapError(file: "k.toml", problem: "\"ctrl+x\" is not a key name (examples: a, A, C-r, space, left, f1)")) {
            try k.merge(toml: "[keys]\n\"ctrl+x\" = \"q\"\n", source: "k.toml")
        }
        #expect(throws: KeyMapError(file: "k.toml", problem: "missing [keys] table")) {
            try k.merge(toml: "x = 1\n", source: "k.toml")
        }
    }

    @Test func loadFallsBackToDefaultsOnABrokenFile() throws {
        let path = NSTemporaryDirectory() + "kanade-keys-\(UUID().uuidString).toml"
        try "[keys\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (map, error) = KeyMap.load(userFile: path)
        #expect(map == KeyMap.defaults)
        #expect(error?.file == path)
        let (missing, none) = KeyMap.load(userFile: path + ".absent")
        #expect(missing == KeyMap.defaults && none == nil)
    }

    @Test func keyNamesRoundTrip() {
        for name in ["a", "A", "C-r", "space", "esc", "left", "f5", "$", "backtab"] {
            #expect(KeyPress(name: name)?.description == name)
        }
        #expect(KeyPress(name: "S-tab") == .named(.backtab))
        #expect(KeyPress(name: "ab") == nil)
    }
}
