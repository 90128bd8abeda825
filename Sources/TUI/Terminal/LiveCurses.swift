import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The real ncursesw library behind the `Curses` seam.
public final class LiveCurses: Curses {
    private var ended = false
    private var started = false

    /// The real library.
    public init() {}

    public func setLocaleFromEnvironment() -> Bool {
        setlocale(LC_ALL, "")
        return cn_locale_is_utf8() != 0
    }

    public func startScreen() -> Bool {
        // newterm, unlike initscr, returns NULL for an unknown TERM instead of exiting the process.
        guard let screen = cn_newterm() else { return false }
        set_term(screen)
        started = true
        return true
    }

    public func setInputModes(escapeDelayMilliseconds: Int32) {
        raw(); noecho(); nonl()
        keypad(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(escapeDelayMilliseconds)
    }

    public func startColors() -> Int {
        guard has_colors() else { return 0 }
        start_color()
        use_default_colors()
        return Int(cn_colors())
    }

    public func enableMouse() {
        mousemask(cn_all_mouse_events() | cn_report_mouse_position(), nil)
        mouseinterval(0)
    }

    public func screenSize() -> (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &y, &x)
        return (Int(x), Int(y))
    }

    public func readKey() -> (value: UInt32, isKeyCode: Bool)? {
        timeout(0)
        var ch: wint_t = 0
        let r = get_wch(&ch)
        if r == ERR { return nil }
        return (UInt32(ch), r == cn_key_code_yes())
    }

    public func readMouse() -> (buttons: UInt, x: Int, y: Int)? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        return (UInt(event.bstate), Int(event.x), Int(event.y))
    }

    public func colorPair(fg: Int32, bg: Int32) -> Int32 { alloc_pair(fg, bg) }

    public func putCell(y: Int32, x: Int32, scalars: [UInt32], attributes: UInt32, pair: Int32) {
        var wch: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &wch) { raw in
            let p = raw.bindMemory(to: wchar_t.self)
            for (i, s) in scalars.prefix(4).enumerated() { p[i] = wchar_t(bitPattern: s) }
        }
        _ = withUnsafePointer(to: &wch) { ptr in
            ptr.withMemoryRebound(to: wchar_t.self, capacity: 5) { cn_put_cell(y, x, $0, attributes, pair) }
        }
    }

    public func refresh() { wnoutrefresh(cn_stdscr()); doupdate() }

    public func clearScreen() { clearok(cn_stdscr(), true); werase(cn_stdscr()) }

    public func endScreen() {
        guard started, !ended else { return }
        ended = true
        endwin()
    }

    public var attributeBits: (bold: UInt32, dim: UInt32, reverse: UInt32, underline: UInt32) {
        (UInt32(cn_a_bold()), UInt32(cn_a_dim()), UInt32(cn_a_reverse()), UInt32(cn_a_underline()))
    }

    public var keyCodes: KeyCodes {
        KeyCodes(up: UInt32(KEY_UP), down: UInt32(KEY_DOWN), left: UInt32(KEY_LEFT), right: UInt32(KEY_RIGHT),
                 home: UInt32(KEY_HOME), end: UInt32(KEY_END), pageUp: UInt32(KEY_PPAGE),
                 pageDown: UInt32(KEY_NPAGE), backspace: UInt32(KEY_BACKSPACE), delete: UInt32(KEY_DC),
                 insert: UInt32(KEY_IC), enter: UInt32(KEY_ENTER), backTab: UInt32(KEY_BTAB),
                 resize: UInt32(KEY_RESIZE), mouse: UInt32(KEY_MOUSE), f0: UInt32(cn_key_f0()))
    }

    public var mouseBits: MouseBits {
        MouseBits(press1: UInt(cn_button1_pressed()), release1: UInt(cn_button1_released()),
                  click1: UInt(cn_button1_clicked()), press2: UInt(cn_button2_pressed()),
                  press3: UInt(cn_button3_pressed()), wheelUp: UInt(cn_button4_pressed()),
                  wheelDown: UInt(cn_button5_pressed()), position: UInt(cn_report_mouse_position()))
    }
}
