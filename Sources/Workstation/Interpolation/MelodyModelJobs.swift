import Models
import Music
import Synchronization

/// A melody for the melody model to make: a sample from its prior (drawn from the sampling flavor where there
/// is one), or a variation of a melody (the interpolation flavor, which reconstructs it faithfully).
public struct MelodyRequest: Sendable, Equatable {
    /// Sample (`nil`) or vary this melody.
    public var source: NoteSequence?
    /// Sampling temperature, or the variation amount.
    public var amount: Double
    /// Block length of the model (2 or 16 bars).
    public var bars: Int
    /// Seeds the draw.
    public var seed: UInt64
    /// Tempo the result plays at (the slider's A melody's).
    public var beatsPerMinute: Double
    /// Shown in the pane.
    public var label: String

    /// The model flavor the request needs.
    public var flavor: MelodyVAE.Flavor { source == nil ? MelodyVAE.samplingFlavor(bars: bars) : .interpolation }
}

/// The melody model's work for the interpolation slider, run by the app shell off the UI thread.
public enum MelodyModelJobs {
    /// The slider's path from A to B (greedy decodes, ends included), at A's tempo.
    public static func interpolate(_ key: InterpolationSlider.Key, model: MelodyVAE) -> [NoteSequence] {
        let bpm = key.a.tempoMap.beatsPerMinute(atTick: 0)
        return model.interpolate(key.a, key.b, steps: key.steps).map { retimed($0, bpm: bpm) }
    }

    /// A sampled or varied melody.
    public static func generate(_ request: MelodyRequest, model: MelodyVAE) -> InterpolationSlider.Generated {
        let melody: NoteSequence
        if let source = request.source {
            melody = model.vary(source, amount: Float(request.amount), seed: request.seed)
        } else {
            melody = model.sample(count: 1, temperature: Float(request.amount), seed: request.seed)[0]
        }
        return .init(melody: retimed(melody, bpm: request.beatsPerMinute), label: request.label)
    }

    /// The model's output (120 BPM) at the tempo of the melodies it came from.
    static func retimed(_ melody: NoteSequence, bpm: Double) -> NoteSequence {
        var m = melody
        m.tempoMap = TempoMap(ticksPerQuarter: melody.ticksPerQuarter, beatsPerMinute: bpm)
        return m
    }
}

/// The bundled melody models, each loaded once, on first use, from whichever thread asks first.
public final class MelodyModelCache: Sendable {
    private let models = Mutex<[String: MelodyVAE]>([:])
    private let store: ModelStore

    /// The models found by the default `ModelStore` (bundled, or `$KANADE_MODELS`), shared by the app.
    public static let bundled = MelodyModelCache()

    /// A cache over a model store (the bundled models by default).
    public init(store: ModelStore = ModelStore()) { self.store = store }

    /// The `bars`-bar model of a flavor; a missing or broken model file is a `ModelError` naming the file.
    public func model(bars: Int, flavor: MelodyVAE.Flavor = .interpolation) throws -> MelodyVAE {
        let name = MelodyVAE.modelName(bars: bars, flavor: flavor)
        if let m = models.withLock({ $0[name] }) { return m }
        let m = try MelodyVAE(bars: bars, flavor: flavor, store: store)
        models.withLock { $0[name] = m }
        return m
    }
}
