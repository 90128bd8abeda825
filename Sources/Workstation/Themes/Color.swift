/// A colour as a theme names it: the terminal's default, one of the 256 palette entries, or 24-bit RGB.
///
/// The terminal backend degrades a colour to what the terminal can show (truecolor → 256 → 8).
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    /// A palette entry: 0–7 the basic colours, 8–15 bright, 16–231 the 6×6×6 cube, 232–255 greys.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The eight basic colour names, in palette order.
    public static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `#rrggbb`, a palette number `0`–`255`, a basic name (`red`, `bright-red`) or `default`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "none" { self = .default; return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)); return
        }
        if let n = Int(t), (0...255).contains(n) { self = .indexed(UInt8(n)); return }
        let bright = t.hasPrefix("bright-")
        let base = bright ? String(t.dropFirst(7)) : t
        if let i = Color.basicNames.firstIndex(of: base) { self = .indexed(UInt8(i + (bright ? 8 : 0))); return }
        return nil
    }

    /// The colour as approximate RGB, for blending and for degrading to a smaller palette.
    public var rgbComponents: (r: UInt8, g: UInt8, b: UInt8)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .indexed(let i): return Color.paletteRGB(Int(i))
        }
    }

    /// xterm's RGB for a palette entry.
    static func paletteRGB(_ i: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let basic: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if i < 16 { return basic[i] }
        if i < 232 {
            let c = i - 16
            let level: (Int) -> UInt8 = { $0 == 0 ? 0 : UInt8(55 + 40 * $0) }
            return (level(c / 36), level((c / 6) % 6), level(c % 6))
        }
        let g = UInt8(8 + 10 * (i - 232))
        return (g, g, g)
    }

    /// The nearest entry of the 256-colour palette (cube or grey ramp).
    public var nearest256: Color {
        guard case .rgb(let r, let g, let b) = self else { return self }
        func cube(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (cr, cg, cb) = (cube(r), cube(g), cube(b))
        let cubeIndex = 16 + 36 * cr + 6 * cg + cb
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = avg > 238 ? 255 : avg < 8 ? 232 : 232 + (avg - 8) / 10
        func dist(_ i: Int) -> Int {
            let p = Color.paletteRGB(i)
            let dr = Int(p.r) - Int(r), dg = Int(p.g) - Int(g), db = Int(p.b) - Int(b)
            return dr * dr + dg * dg + db * db
        }
        return .indexed(UInt8(dist(greyIndex) < dist(cubeIndex) ? greyIndex : cubeIndex))
    }

    /// The nearest of the first `count` palette entries (8 or 16), for small terminals like `TERM=linux`.
    public func nearestBasic(count: Int) -> Color {
        switch self {
        case .default: return self
        case .indexed(let i) where Int(i) < count: return self
        default:
            guard let c = rgbComponents else { return self }
            var best = 0, bestDistance = Int.max
            for i in 0..<count {
                let p = Color.paletteRGB(i)
                let dr = Int(p.r) - Int(c.r), dg = Int(p.g) - Int(c.g), db = Int(p.b) - Int(c.b)
                let d = dr * dr + dg * dg + db * db
                if d < bestDistance { bestDistance = d; best = i }
            }
            return .indexed(UInt8(best))
        }
    }

    /// A colour `t` (0…1) of the way from `a` to `b`, in RGB.
    public static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        guard let x = a.rgbComponents, let y = b.rgbComponents else { return t < 0.5 ? a : b }
        func lerp(_ p: UInt8, _ q: UInt8) -> UInt8 { UInt8((Double(p) + (Double(q) - Double(p)) * t).rounded()) }
        return .rgb(lerp(x.r, y.r), lerp(x.g, y.g), lerp(x.b, y.b))
    }
}
