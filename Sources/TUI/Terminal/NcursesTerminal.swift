import Workstation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal the workstation runs in, through ncursesw (wide characters, 256 colours, direct colour on
/// terminals whose terminfo has it — `TERM=xterm-direct` —, SGR mouse, `KEY_RESIZE`).
public final class NcursesTerminal: Terminal {
    private let curses: Curses
    private let wakeSignal: WakeSignal?
    private var decoder: InputDecoder
    private var pairs: [ColorKey: Int32] = [:]
    private var restored = false
    private let bits: (bold: UInt32, dim: UInt32, reverse: UInt32, underline: UInt32)
    public private(set) var capabilities: TerminalCapabilities
    public private(set) var size: (width: Int, height: Int)

    private struct ColorKey: Hashable { var fg: Color, bg: Color }

    /// Starts curses mode. `asciiOnly` forces ASCII glyphs even in a UTF-8 locale.
    /// Throws when the terminal type is unknown to terminfo.
    public init(curses: Curses = LiveCurses(), wake: WakeSignal? = nil, asciiOnly: Bool = false)
        throws(TerminalError) {
        self.curses = curses
        wakeSignal = wake
        let utf8 = curses.setLocaleFromEnvironment()
        guard curses.startScreen() else { throw TerminalError(problem: "unknown terminal type (check TERM)") }
        curses.setInputModes(escapeDelayMilliseconds: 25)
        let colors = curses.startColors()
        curses.enableMouse()
        capabilities = TerminalCapabilities(colors: colors, unicode: utf8 && !asciiOnly)
        size = curses.screenSize()
        bits = curses.attributeBits
        decoder = InputDecoder(keys: curses.keyCodes, mouse: curses.mouseBits)
        if let wake, curses is LiveCurses { ResizeSignal.install(waking: wake) }
    }

    deinit { restore() }

    public func write(_ cell: Cell, x: Int, y: Int) {
        var attributes: UInt32 = 0
        let a = cell.style.attributes
        if a.contains(.bold) { attributes |= bits.bold }
        if a.contains(.dim) { attributes |= bits.dim }
        if a.contains(.reverse) { attributes |= bits.reverse }
        if a.contains(.underline) { attributes |= bits.underline }
        // Without a UTF-8 locale ncursesw cannot show anything beyond ASCII: never send it.
        let glyph = capabilities.unicode ? cell.glyph : Glyphs.asciiFallback(cell.glyph)
        let scalars = glyph.unicodeScalars.map(\.value)
        curses.putCell(y: Int32(y), x: Int32(x), scalars: scalars, attributes: attributes, pair: pair(for: cell.style))
    }

    public func flush() { curses.refresh() }

    public func clear() { curses.clearScreen() }

    public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        if let e = readEvent() { return e }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
        if let w = wakeSignal { fds.append(pollfd(fd: w.readFD, events: Int16(POLLIN), revents: 0)) }
        let n = poll(&fds, nfds_t(fds.count), Int32(timeoutMilliseconds ?? -1))
        if n > 0, fds.count > 1, fds[1].revents != 0 {
            wakeSignal?.drain()
            return readEvent() ?? .wake
        }
        // n < 0 is EINTR from SIGWINCH: ncurses has queued KEY_RESIZE.
        return readEvent()
    }

    private func readEvent() -> InputEvent? {
        while let (value, isKeyCode) = curses.readKey() {
            let event = decoder.decode(value: value, isKeyCode: isKeyCode, mouseState: { curses.readMouse() },
                                       size: { curses.screenSize() })
            if case .resize(let w, let h) = event { size = (w, h) }
            if let event { return event }
        }
        return nil
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        ResizeSignal.uninstall()
        curses.endScreen()
    }

    /// The colour number ncurses gets for a colour on this terminal (-1: the terminal's default).
    func colorNumber(_ color: Color) -> Int32 {
        let colors = capabilities.colors
        if colors == 0 { return -1 }
        if colors >= 0x1000000 {
            // Direct colour: numbers below 8 are the ANSI colours, everything else is 0xRRGGBB.
            if case .indexed(let i) = color, i < 8 { return Int32(i) }
            guard let c = color.rgbComponents else { return -1 }
            return Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b)
        }
        let degraded = colors >= 256 ? color.nearest256 : color.nearestBasic(count: min(colors, 16))
        if case .indexed(let i) = degraded { return Int32(i) }
        return -1
    }

    private func pair(for style: Style) -> Int32 {
        let key = ColorKey(fg: style.fg, bg: style.bg)
        if let p = pairs[key] { return p }
        let p = capabilities.colors == 0 ? 0 : max(0, curses.colorPair(fg: colorNumber(style.fg), bg: colorNumber(style.bg)))
        pairs[key] = p
        return p
    }
}

/// The terminal could not be put into full-screen mode.
public struct TerminalError: Error, CustomStringConvertible {
    /// What went wrong.
    public var problem: String
    /// One line for stderr.
    public var description: String { "terminal: \(problem)" }
}
