import Foundation
import Testing
@testable import TUI
@testable import Workstation

@Suite struct CellBufferTests {
    @Test func putClipsAndHandlesWideGlyphs() {
        var b = CellBuffer(width: 6, height: 2)
        let end = b.put("日本x", x: 0, y: 0)
        #expect(end == 5)
        #expect(b[1, 0].isContinuation)
        #expect(b.row(0) == "日本x ")
        b.put("abcdefgh", x: 2, y: 1)
        #expect(b.row(1) == "  abcd")
        b.put("zz", x: -1, y: 1)
        #expect(b.row(1) == "z abcd")
        b.put("ignored", x: 0, y: 5)
        #expect(b.text == "日本x\nz abcd")
    }

    @Test func boxDrawsCornersAndEdges() {
        var b = CellBuffer(width: 5, height: 3)
        b.box(b.bounds, style: .plain, glyphs: .unicode)
        #expect(b.text == "┌───┐\n│   │\n└───┘")
        b.box(b.bounds, style: .plain, glyphs: .ascii)
        #expect(b.text == "+---+\n|   |\n+---+")
    }

    @Test func brailleBitsFollowTheDotTable() {
        #expect(Glyphs.braille(0) == "\u{2800}")
        #expect(Glyphs.braille(0x01 | 0x08) == "⠉")
        #expect(Glyphs.braille(0xFF) == "⣿")
    }
}

@Suite struct ScreenTests {
    @Test func firstFrameIsFullThenOnlyChangesAreWritten() {
        let t = MemoryTerminal(width: 10, height: 4)
        var screen = Screen()
        var frame = CellBuffer(width: 10, height: 4)
        frame.put("hello", x: 0, y: 0)
        #expect(screen.present(frame, on: t) == 40)
        #expect(screen.present(frame, on: t) == 0)
        frame.put("j", x: 0, y: 0)
        frame[9, 3] = Cell("x", Style(fg: .indexed(1)))
        #expect(screen.present(frame, on: t) == 2)
        #expect(t.text == "jello\n\n\n         x")
        frame[9, 3] = Cell("x", Style(fg: .indexed(2)))  // a colour change alone is a change
        #expect(screen.present(frame, on: t) == 1)
        screen.invalidate()
        #expect(screen.present(frame, on: t) == 40)
        #expect(t.flushCount == 5)
    }

    @Test func aNewSizeRedrawsEverything() {
        let t = MemoryTerminal(width: 4, height: 2)
        var screen = Screen()
        screen.present(CellBuffer(width: 4, height: 2), on: t)
        t.resize(width: 6, height: 3)
        #expect(screen.present(CellBuffer(width: 6, height: 3), on: t) == 18)
    }
}

@Suite struct InputDecoderTests {
    let fake = FakeCurses()

    func decode(_ value: UInt32, keyCode: Bool = false, mouse: (UInt, Int, Int)? = nil,
                decoder: inout InputDecoder) -> InputEvent? {
        decoder.decode(value: value, isKeyCode: keyCode, mouseState: { mouse.map { ($0.0, $0.1, $0.2) } },
                       size: { (100, 40) })
    }

    @Test func charactersControlsAndNamedKeys() {
        var d = InputDecoder(keys: fake.keyCodes, mouse: fake.mouseBits)
        #expect(decode(UInt32(("a" as Unicode.Scalar).value), decoder: &d) == .key(.character("a")))
        #expect(decode(0x65E5, decoder: &d) == .key(.character("日")))
        #expect(decode(3, decoder: &d) == .key(.control("c")))
        #expect(decode(18, decoder: &d) == .key(.control("r")))
        #expect(decode(9, decoder: &d) == .key(.named(.tab)))
        #expect(decode(13, decoder: &d) == .key(.named(.enter)))
        #expect(decode(127, decoder: &d) == .key(.named(.backspace)))
        #expect(decode(27, decoder: &d) == .key(.named(.escape)))
        #expect(decode(32, decoder: &d) == .key(.named(.space)))
        #expect(decode(260, keyCode: true, decoder: &d) == .key(.named(.left)))
        #expect(decode(353, keyCode: true, decoder: &d) == .key(.named(.backtab)))
        #expect(decode(269, keyCode: true, decoder: &d) == .key(.named(.f5)))
        #expect(decode(410, keyCode: true, decoder: &d) == .resize(width: 100, height: 40))
        #expect(decode(999, keyCode: true, decoder: &d) == nil)
    }

    @Test func mousePressDragReleaseAndWheel() {
        var d = InputDecoder(keys: fake.keyCodes, mouse: fake.mouseBits)
        #expect(decode(409, keyCode: true, mouse: (0x10000000, 5, 5), decoder: &d) == nil)  // motion, no button
        #expect(decode(409, keyCode: true, mouse: (2, 3, 4), decoder: &d) == .mouse(MouseEvent(.press, x: 3, y: 4)))
        #expect(decode(409, keyCode: true, mouse: (0x10000000, 6, 4), decoder: &d) == .mouse(MouseEvent(.drag, x: 6, y: 4)))
        #expect(decode(409, keyCode: true, mouse: (1, 9, 4), decoder: &d) == .mouse(MouseEvent(.release, x: 9, y: 4)))
        #expect(decode(409, keyCode: true, mouse: (0x10000, 1, 1), decoder: &d) == .mouse(MouseEvent(.wheelUp, x: 1, y: 1)))
        #expect(decode(409, keyCode: true, mouse: (0x200000, 1, 1), decoder: &d) == .mouse(MouseEvent(.wheelDown, x: 1, y: 1)))
        #expect(decode(409, keyCode: true, mouse: nil, decoder: &d) == nil)
    }
}

