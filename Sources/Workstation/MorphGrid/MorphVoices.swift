import AudioIO
import Foundation
import Models
import Synchronization
import Synth

/// Morph points made audible: corner words resolved to the timbre model's latent points, the corners weighted
/// (`CornerBlend`, `Models.TimbrePoint`), and a note generated for every pitch the model knows. What the grid pane, the tracks
/// that play `morph:` instruments, `kanade morph` and `kanade render --instrument morph:…` all use.
public final class MorphVoices: Sendable {
    /// The model.
    public let timbre: TimbreGenerator
    /// Fade-in at the start of each note (the generated notes start away from zero: a click).
    public static let fadeInSeconds = 0.003
    /// Latent points encoded from WAV corners, by path.
    private let encoded = Mutex<[String: [Float]]>([:])

    /// Voices over a loaded model.
    public init(timbre: TimbreGenerator) { self.timbre = timbre }

    /// The bundled model's voices, loaded on first use (nil result: the load's error, every time asked).
    public static func shared() throws -> MorphVoices {
        switch sharedResult {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }
    private static let sharedResult: Result<MorphVoices, any Error> = Result { MorphVoices(timbre: try TimbreGenerator()) }

    /// Makes `MorphSamples` (and so every `morph:` instrument) use the bundled model. Only the first call
    /// installs (later ones keep the notes already made).
    public static func install() { _ = installed }
    private static let installed: Void = MorphSamples.install { spec in try MorphVoices.shared().notes(for: spec) }

    // MARK: Corners

    /// The GM family of each program name the model's instruments are named after (`flute` → `pipe`): a corner
    /// can be asked for by family.
    public static let families: [String: String] = [
        "acoustic-grand-piano": "piano", "electric-piano-1": "piano",
        "vibraphone": "chromatic-percussion", "tubular-bells": "chromatic-percussion",
        "drawbar-organ": "organ", "church-organ": "organ",
        "nylon-guitar": "guitar", "overdriven-guitar": "guitar",
        "acoustic-bass": "bass", "synth-bass-1": "bass",
        "violin": "strings", "cello": "strings",
        "string-ensemble-1": "ensemble", "choir-aahs": "ensemble",
        "trumpet": "brass", "french-horn": "brass",
        "alto-sax": "reed", "clarinet": "reed",
        "flute": "pipe", "pan-flute": "pipe",
        "square-lead": "synth-lead", "saw-lead": "synth-lead",
        "new-age-pad": "synth-pad", "warm-pad": "synth-pad",
        "sitar": "ethnic", "banjo": "ethnic",
    ]

    /// What a corner word can be besides a full name: program names, family words and `random`, for completion.
    public var cornerWords: [String] {
        let programs = Set(timbre.instrumentNames.map { String($0.split(separator: ".").first ?? "") })
        return (timbre.instrumentNames + programs.sorted() + Set(Self.families.values).sorted() + [Self.random])
    }

    /// The corner word for a new random timbre; it is kept as `random:SEED`, which always makes the same one.
    public static let random = "random"

    /// The seed of a `random:SEED` corner word; nil for any other word.
    public static func randomSeed(_ word: String) -> UInt64? {
        let w = word.lowercased()
        guard w.hasPrefix(random + ":") else { return nil }
        return UInt64(w.dropFirst(random.count + 1))
    }

    /// The latent of `random:SEED`: `size` draws from the generator's prior N(0, I) (SplitMix64, Box–Muller), the
    /// same on every run for the same seed.
    public static func priorLatent(seed: UInt64, size: Int) -> [Float] {
        var state = seed
        func next() -> Double {           // SplitMix64 → a double in (0, 1)
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / Double(1 << 53)
        }
        var z: [Float] = []
        while z.count < size {
            let r = (-2 * log(next())).squareRoot(), angle = 2 * Double.pi * next()
            z.append(Float(r * cos(angle)))
            if z.count < size { z.append(Float(r * sin(angle))) }
        }
        return z
    }

    /// A corner word as it is kept: a full instrument name for a program or family word, `random:SEED` (a new
    /// seed) for `random`, anything else as it is (a WAV path, or a word `latent(corner:)` will refuse).
    public func resolved(corner word: String) -> String {
        if Self.isRecording(word) || Self.randomSeed(word) != nil { return word }
        if word.lowercased() == Self.random { return Self.random + ":" + String(UInt64.random(in: 1...99_999)) }
        return instrumentName(for: word) ?? word
    }

    /// The instrument a corner word names: a full name (`flute.fluidr3`), a program (`flute`: its first
    /// soundfont), or a family (`brass`: the family's first instrument); nil for a WAV path or a word that
    /// names nothing.
    public func instrumentName(for word: String) -> String? {
        let names = timbre.instrumentNames
        let w = word.lowercased()
        if names.contains(w) { return w }
        if let byProgram = names.first(where: { $0.hasPrefix(w + ".") }) { return byProgram }
        if let byFamily = names.first(where: { Self.families[String($0.split(separator: ".").first ?? "")] == w }) {
            return byFamily
        }
        return nil
    }

    /// Whether a corner word is a recording (a path ending in `.wav`).
    public static func isRecording(_ word: String) -> Bool { word.lowercased().hasSuffix(".wav") }

    /// The latent point of a corner: a named instrument's, a one-note WAV file's through the encoder, or a
    /// random timbre's (`random:SEED`).
    public func latent(corner word: String) throws(MorphError) -> [Float] {
        if Self.isRecording(word) { return try latent(recording: word) }
        if let seed = Self.randomSeed(word) { return Self.priorLatent(seed: seed, size: timbre.latentSize) }
        if word.lowercased() == Self.random {
            throw MorphError("random: a random corner needs its seed here (random:42); `:morph corner N random` and `kanade morph` draw one")
        }
        if word.lowercased().hasPrefix(Self.random + ":") {
            throw MorphError("\(word): a random corner's seed is a whole number (random:42); `random` alone draws a new one")
        }
        guard let name = instrumentName(for: word), let z = timbre.latent(named: name) else {
            let stem = word.split(separator: ".").first.map(String.init) ?? word
            let close = timbre.instrumentNames.filter { $0.contains(stem) }.prefix(3)
            throw MorphError("\(word): no such instrument in the timbre model"
                             + (close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)")
                             + "; `kanade morph --list` names them")
        }
        return z
    }

    /// The latent point of a one-note recording: read, mixed to mono, resampled to the model's rate, checked to
    /// be one pitched note, and encoded.
    public func latent(recording path: String) throws(MorphError) -> [Float] {
        if let z = encoded.withLock({ $0[path] }) { return z }
        let z = try RecordedCorner.encode(path, with: timbre)
        encoded.withLock { $0[path] = z }
        return z
    }

    /// The timbre point of a morph point: its four corners' latents with their weights.
    public func point(of spec: MorphSpec) throws(MorphError) -> TimbrePoint {
        guard spec.corners.count == 4 else { throw MorphError("a morph point needs four corners, not \(spec.corners.count)") }
        var latents: [[Float]] = []
        for corner in spec.corners { latents.append(try latent(corner: corner)) }
        return CornerBlend.point(x: spec.x, y: spec.y, corners: latents)
    }

    // MARK: Notes

    /// One note of `point` at `pitch` (the model's 4 s at its rate, faded in).
    public func note(point: TimbrePoint, pitch: Int) -> [Float] {
        var x = timbre.note(point: point, pitch: pitch)
        let n = min(x.count, Int(Self.fadeInSeconds * Double(timbre.sampleRate)))
        for i in 0..<n { x[i] *= Float(i) / Float(n) }
        return x
    }

    /// The notes of `point` at `pitches` (every pitch the model knows by default), made on up to `threads` threads.
    public func notes(point: TimbrePoint, pitches: [Int]? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [SampledNote] {
        let keys = pitches ?? Array(timbre.pitches)
        let rate = Double(timbre.sampleRate)
        let made = Mutex([Int: [Float]]())
        let workers = max(1, min(threads, keys.count))
        TimbreGenerator.withOneBLASThread {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: keys.count, by: workers) {
                    let samples = note(point: point, pitch: keys[i])
                    made.withLock { $0[i] = samples }
                }
            }
        }
        let samples = made.withLock { $0 }
        return keys.indices.map { SampledNote(samples: samples[$0]!, sampleRate: rate, pitch: keys[$0]) }
    }

