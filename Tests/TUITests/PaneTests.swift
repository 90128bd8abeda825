import Foundation
import Testing
@testable import TUI
@testable import Workstation

@Suite struct WaveformPaneTests {
    @Test func fullScaleThenSilenceInBraille() {
        let s = loadedState(track(seconds: 2) { t, _ in t < 1 ? 1 : 0 })
        let b = renderInside(12, 5) { r, b in WaveformPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode)) }
        // Row 0: +1 is the top dot row. Row 2: zero is the middle of 16 dot rows. Column 0: the playhead at 0 s.
        #expect(b.text == """
            │⠉⠉⠉⠉⢹⡇
            │    ⢸⡇
            │    ⠈⠉⠉⠉⠉⠉⠉
            │
            ╵0:00.0
            """)
        #expect(b[0, 0].style.fg == Theme.builtIn.playhead)
        #expect(b[2, 0].style.fg == Theme.builtIn.waveform)
    }

    @Test func stereoLanesSelectionAndPlayhead() {
        var s = loadedState(track(seconds: 2, channels: 2) { t, c in c == 0 ? Float(sin(2 * .pi * t)) : -0.5 })
        _ = reduce(&s, .command(.seekTo(1)))
        _ = reduce(&s, .command(.select(TimeRange(0.5, 1.0))))
        let b = renderInside(20, 9) { r, b in WaveformPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode)) }
        #expect(b.text == """
            L⡿⠉⢿⡄     │⣾⠛⣷⣆
            ⣿⠁ ⠘⣷⡆   ⢠│   ⢿⡄
            ⠉   ⠉⣿⡀ ⢠⣼│   ⠘⣷  ⢀⣿
                 ⠸⣧⣤⡿⠉│    ⠉⢿⣤⣼⠇
            R         │
                      │
                      │
            ⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉│⠉⠉⠉⠉⠉⠉⠉⠉⠉
            ╵0:00.0   ╵0:01.0
            """)
        let theme = Theme.builtIn
        // 0.5–1.0 s is columns 5–9 of 20 (0.1 s each); the second lane is drawn in the second colour.
        for x in 0..<20 {
            #expect((b[x, 3].style.bg == theme.selection) == (5...9).contains(x), "column \(x)")
        }
        #expect(b[12, 7].style.fg == theme.waveformAlt)
        #expect(b[10, 4].style.fg == theme.playhead)
    }

    @Test func asciiGlyphsOnlyInANonUTF8Locale() {
        let s = loadedState(track(seconds: 2, channels: 2) { t, c in Float(sin(2 * .pi * t)) })
        let b = renderInside(20, 9) { r, b in WaveformPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .ascii)) }
        #expect(b.cells.allSatisfy { $0.glyph.isASCII })
        #expect(b.text.contains("|"))
    }

    @Test func zoomShowsLessTimeAcrossTheSameWidth() {
        var s = loadedState(track(seconds: 8) { _, _ in 0 })
        _ = reduce(&s, .command(.zoomIn))
        _ = reduce(&s, .command(.zoomIn))
        let b = renderInside(40, 4) { r, b in WaveformPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode)) }
        #expect(b.row(3).hasPrefix("╵0:00.0"))
        #expect(b.row(3).contains("0:01.0"))
        #expect(!b.row(3).contains("0:02.0"))  // 2 s visible: the 0:02 tick is past the edge
    }

    @Test func emptySessionSaysHowToOpenAFile() {
        let b = renderInside(50, 5) { r, b in WaveformPane.draw(in: r, buffer: &b, context: DrawContext(state: AppState(), glyphs: .unicode)) }
        #expect(b.text.contains("no audio — :open FILE"))
    }
}

@Suite struct SpectrogramPaneTests {
    let theme = Theme.builtIn

    func state(loudBand: Int) -> AppState {
        var s = loadedState(track(seconds: 10) { _, _ in 0 }, spectrogram: spectrogram(loudBand: loudBand))
        s.settings.minHz = 50
        s.settings.maxHz = 16000
        _ = reduce(&s, .command(.seekTo(5)))
        return s
    }

    @Test func loudBandIsBrightAtItsPitchAndLabelsAreNotes() {
        let s = state(loudBand: 3)  // 440 Hz
        let b = renderInside(40, 10) { r, b in SpectrogramPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode)) }
        #expect(b.text == """
                    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
                    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
            C8 4.2k ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
                    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
            C6 1.0k ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
                    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
            C4 262  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
                    ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
            C2 65   ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀
                    ╵0:00.0         ╵0:05.0
            """)
        let hot = theme.colormap.last!, cold = theme.colormap.first!
        // 18 pixel rows over log(16000/50): 440 Hz lies in pixel row 18·log(16000/440)/log(320) = 11.2 → cell row 5, lower half.
        // Bands are octaves, so pixels between 440 and 880 Hz also take band 3.
        var hotPixels: [Int] = []
        for row in 0..<9 {
            if b[10, row].style.fg == hot { hotPixels.append(2 * row) }
            if b[10, row].style.bg == hot { hotPixels.append(2 * row + 1) }
            #expect([hot, cold].contains(b[10, row].style.fg) && [hot, cold].contains(b[10, row].style.bg))
        }
        #expect(hotPixels == [9, 10, 11])
    }

    @Test func reBinsForZoomAndReusesTheImageWhileOnlyThePlayheadMoves() {
        var s = state(loudBand: 5)
        let cache = SpectrogramImageCache()
        func draw() -> CellBuffer {
            renderInside(40, 10) { r, b in SpectrogramPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode), cache: cache) }
        }
        let whole = draw()
        _ = reduce(&s, .command(.playPause))
        _ = reduce(&s, .transport(TransportStatus(isPlaying: true, position: 6, levels: [])))
        _ = draw()
        #expect(cache.hits == 1)
        _ = reduce(&s, .command(.zoomIn))
        let zoomed = draw()
        #expect(cache.hits == 1)
        #expect(zoomed.row(9) != whole.row(9))  // the ruler shows 5 s instead of 10 s
        #expect(zoomed.row(9).contains("0:04.0") && !zoomed.row(9).contains("0:00.0"))  // 3–8 s around the playhead at 6 s
    }

    @Test func showsProgressUntilTheSpectrogramArrives() {
        var s = AppState()
        _ = reduce(&s, .audioLoaded(jobID: 0, name: "x.wav", path: nil, audio: track(seconds: 1) { _, _ in 0 }))
        let job = s.jobs.first!.key
        _ = reduce(&s, .jobProgress(jobID: job, fraction: 0.42))
        let b = renderInside(40, 6) { r, b in SpectrogramPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: .unicode)) }
        #expect(b.row(3).contains("computing spectrogram… 42%"))
        #expect(b.row(4).contains("█████████████░"))
    }

    @Test func dbRangeMovesTheColourFloor() {
        var s = state(loudBand: 3)
        let narrow = SpectrogramPane.render(s.analyses[1]!.spectrogram!, key: key(s), theme: theme)
        s.settings.dbRange = 160  // -100 dB is now 100/160 of the way down, no longer the bottom colour
        let wide = SpectrogramPane.render(s.analyses[1]!.spectrogram!, key: key(s), theme: theme)
        #expect(narrow[0] == theme.colormap.first!)
        #expect(wide[0] != theme.colormap.first!)
    }

    func key(_ s: AppState) -> SpectrogramImageCache.Key {
        .init(trackID: 1, window: TimeRange(0, 10), width: 10, pixelRows: 10, minHz: s.settings.minHz,
              maxHz: s.settings.maxHz, dbRange: s.settings.dbRange, theme: theme.name, colormap: theme.colormap)
    }
}

@Suite struct FrameRendererTests {
    @Test func listenLayoutScreen() {
        let s = loadedState(track(seconds: 10) { _, _ in 0 }, spectrogram: spectrogram(loudBand: 3))
        let text = FrameRenderer().render(s, width: 60, height: 16, glyphs: .unicode).text
        #expect(text == """
            ┌─ Waveform · t.wav ───────────────────────────────────────┐
            ││                                                         │
            ││⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉│
            │╵0:00.0    ╵0:02.0     ╵0:04.0    ╵0:06.0     ╵0:08.0     │
            └──────────────────────────────────────────────────────────┘
            ┌─ Spectrogram · t.wav ────────────────────────────────────┐
            │        │▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│
            │C8 4.2k │▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│
            │C6 1.0k │▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│
            │C4 262  │▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│
            │        │▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│
            │C2 65   │▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀│
            │        ╵0:00.0   ╵0:02.0   ╵0:04.0   ╵0:06.0   ╵0:08.0   │
            └──────────────────────────────────────────────────────────┘
             ⏸ 0:00.00 / 0:10.00   [listen]  t.wav
            ? help  : command  space play  tab focus  1-6 layouts
            """)
    }

    @Test func tooSmallBelow40x12AndNotAtIt() {
        let r = FrameRenderer()
        let s = AppState()
        #expect(r.render(s, width: 39, height: 12, glyphs: .unicode).text.contains("Terminal too small"))
        #expect(r.render(s, width: 40, height: 11, glyphs: .unicode).text.contains("40×11, need 40×12"))
        #expect(r.render(s, width: 10, height: 2, glyphs: .ascii).text.hasPrefix("too small\n10x2"))
        _ = r.render(s, width: 1, height: 1, glyphs: .unicode)
        _ = r.render(s, width: 0, height: 0, glyphs: .unicode)
        let ok = r.render(s, width: 40, height: 12, glyphs: .unicode).text
        #expect(!ok.contains("too small") && ok.contains("Waveform"))
    }

    @Test func everyLayoutDrawsEveryPaneAtTheSmallestSize() {
        var s = loadedState(track(seconds: 3) { t, _ in Float(sin(t * 40)) }, spectrogram: spectrogram(loudBand: 2))
        for (i, layout) in Layout.builtIn.enumerated() {
            _ = reduce(&s, .command(.layout(layout.name)))
            for (w, h) in [(40, 12), (80, 24), (200, 50)] {
                let text = FrameRenderer().render(s, width: w, height: h, glyphs: .unicode).text
                #expect(!text.contains("too small"))
                for pane in layout.panes where w >= 80 {
                    #expect(text.contains("[\(layout.name)]"), "layout \(i) at \(w)×\(h)")
                    #expect(text.contains(pane.title), "\(pane.title) in \(layout.name) at \(w)×\(h)")
                }
            }
        }
    }

    @Test func focusedPaneHasTheFocusedBorderColour() {
        var s = AppState()
        _ = reduce(&s, .key(.named(.tab)))
        let b = FrameRenderer().render(s, width: 60, height: 16, glyphs: .unicode)
        #expect(b[0, 0].style.fg == s.theme.border)
        #expect(b[0, 5].style.fg == s.theme.borderFocused)
    }

    @Test func helpOverlayListsEveryBinding() {
        var s = AppState()
        _ = reduce(&s, .key(.character("?")))
        let lines = HelpOverlay.lines(for: s)
        for b in s.keyMap.bindings {
            #expect(lines.contains { $0.contains(b.command) && $0.contains(b.key.description) }, "\(b.key) → \(b.command)")
        }
        for spec in CommandSpec.all { #expect(lines.contains { $0.contains(":" + spec.usage) }) }
        let text = FrameRenderer().render(s, width: 80, height: 24, glyphs: .unicode).text
        #expect(text.contains("Help"))
        #expect(text.contains("space         play-pause"))
        #expect(text.contains("help — j/k scroll, esc closes"))
    }

    @Test func promptAndMessagesInTheBottomLine() {
        var s = AppState()
        _ = reduce(&s, .key(.character(":")))
        for ch in "theme mo" { _ = reduce(&s, .key(.character(ch))) }
        var text = FrameRenderer().render(s, width: 60, height: 16, glyphs: .unicode).text
        #expect(text.hasSuffix(":theme mo"))
        _ = reduce(&s, .key(.named(.escape)))
        _ = reduce(&s, .commandLine("zoom far"))
        let b = FrameRenderer().render(s, width: 60, height: 16, glyphs: .unicode)
        text = b.text
        #expect(text.hasSuffix("zoom: use in, out, fit"))
        #expect(b[0, 15].style.fg == s.theme.error)
    }

    @Test func statusBarShowsTransportTimeMeterSelectionLoopAndJobs() {
        var s = loadedState(track(seconds: 100) { _, _ in 0.5 })
        _ = reduce(&s, .command(.select(TimeRange(3, 7.5))))
        _ = reduce(&s, .command(.loopToggle))
        _ = reduce(&s, .command(.playPause))
        _ = reduce(&s, .transport(TransportStatus(isPlaying: true, position: 65.25, levels: [1.0, 0.01])))
        s.jobs[9] = AppState.Job(label: "loading b.wav", fraction: 0.5)
        let b = FrameRenderer().render(s, width: 120, height: 20, glyphs: .unicode)
        let status = b.row(18)
        #expect(status.hasPrefix(" ▶ 1:05.25 / 1:40.00 L██████ R█      "))  // −40 dB fills 1/6 of a 48 dB meter
        #expect(status.contains("[listen]  t.wav  loop  sel 0:03.00–0:07.50  loading b.wav 50%"))
        #expect(b[27, 18].style.fg == s.theme.meterHigh)  // the last cell of a full meter is red
    }

    @Test func placeholderPanesSayWhatTheyWillHold() {
        var s = AppState()
        _ = reduce(&s, .command(.layout("compose")))
        let text = FrameRenderer().render(s, width: 100, height: 30, glyphs: .unicode).text
        #expect(text.contains("Piano roll"))
        // The morph grid is no placeholder either: its corners and point.
        #expect(text.contains("1 flute") && text.contains("point 0.50, 0.50"), "\(text)")
        // The slider is no placeholder: with an empty slot A it says what to do.
        #expect(text.contains("A: slot A · 0 notes"))
        #expect(!text.contains("MelodyVAE"))
    }
}

@Suite struct MouseRouterTests {
    let state = loadedState(track(seconds: 10) { _, _ in 0 }, spectrogram: spectrogram(loudBand: 3))

    @Test func clickSeeksAndFocusesDragSelectsWheelZooms() {
        var router = MouseRouter()
        // 60×16: waveform box rows 0–4, inside x 1…58 (58 columns for 10 s).
        #expect(router.commands(for: MouseEvent(.press, x: 30, y: 2), state: state, width: 60, height: 16).isEmpty)
        let click = router.commands(for: MouseEvent(.release, x: 30, y: 2), state: state, width: 60, height: 16)
        guard case .seekTo(let t) = click.first else { Issue.record("expected seekTo, got \(click)"); return }
        #expect(abs(t - 29.0 / 58 * 10) < 1e-9)
        _ = router.commands(for: MouseEvent(.press, x: 11, y: 2), state: state, width: 60, height: 16)
        _ = router.commands(for: MouseEvent(.drag, x: 20, y: 2), state: state, width: 60, height: 16)
        let drag = router.commands(for: MouseEvent(.release, x: 1, y: 2), state: state, width: 60, height: 16)
        guard case .select(let r) = drag.first else { Issue.record("expected select, got \(drag)"); return }
        #expect(abs(r.start - 0) < 1e-9 && abs(r.end - 11.0 / 58 * 10) < 1e-9)
        let focus = router.commands(for: MouseEvent(.press, x: 30, y: 8), state: state, width: 60, height: 16)
        #expect(focus == [.focus(.spectrogram)])
        #expect(router.commands(for: MouseEvent(.wheelUp, x: 30, y: 8), state: state, width: 60, height: 16) == [.zoomIn])
        #expect(router.commands(for: MouseEvent(.press, x: 3, y: 14), state: state, width: 60, height: 16) == [.playPause])
    }

    @Test func nothingHappensOnATooSmallScreenOrUnderTheHelp() {
        var router = MouseRouter()
        #expect(router.commands(for: MouseEvent(.press, x: 3, y: 3), state: state, width: 30, height: 10).isEmpty)
        var help = state
        _ = reduce(&help, .key(.character("?")))
        #expect(router.commands(for: MouseEvent(.press, x: 3, y: 3), state: help, width: 60, height: 16).isEmpty)
    }
}
