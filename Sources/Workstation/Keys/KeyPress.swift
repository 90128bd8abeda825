/// One key as the key map names it: `a`, `A`, `space`, `enter`, `C-r`, `left`, `f1` …
public enum KeyPress: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (not space: that is `.named(.space)`).
    case character(Character)
    /// A letter typed with Ctrl held (`C-r`), stored lowercase.
    case control(Character)
    /// A key with a name.
    case named(NamedKey)

    /// Keys with names.
    public enum NamedKey: String, CaseIterable, Sendable {
        case space, enter, escape = "esc", tab, backtab, backspace, delete, insert
        case up, down, left, right, home, end, pageup, pagedown
        case f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12
    }

    /// The key's name in key maps and the help overlay.
    public var description: String {
        switch self {
        case .character(let c): return String(c)
        case .control(let c): return "C-\(c)"
        case .named(let n): return n.rawValue
        }
    }

    /// Parses a key name as written in `keys.toml`. Case matters for letters (`a` vs `A`).
    public init?(name: String) {
        if let n = NamedKey(rawValue: name.lowercased()) { self = .named(n); return }
        if name.lowercased() == "escape" { self = .named(.escape); return }
        if name.lowercased() == "s-tab" { self = .named(.backtab); return }
        if name.count == 3, name.lowercased().hasPrefix("c-"), let c = name.last, c.isLetter {
            self = .control(Character(c.lowercased())); return
        }
        if name.count == 1, let c = name.first, c != " " { self = .character(c); return }
        return nil
    }

    /// The text this key types into the command line, if any.
    public var typedText: String? {
        switch self {
        case .character(let c): return String(c)
        case .named(.space): return " "
        default: return nil
        }
    }
}
