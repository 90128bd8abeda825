import Foundation
import Music

/// The instrument a track plays, as a value: saved in the session, the same for live playback and export.
///
/// A patch of the built-in synth, a General MIDI program from a SoundFont through libfluidsynth, or a point of the
/// morph grid. Written as one short word: `lead`, `sine`, a family (`piano`, `bass` …), `gm:N` for a General MIDI
/// program's family patch of the built-in synth, `sf:N` for program N from the SoundFont (`SoundFontSynth`),
/// `sf:drums` for the SoundFont's GM drum kit, or `morph:A,B,C,D@X,Y[#NAME]` for a morph-grid point played by a
/// `SampledSynth` (its notes from `MorphSamples`).
public enum InstrumentChoice: Sendable, Hashable {
    /// A named built-in patch (`lead`, `sine`).
    case patch(String)
    /// The family patch of a General MIDI program (0–127).
    case generalMIDI(program: Int)
    /// General MIDI program 0–127 from the SoundFont (`sf:N`).
    case soundFont(program: Int)
    /// The SoundFont's General MIDI drum kit on channel 10 (`sf:drums`).
    case soundFontDrums
    /// A point of the morph grid (`morph:A,B,C,D@X,Y#NAME`).
    case morph(MorphSpec)

    /// Names of the built-in patches.
    public static let patchNames = ["lead", "sine"]

    /// Family names and the General MIDI program each stands for.
    public static let families: [(name: String, program: Int)] = [
        ("piano", 0), ("organ", 16), ("guitar", 24), ("bass", 32), ("strings", 48), ("brass", 56), ("reed", 64), ("pad", 88),
    ]

    /// Every word `InstrumentChoice(parsing:)` takes besides `gm:N`, for completion and help.
    public static var words: [String] { patchNames + families.map(\.name) }

    /// What a track plays when nobody chose: its General MIDI program's family patch (what files ask for), or
    /// the SoundFont's drum kit for a drum track (channel 10).
    public static func `default`(for track: Track) -> InstrumentChoice {
        track.isDrums ? .soundFontDrums : .generalMIDI(program: track.program)
    }

    /// Parses `lead`, `piano`, `gm:33`, a bare program number `33`, `sf:33`, `sf:drums` or `morph:A,B,C,D@X,Y`.
    public init(parsing text: String) throws(InstrumentChoiceError) {
        if text.lowercased().hasPrefix("morph:") {
            do { self = .morph(try MorphSpec(parsing: String(text.dropFirst(6)))) } catch {
                throw InstrumentChoiceError(text: text, problem: error.problem)
            }
            return
        }
        let word = text.lowercased()
        if word == "sf:drums" { self = .soundFontDrums; return }
        if word.hasPrefix("sf:") {
            guard let program = Int(word.dropFirst(3)), (0...127).contains(program) else { throw InstrumentChoiceError(text: text) }
            self = .soundFont(program: program)
            return
        }
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
        case .soundFont(let program): return "sf:\(program)"
        case .soundFontDrums: return "sf:drums"
        case .morph(let spec): return "morph:\(spec)"
        }
    }

    /// How the screen names it: a family's word where the program is the one the word stands for
    /// (`bass`), else the saved name (`gm:33`, `lead`).
    public var displayName: String {
        if case .generalMIDI(let program) = self, let family = Self.families.first(where: { $0.program == program }) {
            return family.name
        }
        if case .morph(let spec) = self {
            return spec.label.map { "morph:" + $0 } ?? "morph \(MorphSpec.number(spec.x)),\(MorphSpec.number(spec.y))"
        }
        return name
    }

    /// The synth patch it plays (for a SoundFont choice, the built-in stand-in used when the SoundFont fails).
    public var patch: Patch {
        switch self {
        case .patch("sine"): return .sine
        case .patch: return .lead
        case .generalMIDI(let program), .soundFont(let program): return .generalMIDI(program: program)
        case .soundFontDrums, .morph: return .lead
        }
    }

    /// The SoundFont `sf:` choices play: `$KANADE_SOUNDFONT` when set, else Debian's `fluid-soundfont-gm`.
    public static var soundFontPath: String {
        ProcessInfo.processInfo.environment["KANADE_SOUNDFONT"] ?? SoundFontSynth.defaultSoundFont
    }

    /// A new instrument for this choice (not yet prepared). A SoundFont or morph point that cannot be used makes
    /// the built-in stand-in instead; `makeInstrumentChecked` says why.
    public func makeInstrument() -> PlayedInstrument { (try? makeInstrumentChecked()) ?? PlayedInstrument(PolySynth(patch: patch)) }

    /// A new instrument for this choice, or the problem: a `SoundFontError` naming the file, or for a morph point
    /// why its notes could not be made. A morph point not yet made takes the timbre model's time (about a second).
    public func makeInstrumentChecked(soundFont path: String = InstrumentChoice.soundFontPath) throws -> PlayedInstrument {
        switch self {
        case .soundFont(let program): return PlayedInstrument(try SoundFontSynth(program: program, soundFont: path))
        case .soundFontDrums: return PlayedInstrument(try SoundFontSynth(program: 0, drums: true, soundFont: path))
        case .morph(let spec): return PlayedInstrument(SampledSynth(notes: try MorphSamples.notes(for: spec)))
        default: return PlayedInstrument(PolySynth(patch: patch))
        }
    }
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
    /// What is wrong with a `morph:` point; nil for a word that names nothing.
    public var problem: String?
    /// An error.
    public init(text: String, problem: String? = nil) { self.text = text; self.problem = problem }
    public var description: String {
        if let problem { return "\(text): \(problem)" }
        return "no instrument \"\(text)\" (have: \(InstrumentChoice.words.joined(separator: ", ")), gm:0–gm:127, sf:0–sf:127, sf:drums, morph:A,B,C,D@X,Y)"
    }
}
