import Foundation
import Testing
@testable import Workstation

let repositoryThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("themes").path

@Suite struct ThemeTests {
    @Test func everyShippedThemeParses() throws {
        let library = ThemeLibrary(folders: [repositoryThemes])
        let names = library.names()
        #expect(names == ["default", "gruvbox", "mono", "solarized-dark"])
        for name in names { _ = try library.load(name) }
    }

    @Test func builtInThemeIsTheDefaultFile() throws {
        let text = try String(contentsOfFile: repositoryThemes + "/default.toml", encoding: .utf8)
        #expect(text == Theme.builtInTOML)
    }

    @Test func monoUsesOnlyTheEightBasicColours() throws {
        let mono = try ThemeLibrary(folders: [repositoryThemes]).load("mono")
        let all = [mono.background, mono.text, mono.muted, mono.accent, mono.border, mono.borderFocused, mono.playhead,
                   mono.selection, mono.waveform, mono.waveformAlt, mono.ruler, mono.statusBackground, mono.statusText,
                   mono.error, mono.meterLow, mono.meterMid, mono.meterHigh] + mono.colormap
        for c in all {
            switch c {
            case .default: break
            case .indexed(let i): #expect(i < 8)
            case .rgb: Issue.record("mono has an RGB colour")
            }
        }
    }

    @Test func errorsNameTheThemeAndTheProblem() {
        #expect(throws: ThemeError(theme: "t", problem: "missing [ui] table")) { try Theme(toml: "name = \"t\"", name: "t") }
        var text = Theme.builtInTOML.replacingOccurrences(of: "text = \"#d0d0d0\"", with: "text = \"teal-ish\"")
        #expect(throws: ThemeError(theme: "t", problem: "ui.text = \"teal-ish\" is not a colour")) { try Theme(toml: text, name: "t") }
        text = Theme.builtInTOML.replacingOccurrences(of: "colormap = [", with: "colormap = [\"#000000\"]\nx = [")
        #expect(throws: ThemeError(theme: "t", problem: "spectrogram.colormap needs at least two colours")) { try Theme(toml: text, name: "t") }
        #expect(throws: ThemeError.self) { try ThemeLibrary(folders: [repositoryThemes]).load("nope") }
    }

    @Test func colormapInterpolatesBetweenStops() {
        var t = Theme.builtIn
        t.colormap = [.rgb(0, 0, 0), .rgb(200, 100, 0)]
        #expect(t.colormapColor(0) == .rgb(0, 0, 0))
        #expect(t.colormapColor(0.5) == .rgb(100, 50, 0))
        #expect(t.colormapColor(2) == .rgb(200, 100, 0))
    }
}

@Suite struct ColorTests {
    @Test func parsesEveryNotation() {
        #expect(Color(parsing: "#ff8000") == .rgb(255, 128, 0))
        #expect(Color(parsing: "42") == .indexed(42))
        #expect(Color(parsing: "red") == .indexed(1))
        #expect(Color(parsing: "bright-white") == .indexed(15))
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "#ff80") == nil)
        #expect(Color(parsing: "256") == nil)
    }

    @Test func degradesToSmallerPalettes() {
        #expect(Color.rgb(255, 0, 0).nearest256 == .indexed(196))
        #expect(Color.rgb(128, 128, 128).nearest256 == .indexed(244))
        #expect(Color.rgb(250, 10, 10).nearestBasic(count: 8) == .indexed(1))
        #expect(Color.rgb(10, 10, 10).nearestBasic(count: 8) == .indexed(0))
        #expect(Color.indexed(3).nearestBasic(count: 8) == .indexed(3))
        #expect(Color.default.nearest256 == .default)
    }
}
