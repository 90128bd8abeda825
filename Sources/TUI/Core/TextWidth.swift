import CNcursesw

/// How many cells a grapheme takes on screen: 2 for wide (CJK, most emoji), 0 for non-printing, else 1.
func cellWidth(of glyph: Character) -> Int {
    guard let scalar = glyph.unicodeScalars.first else { return 0 }
    if scalar.isASCII { return scalar.value >= 0x20 && scalar.value != 0x7F ? 1 : 0 }
    let w = cn_wcwidth(scalar.value)
    if w >= 0 { return Int(w) }
    // Without a locale wcwidth knows nothing: fall back on the East Asian wide blocks.
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
         0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
        return 2
    default:
        return 1
    }
}
