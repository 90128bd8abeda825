import Foundation
import Music
import Neural

/// Four-voice harmonisation and infill in the style of Bach's chorales: Kanade's Coconet
/// (Huang et al., "Counterpoint by Convolution", 2017; the Bach Doodle, 2019; docs/models/coconet.md).
///
/// The score is a roll of 16th steps with one pitch per voice (soprano, alto, tenor, bass) in MIDI 36–81.
/// Cells to write are filled by blocked Gibbs sampling with the annealed mask schedule of Yao et al.: at step n
/// a block of them, each with probability max(0.1, 0.9 − 0.8·n / (0.7·N)), is drawn again from the network
/// given all the others. More steps cost proportionally more time and give more coherent voices. Then the
/// voice-leading check (`VoiceLeading`) mends the parallel fifths and octaves the network wrote, unless asked not to.
///
/// ```swift
/// let coconet = try Harmonizer()
/// let satb = try coconet.harmonize(melody, gibbsSteps: 96, seed: 1)   // four tracks, the soprano untouched
/// ```
public struct Harmonizer: Sendable {
    /// The `kanade.version` this code reads.
    public static let version = 1
    /// The bundled model's name.
    public static let modelName = "coconet"
    static let configKeys = ["channels", "layers", "voices", "pitches", "lowest_pitch", "time_dilations",
                             "pitch_dilations", "steps_per_quarter"]
    /// Gibbs steps unless asked otherwise (the Bach Doodle's number).
    public static let defaultGibbsSteps = 96
    /// The longest roll harmonised at once: 64 bars of 16ths.
    public static let maximumSteps = 1024
    /// The voices, top down.
    public static let voiceNames = ["Soprano", "Alto", "Tenor", "Bass"]

    /// The model's metadata.
    public let info: ModelInfo
    /// The pitches the model writes (MIDI 36…81).
    public let pitchRange: ClosedRange<Int>
    let network: CoconetNetwork

    /// Loads the bundled (or `$KANADE_MODELS`) `coconet` model through `store`.
    public init(store: ModelStore = ModelStore()) throws(ModelError) {
        try self.init(try store.open(Self.modelName, version: Self.version, configKeys: Self.configKeys))
    }

    /// Builds the network from an opened model; tensors or config that do not fit are a `ModelError` naming the file.
    public init(_ model: Model) throws(ModelError) {
        let config = model.info.config
        info = model.info
        let lowest = try config.int("lowest_pitch"), count = try config.int("pitches")
        guard try config.int("voices") == CoconetNetwork.voices, try config.int("steps_per_quarter") == 4, count > 0 else {
            throw ModelError(file: model.info.path, .badMetadata(key: "kanade.config", "Coconet here reads 4 voices at 4 steps a quarter"))
        }
        pitchRange = lowest...(lowest + count - 1)
        network = try CoconetNetwork(model.weights, layers: try config.int("layers"), pitches: count,
                                     timeDilations: try config.ints("time_dilations"),
                                     pitchDilations: try config.ints("pitch_dilations"))
    }

    // MARK: Rolls

    /// The network's logits [4, steps, pitches] for a roll of MIDI pitches (any in-range value where not known).
    public func logits(roll: [[Int]], known: [[Bool]]) -> Tensor {
        network.logits(roll: roll.map { $0.map { index(of: $0) } }, known: known)
    }