@Suite struct NcursesTerminalTests {
    @Test func startsInOrderAndRestoresOnce() throws {
        let fake = FakeCurses()
        let t = try NcursesTerminal(curses: fake)
        #expect(fake.calls == ["setlocale", "newterm", "modes", "start_color", "mousemask"])
        #expect(t.capabilities == TerminalCapabilities(colors: 256, unicode: true))
        t.restore()
        t.restore()
        #expect(fake.calls.filter { $0 == "endwin" }.count == 1)
    }

    @Test func unknownTerminalIsAnError() {
        let fake = FakeCurses()
        fake.canStart = false
        #expect(throws: TerminalError.self) { try NcursesTerminal(curses: fake) }
    }

    @Test func nonUTF8LocaleMeansASCII() throws {
        let fake = FakeCurses()
        fake.utf8 = false
        #expect(try NcursesTerminal(curses: fake).capabilities.unicode == false)
        fake.utf8 = true
        #expect(try NcursesTerminal(curses: fake, asciiOnly: true).capabilities.unicode == false)
    }

    @Test func coloursDegradeToWhatTheTerminalHas() throws {
        let fake = FakeCurses()
        for (colors, expected) in [(256, Int32(196)), (8, 1), (0x1000000, 0xFF0000), (0, -1)] {
            fake.colors = colors
            let t = try NcursesTerminal(curses: fake)
            #expect(t.colorNumber(.rgb(255, 0, 0)) == expected)
            #expect(t.colorNumber(.default) == -1)
        }
        fake.colors = 0x1000000
        let direct = try NcursesTerminal(curses: fake)
        #expect(direct.colorNumber(.indexed(2)) == 2)
        #expect(direct.colorNumber(.indexed(196)) == 0xFF0000)
    }

    @Test func writesCellsWithPairsAndAttributesAndReusesPairs() throws {
        let fake = FakeCurses()
        let t = try NcursesTerminal(curses: fake)
        let style = Style(fg: .rgb(255, 0, 0), bg: .default, attributes: [.bold, .reverse])
        t.write(Cell("⣿", style), x: 3, y: 1)
        t.write(Cell("a", style), x: 4, y: 1)
        let c = fake.cells["3,1"]!
        #expect(c.scalars == [0x28FF])
        #expect(c.attributes == (1 << 21 | 1 << 18))
        #expect(fake.pairs[c.pair]! == (196, -1))
        #expect(fake.pairs.count == 1)
    }

    @Test func readsScriptedKeys() throws {
        let fake = FakeCurses()
        let t = try NcursesTerminal(curses: fake)
        fake.keys = [(UInt32(("q" as Unicode.Scalar).value), false), (410, true)]
        #expect(t.nextEvent(timeoutMilliseconds: 0) == .key(.character("q")))
        fake.size = (50, 20)
        #expect(t.nextEvent(timeoutMilliseconds: 0) == .resize(width: 50, height: 20))
        #expect(t.size == (50, 20))
    }
}

@Suite struct ASCIIFallbackTests {
    @Test func nonUTF8TerminalsGetOnlyASCII() throws {
        let fake = FakeCurses()
        fake.utf8 = false
        let t = try NcursesTerminal(curses: fake)
        t.write(Cell("…"), x: 0, y: 0)
        t.write(Cell("⣿"), x: 1, y: 0)
        t.write(Cell("a"), x: 2, y: 0)
        #expect(fake.cells["0,0"]!.scalars == [46])  // "."
        #expect(fake.cells["1,0"]!.scalars == [63])  // "?"
        #expect(fake.cells["2,0"]!.scalars == [97])
    }

    @Test func asciiFramesHaveNoOtherCharacters() {
        var s = loadedState(track(seconds: 3) { t, c in Float(sin(t * 30 + Double(c))) }, spectrogram: spectrogram(loudBand: 4))
        _ = reduce(&s, .command(.select(TimeRange(1, 2))))
        for layout in Layout.builtIn {
            _ = reduce(&s, .command(.layout(layout.name)))
            let b = FrameRenderer().render(s, width: 100, height: 30, glyphs: .ascii)
            // Text may carry a few non-ASCII characters (·, ×, …): the backend maps each to a look-alike.
            // Nothing may come out as "?".
            let offending = b.cells.enumerated().filter { Glyphs.asciiFallback($0.element.glyph) == "?" }
            #expect(offending.isEmpty, "\(layout.name): \(offending.prefix(3).map { String($0.element.glyph) })")
        }
    }
}
