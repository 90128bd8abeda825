import Foundation
import Music
import Neural

/// Kanade's MusicVAE: melodies to latent points and back, interpolation, sampling and variation
/// (docs/models/melody-vae.md; Roberts et al. 2018).
///
/// The model reads blocks of `bars` bars of 4/4 (16 sixteenth steps a bar); a longer melody is cut into
/// consecutive blocks, each encoded to its own z and decoded on its own, and the blocks' melodies are joined
/// again. All randomness comes from a `SeededGenerator`, so a seed gives the same melodies everywhere.
///
/// ```swift
/// let vae = try MelodyVAE(bars: 2)
/// let steps = vae.interpolate(melodyA, melodyB, steps: 11)   // [A', …, B'], greedy
/// ```
public struct MelodyVAE: Sendable {
    /// The `kanade.version` this code reads.
    public static let version = 1
    /// Config keys the code reads from `kanade.config`.
    static let configKeys = ["bars", "z", "steps_per_bar", "classes", "hierarchical", "min_pitch", "max_pitch"]

    /// Bars per block (2 or 16).
    public let bars: Int
    /// Size of z.
    public let latentSize: Int
    /// The model's metadata.
    public let info: ModelInfo
    /// Where `sample` draws latent points from: N(0, I), or the mixture the file ships (the 16-bar model).
    public let prior: MelodyPrior
    let encoder: MelodyEncoder
    let decoder: MelodyDecoder

    /// Which side of MusicVAE's KL trade-off a model was trained on (docs/models/melody-vae.md, "KL trade-off").
    public enum Flavor: String, Sendable, CaseIterable {
        /// Free bits in the KL term: faithful reconstructions and the smoother paths; the slider's model.
        case interpolation
        /// No free bits: the latent points fill the prior, so random points decode to melodies more like the
        /// data's; what `sample` draws from (bundled for 2 bars only).
        case sampling
    }

    /// The bundled model name: `melody-vae-2bar`, `melody-vae-16bar`, or `melody-vae-2bar-lokl` for sampling.
    public static func modelName(bars: Int, flavor: Flavor = .interpolation) -> String {
        "melody-vae-\(bars)bar" + (flavor == .sampling ? "-lokl" : "")
    }

    /// The flavor to sample `bars`-bar melodies from: the sampling model where one is bundled (2 bars), else the
    /// only model there is.
    public static func samplingFlavor(bars: Int) -> Flavor { bars == 2 ? .sampling : .interpolation }

    /// Loads `melody-vae-<bars>bar` (or its sampling flavor) through `store`.
    public init(bars: Int, flavor: Flavor = .interpolation, store: ModelStore = ModelStore()) throws(ModelError) {
        try self.init(try store.open(Self.modelName(bars: bars, flavor: flavor), version: Self.version,
                                     configKeys: Self.configKeys))
    }

    /// Builds the network from an opened model; a model whose tensors or config do not fit is a `ModelError`
    /// naming its file.
    public init(_ model: Model) throws(ModelError) {
        let config = model.info.config, file = model.info.path
        info = model.info
        bars = try config.int("bars")
        latentSize = try config.int("z")
        let classes = try config.int("classes"), low = try config.int("min_pitch"), high = try config.int("max_pitch")
        let stepsPerBar = try config.int("steps_per_bar")
        guard classes == MelodyEncoding.classCount, low == MelodyEncoding.lowestPitch, high == MelodyEncoding.highestPitch,
              stepsPerBar == MelodyEncoding.stepsPerBar, bars >= 1 else {
            throw ModelError(file: file, .badMetadata(key: "kanade.config",
                "expects \(MelodyEncoding.classCount) classes for MIDI \(MelodyEncoding.lowestPitch)…\(MelodyEncoding.highestPitch)"
                + " and \(MelodyEncoding.stepsPerBar) steps a bar, got \(classes), \(low)…\(high), \(stepsPerBar)"))
        }
        encoder = try MelodyEncoder(model.weights, config: config, latentSize: latentSize, file: file)
        decoder = try MelodyDecoder(model.weights, config: config, latentSize: latentSize, file: file)
        prior = try MelodyPrior(model.weights, latentSize: latentSize, file: file)
    }

    /// Sixteenth steps per block.
    public var steps: Int { decoder.steps }

    // MARK: Events (one block of class indices 0…89)

