import Foundation
import Music
import Neural

/// Continues a melody by some bars, in variations: Kanade's MelodyRNN, in the lookback style of Magenta's
/// `lookback_rnn` (docs/models/melody-rnn.md; training/melody_rnn/model.py).
///
/// Events are MusicVAE's 90 classes at 16th steps (`MelodyEncoding`). At each step the network reads the event,
/// the events one and two bars earlier and the position in the bar, and gives the next event's distribution.
/// The primer is read once for all variations (one batch row each); each row then draws its own events,
/// seeded by `seed + row`. When the primer is in a key — its best-fitting major scale holds at least 90 % of its
/// notes — only that scale's pitches are drawn ("in key unless the primer is not").
///
/// ```swift
/// let rnn = try MelodyContinuer()
/// let takes = try rnn.continuations(of: primer, bars: 4, variations: 4, temperature: 1, seed: 7)
/// ```
public struct MelodyContinuer: Sendable {
    /// The `kanade.version` this code reads.
    public static let version = 1
    /// The bundled model's name.
    public static let modelName = "melody-rnn"
    static let configKeys = ["hidden", "layers", "classes", "steps_per_bar"]
    /// The longest primer read (64 bars).
    public static let maximumPrimerBars = 64
    /// The most bars continued at once.
    public static let maximumBars = 32
    /// The most variations at once.
    public static let maximumVariations = 8

    /// The model's metadata.
    public let info: ModelInfo
    let lstm: LSTM
    let output: Linear
    let classes: Int
    let stepsPerBar: Int

    /// Loads the bundled (or `$KANADE_MODELS`) `melody-rnn` model through `store`.
    public init(store: ModelStore = ModelStore()) throws(ModelError) {
        try self.init(try store.open(Self.modelName, version: Self.version, configKeys: Self.configKeys))
    }

    /// Builds the network from an opened model; tensors or config that do not fit are a `ModelError` naming the file.
    public init(_ model: Model) throws(ModelError) {
        info = model.info
        classes = try model.info.config.int("classes")
        stepsPerBar = try model.info.config.int("steps_per_bar")
        lstm = try LSTM(model.weights.scope("rnn"), batchFirst: true)
        output = try Linear(model.weights.scope("output"))
        guard classes == MelodyEncoding.classCount, stepsPerBar == MelodyEncoding.stepsPerBar,
              lstm.inputSize == 3 * classes + stepsPerBar, output.outputSize == classes else {
            throw ModelError(file: model.info.path, .badMetadata(key: "kanade.config",
                             "expects 90 event classes at 16 steps a bar and \(3 * 90 + 16) inputs"))
        }
    }

    // MARK: Events

    /// The logits of every next event after each of `events` (teacher-forced), [events.count, classes].
    public func logits(after events: [Int]) -> Tensor {
        let stepper = lstm.stepper(batch: 1)
        var input = [Float](repeating: 0, count: lstm.inputSize)
        var out = [Float](repeating: 0, count: events.count * classes)
        out.withUnsafeMutableBufferPointer { o in
            for t in events.indices {
                fill(&input, events, t)
                input.withUnsafeBufferPointer { x in
                    stepper.step(x.baseAddress!) { h in output.apply(h.baseAddress!, rows: 1, into: o.baseAddress! + t * classes) }
                }
            }
        }
        return Tensor(shape: [events.count, classes], scalars: out)
    }

    /// `variations` continuations of `primer` (event classes, starting on a bar) by `steps` events: each is the
    /// primer followed by its own draw. `allowed` masks the classes that may be drawn.
    public func continuations(events primer: [Int], steps: Int, variations: Int, temperature: Float, seed: UInt64,
                              allowed: [Bool]? = nil) -> [[Int]] {
        precondition(!primer.isEmpty && variations >= 1)
        let rows = variations, width = lstm.inputSize
        let stepper = lstm.stepper(batch: rows)
        var sequences = Array(repeating: primer, count: rows)
        var generators = (0..<rows).map { SeededGenerator(seed: seed &+ UInt64($0)) }
        var input = [Float](repeating: 0, count: rows * width)
        var logits = [Float](repeating: 0, count: rows * classes)
        var row = [Float](repeating: 0, count: width)
        func advance() {
            for r in 0..<rows {
                fill(&row, sequences[r], sequences[r].count - 1)
                for i in 0..<width { input[r * width + i] = row[i] }
            }
            input.withUnsafeBufferPointer { x in
                logits.withUnsafeMutableBufferPointer { l in
                    stepper.step(x.baseAddress!) { h in output.apply(h.baseAddress!, rows: rows, into: l.baseAddress!) }
                }
            }
        }
        // Teacher-force the primer (every row reads the same events), leaving the logits after its last event.
        for t in primer.indices {
            for r in 0..<rows {
                fill(&row, primer, t)
                for i in 0..<width { input[r * width + i] = row[i] }
            }
            input.withUnsafeBufferPointer { x in
                logits.withUnsafeMutableBufferPointer { l in
                    stepper.step(x.baseAddress!) { h in output.apply(h.baseAddress!, rows: rows, into: l.baseAddress!) }
                }
            }
        }
        var scores = [Float](repeating: 0, count: classes)
        for n in 0..<steps {
            for r in 0..<rows {
                for k in 0..<classes { scores[k] = (allowed?[k] ?? true) ? logits[r * classes + k] : -.infinity }
                sequences[r].append(Self.draw(scores, temperature: temperature, using: &generators[r]))
            }
            if n + 1 < steps { advance() }
        }
        return sequences
    }