    /// The peak the loudest note of an instrument is scaled to (`notes(for:)`): the model's notes come out
    /// quiet (version 3's peak at a median 0.18, at most 0.80, as the renders it learned from; version 2's at
    /// 0.02–0.2), which at velocity 100 sat up to 20 dB under the built-in lead patch; at 0.3 a morph instrument
    /// sits beside it (velocity 100: about 0.19).
    public static let instrumentPeak: Float = 0.3

    /// Every pitch of a morph point, as an instrument plays them: levelled together so the loudest note peaks at
    /// `instrumentPeak` (the balance between pitches is the model's).
    public func notes(for spec: MorphSpec) throws(MorphError) -> [SampledNote] {
        var made = notes(point: try point(of: spec))
        let peak = made.map { $0.samples.reduce(0) { max($0, abs($1)) } }.max() ?? 0
        guard peak > 1e-6 else { return made }
        let gain = Self.instrumentPeak / peak
        for i in made.indices { made[i].samples = made[i].samples.map { $0 * gain } }
        return made
    }

    /// A timbre feature of each point of an n × n grid (`CornerBlend.gridPoints`): the spectral centroid, in Hz,
    /// of the held part of the note at `pitch`, read from the generator's magnitudes (no audio is made). What the
    /// grid pane shades its preview by.
    public func brightness(corners latents: [[Float]], resolution n: Int = 9, pitch: Int = 60,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        let points = CornerBlend.gridPoints(resolution: n)
        let out = Mutex([Double](repeating: 0, count: points.count))
        let workers = max(1, min(threads, points.count))
        TimbreGenerator.withOneBLASThread {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: points.count, by: workers) {
                    let point = CornerBlend.point(x: points[i].x, y: points[i].y, corners: latents)
                    let c = timbre.brightness(point: point, pitch: pitch)
                    out.withLock { $0[i] = c }
                }
            }
        }
        return out.withLock { $0 }
    }
}

/// A morph point or corner that cannot be used, in one line naming it.
public struct MorphError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