    /// μ and σ of one block of `steps` event classes.
    public func encode(classes: [Int]) -> (mu: Tensor, sigma: Tensor) {
        precondition(classes.count == steps && classes.allSatisfy { (0..<MelodyEncoding.classCount).contains($0) },
                     "a block is \(steps) classes in 0..<\(MelodyEncoding.classCount)")
        return encoder.encode(classes)
    }

    /// One block of event classes decoded from `z`: argmax at temperature 0, else drawn from
    /// softmax(logits / temperature) with `generator`.
    public func decodeClasses(_ z: Tensor, temperature: Float = 0, using generator: inout SeededGenerator) -> [Int] {
        var generators = [generator]
        defer { generator = generators[0] }
        return decodeClasses([z], temperature: temperature, using: &generators)[0]
    }

    /// One block of event classes for each z, decoded together (a batched step: much faster than one by one);
    /// row i draws from `generators[i]` when sampling, so each row gets what decoding it alone would give.
    public func decodeClasses(_ zs: [Tensor], temperature: Float = 0, using generators: inout [SeededGenerator]) -> [[Int]] {
        precondition(zs.allSatisfy { $0.count == latentSize }, "each z must have \(latentSize) values")
        precondition(temperature <= 0 || generators.count == zs.count, "one generator per row when sampling")
        guard !zs.isEmpty else { return [] }
        if temperature <= 0 {
            return decoder.run(zs) { _, _, logits in Self.argmax(logits) }
        }
        var logitsTensor = Tensor(shape: [MelodyEncoding.classCount])
        return decoder.run(zs) { row, _, logits in
            logitsTensor.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: logits.baseAddress!, count: logits.count) }
            return Sampling.sample(logitsTensor, temperature: temperature, using: &generators[row])
        }
    }

    /// The decoder's logits at every step when it is fed `classes` (teacher forcing), [steps][90].
    public func teacherForcedLogits(_ z: Tensor, classes: [Int]) -> [[Float]] {
        precondition(classes.count == steps, "teacher forcing needs \(steps) classes")
        var all: [[Float]] = []
        _ = decoder.run([z]) { _, step, logits in
            all.append(Array(logits))
            return classes[step]
        }
        return all
    }

    /// The first largest value's index (PyTorch's argmax picks the lowest index on ties too).
    static func argmax(_ v: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        for i in 1..<v.count where v[i] > v[best] { best = i }
        return best
    }

    // MARK: Melodies

    /// The melody's event classes, cut into blocks of `steps`: all pitched notes (drum tracks left out) from
    /// tick 0, monophonic (a later onset cuts an earlier note; the highest of simultaneous onsets wins), padded
    /// with rests to whole blocks. `blocks` forces the count (extra bars are rests, later bars are dropped).
    public func blocks(of melody: NoteSequence, count blocks: Int? = nil) -> [[Int]] {
        let notes = melody.tracks.filter { !$0.isDrums }.flatMap(\.notes)
        let count = blocks ?? blockCount(of: melody)
        let events = MelodyEncoding.events(from: notes, ticksPerQuarter: melody.ticksPerQuarter, bars: count * bars)
        let classes = MelodyEncoding.classIndices(of: events)
        return (0..<count).map { Array(classes[$0 * steps..<($0 + 1) * steps]) }
    }

    /// How many blocks `melody` fills (at least one; 4/4 bars of 16 sixteenths).
    public func blockCount(of melody: NoteSequence) -> Int {
        let notes = melody.tracks.filter { !$0.isDrums }.flatMap(\.notes)
        let end = notes.map(\.endTick).max() ?? 0
        let ticksPerBlock = 4 * melody.ticksPerQuarter * bars
        // A note ending within a sixteenth after a block's end still counts as that block's.
        let slack = melody.ticksPerQuarter / 8
        return max(1, (end - slack + ticksPerBlock - 1) / ticksPerBlock)
    }

    /// μ of each block of `melody` (one z for a melody of up to `bars` bars).
    public func encode(_ melody: NoteSequence) -> [Tensor] {
        blocks(of: melody).map { encoder.encode($0).mu }
    }

    /// The melody of the blocks' latent points, one after another (one track, 120 BPM, 480 ticks a quarter).
    /// Greedy at temperature 0; otherwise sampled, the draws seeded by `seed`.
    public func decode(_ z: [Tensor], temperature: Float = 0, seed: UInt64 = 0) -> NoteSequence {
        var generator = SeededGenerator(seed: seed)
        return melody(z.flatMap { decodeClasses($0, temperature: temperature, using: &generator) })
    }

    /// The melody of one latent point (one block).
    public func decode(_ z: Tensor, temperature: Float = 0, seed: UInt64 = 0) -> NoteSequence {
        decode([z], temperature: temperature, seed: seed)
    }

    /// `steps` melodies on the spherical path from `a`'s latent points to `b`'s, block by block: the first is
    /// the reconstruction of `a`, the last that of `b`. The shorter melody is padded with rests to the longer's
    /// block count. Each step's decode is seeded by `seed + step`, so a step is the same whatever `steps` is
    /// around it only at temperature 0.
    public func interpolate(_ a: NoteSequence, _ b: NoteSequence, steps count: Int,
                            temperature: Float = 0, seed: UInt64 = 0) -> [NoteSequence] {
        precondition(count >= 2, "an interpolation needs at least 2 steps")
        let blockCount = max(blockCount(of: a), blockCount(of: b))
        let za = blocks(of: a, count: blockCount).map { encoder.encode($0).mu }
        let zb = blocks(of: b, count: blockCount).map { encoder.encode($0).mu }
        // All steps of a block are decoded as one batch; step i keeps its own generator across blocks, so it
        // is what `decode(points, seed: seed + i)` gives.
        var generators = (0..<count).map { SeededGenerator(seed: seed &+ UInt64($0)) }
        var classes = [[Int]](repeating: [], count: count)
        for (blockA, blockB) in zip(za, zb) {
            let points = (0..<count).map { Self.slerp(blockA, blockB, Float($0) / Float(count - 1)) }
            for (i, events) in decodeClasses(points, temperature: temperature, using: &generators).enumerated() {
                classes[i] += events
            }
        }
        return classes.map(melody)
    }

    /// `count` new melodies of one block each, z drawn from the model's `prior` (N(0, I) unless the file ships a
    /// mixture) and decoded at `temperature` (0 = greedy), all from `seed`.
    public func sample(count: Int, temperature: Float = 1, seed: UInt64 = 0) -> [NoteSequence] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let z = prior.draw(size: latentSize, using: &generator)
            return melody(decodeClasses(z, temperature: temperature, using: &generator))
        }
    }

    /// A variation of `melody`: each block decoded from a point near its z, μ + amount · σ · ε with ε ~ N(0, I)
    /// (amount 0 is the reconstruction; 1 is a typical draw from the encoder's own spread).
    public func vary(_ melody: NoteSequence, amount: Float, temperature: Float = 0, seed: UInt64 = 0) -> NoteSequence {
        var generator = SeededGenerator(seed: seed)
        let points = blocks(of: melody).map { block -> Tensor in
            let (mu, sigma) = encoder.encode(block)
            let noise = generator.gaussian(shape: [latentSize])
            return Tensor(shape: [latentSize], scalars: (0..<latentSize).map { mu[$0] + amount * sigma[$0] * noise[$0] })
        }
        return decode(points, temperature: temperature, seed: generator.next())
    }

    /// Spherical interpolation from `a` (t = 0) to `b` (t = 1), MusicVAE's `slerp`: linear when the two are
    /// (nearly) parallel.
    public static func slerp(_ a: Tensor, _ b: Tensor, _ t: Float) -> Tensor {
        precondition(a.count == b.count, "slerp of \(a.shape) and \(b.shape)")
        let x = a.scalars.map(Double.init), y = b.scalars.map(Double.init)
        let na = x.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / max(na * nb, .leastNormalMagnitude)
        let omega = acos(min(max(cosine, -1), 1))
        let s = sin(omega), u = Double(t)
        let (wa, wb) = abs(s) < 1e-6 ? (1 - u, u) : (sin((1 - u) * omega) / s, sin(u * omega) / s)
        return Tensor(shape: a.shape, scalars: zip(x, y).map { Float(wa * $0 + wb * $1) })
    }

    /// Event classes as a one-track melody.
    func melody(_ classes: [Int]) -> NoteSequence {
        let notes = MelodyEncoding.notes(from: MelodyEncoding.events(ofClasses: classes),
                                         ticksPerQuarter: NoteSequence.defaultTicksPerQuarter)
        return NoteSequence(tracks: [Track(name: "MelodyVAE", notes: notes)])
    }
}