    /// The lookback input for step `t` of `events`: the event, the events one and two bars back (no event before
    /// the start), and the position in the bar.
    func fill(_ x: inout [Float], _ events: [Int], _ t: Int) {
        for i in x.indices { x[i] = 0 }
        x[events[t]] = 1
        x[classes + (t >= stepsPerBar ? events[t - stepsPerBar] : 0)] = 1
        x[2 * classes + (t >= 2 * stepsPerBar ? events[t - 2 * stepsPerBar] : 0)] = 1
        x[3 * classes + t % stepsPerBar] = 1
    }

    /// One draw from softmax(scores / temperature); temperature 0 takes the most likely.
    static func draw(_ scores: [Float], temperature: Float, using generator: inout SeededGenerator) -> Int {
        var top = -Float.infinity, best = 0
        for (k, s) in scores.enumerated() where s > top { top = s; best = k }
        guard temperature > 0 else { return best }
        var p = scores.map { $0 == -.infinity ? 0 : Foundation.exp(($0 - top) / temperature) }
        let total = p.reduce(0, +)
        for k in p.indices { p[k] /= total }
        return Sampling.pick(p, using: &generator)
    }

    // MARK: Melodies

    /// `variations` takes, each the melody's notes (kept as they are) followed by `bars` continued bars starting
    /// at the bar after the melody's last note.
    public func continuations(of melody: NoteSequence, bars: Int, variations: Int, temperature: Float,
                              seed: UInt64) throws(ContinuerError) -> [NoteSequence] {
        guard (1...Self.maximumBars).contains(bars) else { throw .badLength(bars: bars, limit: Self.maximumBars) }
        guard (1...Self.maximumVariations).contains(variations) else { throw .badVariations(variations, limit: Self.maximumVariations) }
        let pitched = melody.tracks.enumerated().filter { !$0.element.isDrums && !$0.element.notes.isEmpty }
        guard let (trackIndex, track) = pitched.first.map({ ($0.offset, $0.element) }) else { throw .emptyPrimer }
        guard pitched.count == 1 else { throw .severalTracks(pitched.count) }
        let notes = track.notes.sorted { ($0.startTick, $0.pitch) < ($1.startTick, $1.pitch) }
        let tpq = melody.ticksPerQuarter
        let slack = tpq / 8
        for (a, b) in zip(notes, notes.dropFirst()) where b.startTick < a.endTick - slack {
            throw .notMonophonic(bar: b.startTick / (4 * tpq) + 1, beat: (b.startTick / tpq) % 4 + 1)
        }
        let barTicks = 4 * tpq
        let primerBars = max(1, (notes.map(\.endTick).max()! - slack + barTicks - 1) / barTicks)
        guard primerBars <= Self.maximumPrimerBars else { throw .primerTooLong(bars: primerBars, limit: Self.maximumPrimerBars) }
        let events = MelodyEncoding.classIndices(of: MelodyEncoding.events(from: notes, ticksPerQuarter: tpq, bars: primerBars))
        let allowed = Self.keyMask(notes.map(\.pitch), classes: classes)
        let takes = continuations(events: events, steps: bars * stepsPerBar, variations: variations,
                                  temperature: temperature, seed: seed, allowed: allowed)
        return takes.map { take in
            let added = MelodyEncoding.notes(from: MelodyEncoding.events(ofClasses: Array(take[events.count...])),
                                             ticksPerQuarter: tpq, startTick: primerBars * barTicks,
                                             velocity: notes.last?.velocity ?? 100, channel: notes.last?.channel ?? 0)
            var result = melody
            result.tracks[trackIndex].notes = track.notes + added
            return result
        }
    }

    /// The classes a primer's key allows, or nil when it is not in a key: the major scale (tonic lowest on a tie)
    /// holding the most of its notes, if it holds at least 90 % of them. Holds and note-offs are always allowed.
    public static func keyMask(_ pitches: [Int], classes: Int = MelodyEncoding.classCount) -> [Bool]? {
        guard !pitches.isEmpty else { return nil }
        let major: Set<Int> = [0, 2, 4, 5, 7, 9, 11]
        var counts = [Int](repeating: 0, count: 12)
        for p in pitches { counts[((p % 12) + 12) % 12] += 1 }
        var best = (tonic: 0, held: -1)
        for tonic in 0..<12 {
            let held = major.reduce(0) { $0 + counts[($1 + tonic) % 12] }
            if held > best.held { best = (tonic, held) }
        }
        guard Double(best.held) >= 0.9 * Double(pitches.count) else { return nil }
        return (0..<classes).map { c in
            c < 2 || major.contains(((c - 2 + MelodyEncoding.lowestPitch - best.tonic) % 12 + 12) % 12)
        }
    }
}

/// Why a primer cannot be continued, in words a person can act on.
public enum ContinuerError: Error, Equatable, CustomStringConvertible {
    case emptyPrimer
    case severalTracks(Int)
    case notMonophonic(bar: Int, beat: Int)
    case primerTooLong(bars: Int, limit: Int)
    case badLength(bars: Int, limit: Int)
    case badVariations(Int, limit: Int)

    public var description: String {
        switch self {
        case .emptyPrimer: "the primer has no notes"
        case .severalTracks(let n): "\(n) tracks have notes: continue takes one melody (one track, one note at a time)"
        case .notMonophonic(let bar, let beat): "the primer has two notes at once at bar \(bar), beat \(beat): continue needs a single line"
        case .primerTooLong(let bars, let limit): "the primer is \(bars) bars long; continue reads at most \(limit)"
        case .badLength(let bars, let limit): "\(bars) bars: continue by 1 to \(limit) bars"
        case .badVariations(let n, let limit): "\(n) variations: ask for 1 to \(limit)"
        }
    }
}