    /// Fills the cells of `roll` (4 voices × steps, MIDI pitches) where `known` is false; known cells come back
    /// unchanged. Deterministic for a seed; `temperature` 0 takes the most likely pitch every time. `progress`
    /// hears the fraction done after each Gibbs step; when it answers false the sampling stops there and the
    /// cells keep what they had. `voiceLeading` runs the check for parallel fifths and octaves afterwards.
    public func infill(roll: [[Int]], known: [[Bool]], gibbsSteps: Int = defaultGibbsSteps, seed: UInt64,
                       temperature: Float = 0.99, voiceLeading: Bool = true,
                       progress: (Double) -> Bool = { _ in true }) -> [[Int]] {
        precondition(roll.count == 4 && known.count == 4 && roll.allSatisfy { $0.count == roll[0].count })
        let steps = roll[0].count
        var current = roll.map { $0.map { index(of: $0) } }
        let unknown = known.map { $0.map { !$0 } }
        var generator = SeededGenerator(seed: seed)
        var probabilities = [Float](repeating: 0, count: network.pitches)
        func draw(_ logits: Tensor, where cells: [[Bool]]) {
            let pitches = network.pitches
            logits.withUnsafeBufferPointer { l in
                for voice in 0..<4 {
                    for t in 0..<steps where cells[voice][t] {
                        // softmax(logits / temperature), then one draw by inverse CDF (Sampling.pick)
                        let row = l.baseAddress! + (voice * steps + t) * pitches
                        var top = -Float.infinity, best = 0
                        for p in 0..<pitches where row[p] > top { top = row[p]; best = p }
                        guard temperature > 0 else { current[voice][t] = best; continue }  // 0: the most likely
                        var total: Float = 0
                        for p in 0..<pitches {
                            probabilities[p] = Foundation.exp((row[p] - top) / temperature)
                            total += probabilities[p]
                        }
                        for p in 0..<pitches { probabilities[p] /= total }
                        current[voice][t] = Sampling.pick(probabilities, using: &generator)
                    }
                }
            }
        }
        var finished = true
        if unknown.joined().contains(true) {
            draw(network.logits(roll: current, known: known), where: unknown)
            for n in 0..<gibbsSteps {
                let p = Swift.max(0.1, 0.9 - Double(n) * 0.8 / (0.7 * Double(gibbsSteps)))
                var block = unknown
                var visible = known
                for voice in 0..<4 {
                    for t in 0..<steps where unknown[voice][t] {
                        block[voice][t] = Double(generator.nextUnit()) < p
                        visible[voice][t] = !block[voice][t]
                    }
                }
                if block.joined().contains(true) {
                    draw(network.logits(roll: current, known: visible), where: block)
                }
                guard progress(Double(n + 1) / Double(gibbsSteps)) else { finished = false; break }
            }
            if voiceLeading && finished { _ = repairParallels(&current, known: known) }
        }
        return current.map { $0.map { $0 + pitchRange.lowerBound } }
    }

    /// Alto, tenor and bass under `soprano` (MIDI pitch per 16th step); the soprano comes back as given.
    public func harmonize(soprano: [Int], gibbsSteps: Int = defaultGibbsSteps, seed: UInt64, voiceLeading: Bool = true,
                          progress: (Double) -> Bool = { _ in true }) -> [[Int]] {
        let roll = [soprano] + Array(repeating: Array(repeating: pitchRange.lowerBound, count: soprano.count), count: 3)
        let known = [Array(repeating: true, count: soprano.count)] + Array(repeating: Array(repeating: false, count: soprano.count), count: 3)
        return infill(roll: roll, known: known, gibbsSteps: gibbsSteps, seed: seed, voiceLeading: voiceLeading,
                      progress: progress)
    }

    // MARK: Notes

    /// A melody (one monophonic track) harmonised in four voices: four tracks named Soprano, Alto, Tenor and
    /// Bass. The soprano track holds the melody's own notes, unchanged; the others are made of the roll's
    /// pitches on the 16th grid, consecutive equal pitches joined into one note.
    public func harmonize(_ melody: NoteSequence, gibbsSteps: Int = defaultGibbsSteps, seed: UInt64,
                          voiceLeading: Bool = true,
                          progress: (Double) -> Bool = { _ in true }) throws(HarmonizerError) -> NoteSequence {
        let line = try ChoraleRoll.soprano(of: melody, range: pitchRange, maximumSteps: Self.maximumSteps)
        let voices = harmonize(soprano: line.steps, gibbsSteps: gibbsSteps, seed: seed, voiceLeading: voiceLeading,
                               progress: progress)
        return ChoraleRoll.sequence(melody: melody, soprano: line, voices: voices)
    }

