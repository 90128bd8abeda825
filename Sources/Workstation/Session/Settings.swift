/// Values changed with `:set KEY VALUE`.
public struct Settings: Sendable, Equatable {
    /// Seconds moved by `h`/`l` (and ×6 by `b`/`w`).
    public var seekStep: Double = 5
    /// Spectrogram: how many dB below the loudest bin map to the bottom of the colormap.
    public var dbRange: Double = 60
    /// Spectrogram frequency axis, in Hz.
    public var minHz: Double = 30, maxHz: Double = 16000
    /// Whether the view pages along with the playhead.
    public var follow = true
    /// `auto` (by locale), `unicode` or `ascii`.
    public var glyphs = "auto"

    /// Default settings.
    public init() {}

    /// Every key `:set` knows, with a one-line description, for completion and help.
    public static let keys: [(key: String, summary: String)] = [
        ("seek-step", "seconds moved by h/l (b/w move six times as far)"),
        ("db-range", "spectrogram dB range below the loudest bin (20–160)"),
        ("min-hz", "lowest frequency on the spectrogram axis"),
        ("max-hz", "highest frequency on the spectrogram axis"),
        ("follow", "on/off: the view pages along with the playhead"),
        ("glyphs", "auto/unicode/ascii: braille and blocks, or plain ASCII"),
    ]

    /// Applies `:set key value`, or returns what is wrong with it.
    public mutating func set(_ key: String, _ value: String) throws(CommandError) {
        func number(_ range: ClosedRange<Double>) throws(CommandError) -> Double {
            guard let v = Double(value), range.contains(v) else {
                throw CommandError("set \(key): \(value) is not a number in \(Int(range.lowerBound))…\(Int(range.upperBound))")
            }
            return v
        }
        switch key {
        case "seek-step": seekStep = try number(0.01...600)
        case "db-range": dbRange = try number(20...160)
        case "min-hz":
            let v = try number(1...20000)
            guard v < maxHz else { throw CommandError("set min-hz: must be below max-hz (\(Int(maxHz)))") }
            minHz = v
        case "max-hz":
            let v = try number(100...96000)
            guard v > minHz else { throw CommandError("set max-hz: must be above min-hz (\(Int(minHz)))") }
            maxHz = v
        case "follow":
            switch value {
            case "on", "true", "yes", "1": follow = true
            case "off", "false", "no", "0": follow = false
            default: throw CommandError("set follow: use on or off")
            }
        case "glyphs":
            guard ["auto", "unicode", "ascii"].contains(value) else {
                throw CommandError("set glyphs: use auto, unicode or ascii")
            }
            glyphs = value
        default:
            throw CommandError("set: no setting \"\(key)\" (have: \(Settings.keys.map(\.key).joined(separator: ", ")))")
        }
    }

    /// The current value of a key as `:set` would write it.
    public func value(of key: String) -> String? {
        switch key {
        case "seek-step": return trimmed(seekStep)
        case "db-range": return trimmed(dbRange)
        case "min-hz": return trimmed(minHz)
        case "max-hz": return trimmed(maxHz)
        case "follow": return follow ? "on" : "off"
        case "glyphs": return glyphs
        default: return nil
        }
    }
}

/// `5` rather than `5.0`.
func trimmed(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e12 ? String(Int(v)) : String(v) }
