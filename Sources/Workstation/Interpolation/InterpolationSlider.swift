import Music

/// The interpolation slider: the two melody slots it blends, where the slider stands, and the melodies the
/// model decoded for the current pair (cached, so moving the slider is instant). Not part of undo: what a
/// person keeps is what `interp commit` copies into a slot.
public struct InterpolationSlider: StatePart {
    /// What a decode was made from; results for another pair or step count are stale.
    public struct Key: Sendable, Equatable {
        /// The two melodies (whole sequences, as in their slots).
        public var a: NoteSequence, b: NoteSequence
        /// Points on the path, ends included.
        public var steps: Int
        /// The model's block length in bars (2 or 16).
        public var bars: Int
    }

    /// A melody made by `interp sample` or `interp vary`: it stands in for the slider's melody until the
    /// slider moves.
    public struct Generated: Sendable, Equatable {
        /// The melody.
        public var melody: NoteSequence
        /// "sample T 0.5", "variation 0.5 of step 4": shown in the pane.
        public var label: String
    }

    /// Slot indices blended from (position 0) and to (the last position).
    public var slotA = 0, slotB = 1
    /// Points on the path, A and B included (Magenta Studio offers 1–16 between them; 3…33 here).
    public var steps = 11
    /// The slider: 0 is A, `steps - 1` is B.
    public var position = 0
    /// Temperature of `interp sample` (0 is greedy).
    public var temperature = 0.5
    /// How far `interp vary` strays from the melody's latent point, in units of the encoder's spread.
    public var variation = 0.5
    /// Block length of the model: 2 bars, or the hierarchical 16-bar model.
    public var bars = 2
    /// Decoded melodies for `key`, one per position.
    public private(set) var melodies: [NoteSequence] = []
    /// What `melodies` were decoded from.
    public private(set) var key: Key?
    /// A decode asked for and not back yet.
    public var pending: Key?
    /// A sampled or varied melody shown instead of the slider's.
    public var generated: Generated?
    /// Seeds the next `sample` or `vary`, so each press gives a new melody and a session replays the same.
    public var nextSeed: UInt64 = 1
    /// A move asked to hear the melody before it was decoded: play it when it arrives.
    public var playWhenReady = false

    /// The status-bar job shown while the model works.
    public static let jobLabel = "melody model"

    /// A slider over slots A and B with 11 steps.
    public init() {}

    /// Stores decoded melodies.
    public mutating func store(_ melodies: [NoteSequence], for key: Key) {
        self.melodies = melodies
        self.key = key
        if pending == key { pending = nil }
        position = min(position, max(0, melodies.count - 1))
    }

    /// Whether the cached melodies were decoded from `key`.
    public func isFresh(for key: Key) -> Bool { self.key == key && melodies.count == key.steps }

    /// The melody at the slider, if it has been decoded (a generated one first).
    public var current: NoteSequence? {
        if let generated { return generated.melody }
        return melodies.indices.contains(position) ? melodies[position] : nil
    }

    /// "A", "step 4/11", "B" for the slider's position.
    public var positionLabel: String {
        position == 0 ? "A" : position == steps - 1 ? "B" : "step \(position)/\(steps - 1)"
    }
}

extension AppState {
    /// The interpolation slider: the feature's work in progress (not saved, not undone).
    public var interpolation: InterpolationSlider {
        get { features[InterpolationSlider.self] }
        set { features[InterpolationSlider.self] = newValue }
    }
}
