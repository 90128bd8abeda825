import Workstation

/// Text attributes of a cell.
public struct Attributes: OptionSet, Hashable, Sendable {
    /// The bits.
    public let rawValue: UInt8
    /// Creates attributes from bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Bold (often also brighter).
    public static let bold = Attributes(rawValue: 1)
    /// Dim.
    public static let dim = Attributes(rawValue: 2)
    /// Foreground and background swapped.
    public static let reverse = Attributes(rawValue: 4)
    /// Underlined.
    public static let underline = Attributes(rawValue: 8)
}

/// Foreground, background and attributes: everything about a cell but its glyph.
public struct Style: Hashable, Sendable {
    /// Glyph colour.
    public var fg: Color
    /// Cell colour.
    public var bg: Color
    /// Bold, reverse …
    public var attributes: Attributes

    /// A style; defaults are the terminal's own colours.
    public init(fg: Color = .default, bg: Color = .default, attributes: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }

    /// The terminal's default look.
    public static let plain = Style()
}
