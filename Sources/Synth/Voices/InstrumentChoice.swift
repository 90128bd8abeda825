import Music

/// The instrument a track plays, as a value: saved in the session, the same for live playback and export.
///
/// Today every choice is a patch of the built-in synth; SoundFont programs and morph-grid timbres join as new
/// cases with their features. Written as one short word: `lead`, `sine`, a family (`piano`, `bass` …) or
/// `gm:N` for a General MIDI program's family patch.
public enum InstrumentChoice: Sendable, Hashable {
    /// A named built-in patch (`lead`, `sine`).
    case patch(String)
    /// The family patch of a General MIDI program (0–127).
    case generalMIDI(program: Int)

    /// Names of the built-in patches.
    public static let patchNames = ["lead", "sine"]

    /// Family names and the General MIDI program each stands for.
    public static let families: [(name: String, program: Int)] = [
        ("piano", 0), ("organ", 16), ("guitar", 24), ("bass", 32), ("strings", 48), ("brass", 56), ("reed", 64), ("pad", 88),
    ]

    /// Every word `InstrumentChoice(parsing:)` takes besides `gm:N`, for completion and help.
    public static var words: [String] { patchNames + families.map(\.name) }

    /// What a track plays when nobody chose: its General MIDI program's family patch (what files ask for).
    public static func `default`(for track: Track) -> InstrumentChoice { .generalMIDI(program: track.program) }

    /// Parses `lead`, `piano`, `gm:33` or a bare program number `33`.
    public init(parsing text: String) throws(InstrumentChoiceError) {
        let word = text.lowercased()
        if Self.patchNames.contains(word) { self = .patch(word); return }
        if let family = Self.families.first(where: { $0.name == word }) { self = .generalMIDI(program: family.program); return }
        let number = word.hasPrefix("gm:") ? String(word.dropFirst(3)) : word
        guard let program = Int(number), (0...127).contains(program) else {
            throw InstrumentChoiceError(text: text)
        }
        self = .generalMIDI(program: program)
    }

    /// How it is written (and shown): `lead`, `gm:33`.
    public var name: String {
        switch self {
        case .patch(let name): return name
        case .generalMIDI(let program): return "gm:\(program)"
        }
    }

    /// How the screen names it: a family's word where the program is the one the word stands for
    /// (`bass`), else the saved name (`gm:33`, `lead`).
    public var displayName: String {
        if case .generalMIDI(let program) = self, let family = Self.families.first(where: { $0.program == program }) {
            return family.name
        }
        return name
    }

    /// The synth patch it plays.
    public var patch: Patch {
        switch self {
        case .patch("sine"): return .sine
        case .patch: return .lead
        case .generalMIDI(let program): return .generalMIDI(program: program)
        }
    }

    /// A new instrument for this choice (not yet prepared).
    public func makeInstrument() -> PolySynth { PolySynth(patch: patch) }
}

extension InstrumentChoice: Codable {
    /// Saved as its name.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try InstrumentChoice(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// A word that names no instrument.
public struct InstrumentChoiceError: Error, Equatable, CustomStringConvertible {
    /// What was given.
    public var text: String
    public var description: String {
        "no instrument \"\(text)\" (have: \(InstrumentChoice.words.joined(separator: ", ")), gm:0–gm:127)"
    }
}
