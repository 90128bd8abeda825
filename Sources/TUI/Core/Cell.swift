/// One character cell of the screen: a grapheme and its style.
///
/// A wide grapheme (CJK) occupies its cell and the next; the next holds `Cell.continuation`.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown in the cell.
    public var glyph: Character
    /// Colours and attributes.
    public var style: Style

    /// A cell showing `glyph` in `style`.
    public init(_ glyph: Character = " ", _ style: Style = .plain) {
        self.glyph = glyph; self.style = style
    }

    /// A blank cell in the terminal's default colours.
    public static let blank = Cell()
    /// The right half of a wide glyph: never written to the terminal itself.
    public static let continuation = Cell("\u{0}")
    /// Whether this cell is the right half of a wide glyph.
    public var isContinuation: Bool { glyph == "\u{0}" }
}