    /// `satb` (four tracks, soprano first) with `voice`'s notes between `ticks` written again, given everything
    /// else. Notes outside the span, and the other voices, come back unchanged.
    public func infill(_ satb: NoteSequence, voice: Int, ticks: Range<Int>, gibbsSteps: Int = defaultGibbsSteps,
                       seed: UInt64, progress: (Double) -> Bool = { _ in true }) throws(HarmonizerError) -> NoteSequence {
        precondition(satb.tracks.count == 4 && (0..<4).contains(voice))
        let tps = Swift.max(1, satb.ticksPerQuarter / 4)
        var rows: [[Int]] = []
        for track in satb.tracks {
            rows.append(try ChoraleRoll.steps(of: track.notes, ticksPerStep: tps, range: pitchRange, maximumSteps: Self.maximumSteps))
        }
        let steps = rows.map(\.count).max()!
        rows = rows.map { $0 + Array(repeating: $0.last ?? pitchRange.lowerBound, count: steps - $0.count) }
        let a = Swift.max(0, ticks.lowerBound / tps), b = Swift.min(steps, (ticks.upperBound + tps - 1) / tps)
        guard a < b else { return satb }
        var known = Array(repeating: Array(repeating: true, count: steps), count: 4)
        for t in a..<b { known[voice][t] = false }
        let filled = infill(roll: rows, known: known, gibbsSteps: gibbsSteps, seed: seed, progress: progress)
        var result = satb
        let (from, to) = (a * tps, b * tps)
        var notes: [Note] = []
        for var note in satb.tracks[voice].notes {
            if note.endTick <= from || note.startTick >= to { notes.append(note); continue }
            if note.startTick < from { var head = note; head.endTick = from; notes.append(head) }
            if note.endTick > to { note.startTick = to; notes.append(note) }
        }
        let channel = satb.tracks[voice].notes.first?.channel ?? voice
        notes += ChoraleRoll.notes(Array(filled[voice][a..<b]), firstStep: a, ticksPerStep: tps, channel: channel)
        result.tracks[voice].notes = notes.sorted { ($0.startTick, $0.pitch) < ($1.startTick, $1.pitch) }
        return result
    }

    func index(of pitch: Int) -> Int { Swift.min(Swift.max(pitch, pitchRange.lowerBound), pitchRange.upperBound) - pitchRange.lowerBound }
}

/// Why a melody cannot be harmonised, in words a person can act on.
public enum HarmonizerError: Error, Equatable, CustomStringConvertible {
    /// No notes.
    case emptyMelody
    /// More than one track has notes.
    case severalTracks(Int)
    /// Two notes sound at once (a chord or an overlap), at `tick`.
    case notMonophonic(tick: Int, bar: Int, beat: Int)
    /// A note outside what the model writes.
    case outOfRange(pitch: Int, range: ClosedRange<Int>)
    /// Longer than `limit` 16th steps.
    case tooLong(steps: Int, limit: Int)

    public var description: String {
        switch self {
        case .emptyMelody: "the melody has no notes"
        case .severalTracks(let n): "\(n) tracks have notes: harmonize takes one melody (one track, one note at a time)"
        case .notMonophonic(_, let bar, let beat): "the melody has two notes at once at bar \(bar), beat \(beat): harmonize needs a single line (the soprano)"
        case .outOfRange(let pitch, let range): "the melody reaches MIDI \(pitch), outside the soprano range the model knows (\(range.lowerBound)–\(range.upperBound)); transpose it"
        case .tooLong(let steps, let limit): "the melody is \(steps / 16) bars long; harmonize takes at most \(limit / 16) bars at once"
        }
    }
}

/// Conversions between a melody's notes and Coconet's roll of 16th steps.
enum ChoraleRoll {
    /// A soprano line on the 16th grid: `steps[t]` is the pitch sounding at step `first + t` (a rest holds the
    /// pitch before it).
    struct Line {
        let steps: [Int]
        let first: Int
        let ticksPerStep: Int
        let track: Int
    }

