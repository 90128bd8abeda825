/// The ncurses calls the terminal backend makes, one method per call, so tests can replace them
/// (as swift-system routes syscalls through mockable wrappers). `LiveCurses` calls the real library.
public protocol Curses: AnyObject {
    /// `setlocale(LC_ALL, "")`; returns whether the locale is UTF-8.
    func setLocaleFromEnvironment() -> Bool
    /// `newterm(NULL, stdout, stdin)` + `set_term`; false if the terminal type is unknown.
    func startScreen() -> Bool
    /// `raw`, `noecho`, `nonl`, `keypad(stdscr, TRUE)`, `curs_set(0)`, `set_escdelay(ms)`.
    func setInputModes(escapeDelayMilliseconds: Int32)
    /// `has_colors` + `start_color` + `use_default_colors`; returns `COLORS` (0 without colour).
    func startColors() -> Int
    /// `mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION)` + `mouseinterval(0)`.
    func enableMouse()
    /// `getmaxyx(stdscr)`.
    func screenSize() -> (width: Int, height: Int)
    /// `timeout(0)` + `get_wch`: nil for nothing, else the value and whether it is a `KEY_*` code.
    func readKey() -> (value: UInt32, isKeyCode: Bool)?
    /// `getmouse`: button state bits and cell.
    func readMouse() -> (buttons: UInt, x: Int, y: Int)?
    /// `alloc_pair(fg, bg)` with colour numbers (-1 = default).
    func colorPair(fg: Int32, bg: Int32) -> Int32
    /// `setcchar` + `mvadd_wch`.
    func putCell(y: Int32, x: Int32, scalars: [UInt32], attributes: UInt32, pair: Int32)
    /// `wnoutrefresh` + `doupdate`.
    func refresh()
    /// `clearok` + `erase`: repaint everything on the next refresh.
    func clearScreen()
    /// `endwin` (only once).
    func endScreen()
    /// `A_BOLD`, `A_DIM`, `A_REVERSE`, `A_UNDERLINE` bits.
    var attributeBits: (bold: UInt32, dim: UInt32, reverse: UInt32, underline: UInt32) { get }
    /// `KEY_*` codes the decoder needs.
    var keyCodes: KeyCodes { get }
    /// `BUTTONn_*` mask bits the decoder needs.
    var mouseBits: MouseBits { get }
}

/// ncurses `KEY_*` values (read from the library, never hard-coded).
public struct KeyCodes: Sendable {
    public var up, down, left, right, home, end, pageUp, pageDown, backspace, delete, insert, enter: UInt32
    public var backTab, resize, mouse, f0: UInt32
    /// Creates the table.
    public init(up: UInt32, down: UInt32, left: UInt32, right: UInt32, home: UInt32, end: UInt32, pageUp: UInt32,
                pageDown: UInt32, backspace: UInt32, delete: UInt32, insert: UInt32, enter: UInt32,
                backTab: UInt32, resize: UInt32, mouse: UInt32, f0: UInt32) {
        self.up = up; self.down = down; self.left = left; self.right = right; self.home = home; self.end = end
        self.pageUp = pageUp; self.pageDown = pageDown; self.backspace = backspace; self.delete = delete
        self.insert = insert; self.enter = enter; self.backTab = backTab; self.resize = resize
        self.mouse = mouse; self.f0 = f0
    }
}

/// ncurses `BUTTON*` mask bits.
public struct MouseBits: Sendable {
    public var press1, release1, click1, press2, press3, wheelUp, wheelDown, position: UInt
    /// Creates the table.
    public init(press1: UInt, release1: UInt, click1: UInt, press2: UInt, press3: UInt, wheelUp: UInt,
                wheelDown: UInt, position: UInt) {
        self.press1 = press1; self.release1 = release1; self.click1 = click1; self.press2 = press2
        self.press3 = press3; self.wheelUp = wheelUp; self.wheelDown = wheelDown; self.position = position
    }
}
