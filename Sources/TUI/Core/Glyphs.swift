/// The characters the screen is drawn with: Unicode (braille, half blocks, box lines) or plain ASCII
/// for terminals whose locale is not UTF-8 (see docs/user-guide.md, "Glyphs").
public struct Glyphs: Sendable, Equatable {
    /// Whether braille and block characters are available.
    public var unicode: Bool
    /// Box lines.
    public var horizontal: Character, vertical: Character
    /// Box corners.
    public var topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
    /// The playhead drawn over a pane.
    public var playhead: Character
    /// Upper half block (spectrogram: fg = upper pixel, bg = lower pixel).
    public var upperHalf: Character
    /// Level meter steps from empty to full.
    public var meterSteps: [Character]
    /// Play and pause indicators.
    public var playing: String, paused: String

    /// Unicode line drawing, braille and blocks.
    public static let unicode = Glyphs(
        unicode: true, horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
        bottomRight: "┘", playhead: "│", upperHalf: "▀",
        meterSteps: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], playing: "▶", paused: "⏸")

    /// Seven-bit ASCII only.
    public static let ascii = Glyphs(
        unicode: false, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
        bottomRight: "+", playhead: "|", upperHalf: " ", meterSteps: [" ", ".", ":", "=", "#"],
        playing: ">", paused: "||")

    /// A braille cell from a 2×4 dot pattern: `dots[row][column]`, rows top to bottom.
    public static func braille(_ bits: UInt8) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
    }

    /// Bit of the braille dot at `row` (0–3) and `column` (0–1), as in ratatui's canvas.
    public static let brailleDots: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// A 7-bit stand-in for a character, for terminals whose locale is not UTF-8: the few non-ASCII characters
    /// the screen uses in text map to their look-alikes, anything else to `?`.
    public static func asciiFallback(_ ch: Character) -> Character {
        if ch.isASCII { return ch }
        switch ch {
        case "·", "—", "–", "─", "━": return "-"
        case "…": return "."
        case "×": return "x"
        case "▶": return ">"
        case "│", "┃", "╵": return "|"
        case "┌", "┐", "└", "┘": return "+"
        case "█", "▇", "▆", "▅": return "#"
        case "▄", "▃", "▂", "▁", "░": return "."
        case "▀", " ": return " "
        default: return "?"
        }
    }
}