    static func soprano(of melody: NoteSequence, range: ClosedRange<Int>, maximumSteps: Int) throws(HarmonizerError) -> Line {
        guard let track = melody.tracks.firstIndex(where: { !$0.notes.isEmpty }) else { throw .emptyMelody }
        let withNotes = melody.tracks.filter { !$0.notes.isEmpty }.count
        guard withNotes == 1 else { throw .severalTracks(withNotes) }
        let notes = melody.tracks[track].notes.sorted { ($0.startTick, $0.pitch) < ($1.startTick, $1.pitch) }
        let tps = Swift.max(1, melody.ticksPerQuarter / 4)
        let slack = tps / 2  // overlaps shorter than half a 16th are legato, not chords
        for (a, b) in zip(notes, notes.dropFirst()) where b.startTick < a.endTick - slack {
            let (bar, beat) = position(of: b.startTick, in: melody)
            throw .notMonophonic(tick: b.startTick, bar: bar, beat: beat)
        }
        let first = (notes[0].startTick + tps / 2) / tps
        let all = try steps(of: notes, ticksPerStep: tps, range: range, maximumSteps: maximumSteps + first)
        guard all.count - first <= maximumSteps else { throw .tooLong(steps: all.count - first, limit: maximumSteps) }
        return Line(steps: Array(all[first...]), first: first, ticksPerStep: tps, track: track)
    }

    /// The pitch sounding on each 16th step from step 0 to the end of the last note (a note covers the steps its
    /// rounded start and end enclose, at least one); rests hold the pitch before them, a leading rest the first.
    static func steps(of notes: [Note], ticksPerStep tps: Int, range: ClosedRange<Int>, maximumSteps: Int) throws(HarmonizerError) -> [Int] {
        guard let firstNote = notes.min(by: { $0.startTick < $1.startTick }) else { throw .emptyMelody }
        if let bad = notes.first(where: { !range.contains($0.pitch) }) { throw .outOfRange(pitch: bad.pitch, range: range) }
        let step = { (tick: Int) in (tick + tps / 2) / tps }
        let end = Swift.max(step(firstNote.startTick) + 1, step(notes.map(\.endTick).max()!))
        guard end <= maximumSteps else { throw .tooLong(steps: end - step(firstNote.startTick), limit: maximumSteps - step(firstNote.startTick)) }
        var steps = Array(repeating: -1, count: end)
        for note in notes.sorted(by: { $0.startTick < $1.startTick }) {
            let a = step(note.startTick), b = Swift.max(a + 1, step(note.endTick))
            for t in a..<Swift.min(b, steps.count) { steps[t] = note.pitch }
        }
        var last = firstNote.pitch
        for t in steps.indices {
            if steps[t] < 0 { steps[t] = last }
            last = steps[t]
        }
        return steps
    }

    /// Notes from pitches on consecutive steps starting at `firstStep`, equal neighbours joined into one note.
    static func notes(_ pitches: [Int], firstStep: Int, ticksPerStep tps: Int, channel: Int) -> [Note] {
        var notes: [Note] = []
        var start = 0
        for t in 1...Swift.max(1, pitches.count) where !pitches.isEmpty && (t == pitches.count || pitches[t] != pitches[start]) {
            notes.append(Note(pitch: pitches[start], velocity: 80, startTick: (firstStep + start) * tps,
                              endTick: (firstStep + t) * tps, channel: channel))
            start = t
        }
        return notes
    }

    static func sequence(melody: NoteSequence, soprano line: Line, voices: [[Int]]) -> NoteSequence {
        var result = melody
        let original = melody.tracks[line.track]
        var tracks = [Track(name: Harmonizer.voiceNames[0], program: original.program, channel: 0, notes: original.notes)]
        for voice in 1..<4 {
            let notes = notes(voices[voice], firstStep: line.first, ticksPerStep: line.ticksPerStep, channel: voice)
            tracks.append(Track(name: Harmonizer.voiceNames[voice], program: original.program, channel: voice, notes: notes))
        }
        result.tracks = tracks
        return result
    }

    /// 1-based bar and beat of `tick`, counting 4/4 bars of the melody's grid.
    static func position(of tick: Int, in melody: NoteSequence) -> (Int, Int) {
        let quarter = melody.ticksPerQuarter
        return (tick / (4 * quarter) + 1, (tick / quarter) % 4 + 1)
    }
}
