import AudioIO
import Music
import Synth

/// Plays the piano roll's melodies and the notes placed in it. Called from one thread (the effect runner's
/// engine queue).
public protocol MelodyOutput: AnyObject {
    /// Plays `melody` from `fromTick`, looping `loop` (ticks) when given; track i sounds through `instruments[i]`.
    func play(_ melody: NoteSequence, instruments: [InstrumentChoice], fromTick: Int, loop: Range<Int>?)
    /// Stops playing and releases sounding notes.
    func stop()
    /// Sounds one note for a moment through `instrument`.
    func audition(pitch: Int, velocity: Int, instrument: InstrumentChoice)
    /// Feeds the synths ahead of the audio clock; returns the heard playhead in ticks, or nil once stopped.
    func pump() -> Double?
}

/// The melody through live synths attached to the playback engine, one per track (up to `partCapacity`) plus one
/// for auditioning, each with an `InstrumentSlot` so a track's instrument changes without stopping the audio
/// thread. Each is fed by a `SequencePlayer` ahead of the engine clock, so notes land sample-accurately however
/// the UI is scheduled — and render exactly as `MelodyExport` does.
public final class EngineMelodyOutput: MelodyOutput {
    /// One track's synth.
    private struct Part {
        let slot: InstrumentSlot
        let live: LiveSynth<InstrumentSlot>
        let player: SequencePlayer<InstrumentSlot>
        var choice: InstrumentChoice
    }

    /// Tracks that sound at once (the engine has room for eight live sources; stems and the grid need some).
    public static let partCapacity = 4

    private let engine: PlaybackEngine
    private var parts: [Part] = []
    private var auditionPart: Part
    /// Note-offs of auditioned notes, by engine frame.
    private let auditionFrames: Int
    /// Engine clock where a non-looping play ends (the playhead goes away once it is heard).
    private var endClock: Int64?
    private var playing = false
    /// Parts the current melody plays through.
    private var active = 0

    /// Attaches the synths to `engine`; nil when the engine has no room for them.
    public init?(engine: PlaybackEngine) {
        self.engine = engine
        func makePart() -> Part? {
            let choice = InstrumentChoice.patch("lead")
            let slot = InstrumentSlot(choice.makeInstrument())
            let live = LiveSynth(instrument: slot, sampleRate: engine.sampleRate)
            guard (try? engine.addLiveSource(live)) != nil else { return nil }
            let player = SequencePlayer(live: live, sampleRate: engine.sampleRate)
            player.includeDrums = true  // each part plays one track, drums through `sf:drums` by default
            return Part(slot: slot, live: live, player: player, choice: choice)
        }
        guard let audition = makePart() else { return nil }
        auditionPart = audition
        for _ in 0..<Self.partCapacity {
            guard let part = makePart() else { return nil }
            parts.append(part)
        }
        auditionFrames = Int(engine.sampleRate * 0.25)
    }

    /// The first frame a new event can still sound at: the engine renders a period or two ahead of the clock.
    private var nextFrame: Int64 { engine.clock + Int64(engine.sink.periodFrames * 2) }

    private static func use(_ part: inout Part, _ choice: InstrumentChoice) {
        part.slot.collect()
        guard part.choice != choice else { return }
        part.slot.swap(to: choice.makeInstrument())
        part.choice = choice
    }

    public func play(_ melody: NoteSequence, instruments: [InstrumentChoice], fromTick: Int, loop: Range<Int>?) {
        for part in parts { part.player.stop() }
        // Instruments first: loading a SoundFont takes a moment, and the notes must start after it.
        let tracks = melody.tracks.enumerated().prefix(parts.count)
        for (slot, (index, track)) in tracks.enumerated() {
            Self.use(&parts[slot], instruments.indices.contains(index) ? instruments[index] : .default(for: track))
        }
        // On a multiple of fluidsynth's 64-frame block: a SoundFont note starts at the next block boundary of its
        // synth, whose blocks count from its first rendered period (period sizes are multiples of 64), so
        // starting on the grid lands notes where the export — whose grid starts at frame 0 — puts them.
        let start = (nextFrame + 63) / 64 * 64
        let seconds = melody.seconds(atTick: melody.endTick) - melody.seconds(atTick: fromTick)
        endClock = loop == nil ? start + Int64(max(0, seconds) * engine.sampleRate) : nil
        playing = true
        active = 0
        for (_, track) in tracks {
            var part = melody
            part.tracks = [track]
            parts[active].player.play(part, fromTick: fromTick, atClock: start, loop: loop)
            active += 1
        }
    }

    public func stop() {
        playing = false
        for part in parts { part.player.stop() }
    }

    public func audition(pitch: Int, velocity: Int, instrument: InstrumentChoice) {
        Self.use(&auditionPart, instrument)
        let at = Int(nextFrame)
        auditionPart.live.schedule(NoteEvent(frame: at, kind: .on, pitch: pitch, velocity: velocity))
        auditionPart.live.schedule(NoteEvent(frame: at + auditionFrames, kind: .off, pitch: pitch))
    }

    public func pump() -> Double? {
        let clock = engine.clock
        for part in parts { part.player.pump(clock: clock); part.slot.collect() }
        auditionPart.slot.collect()
        let heard = clock - Int64(engine.latencyFrames)
        guard playing else { return nil }
        if let endClock, heard >= endClock { playing = false; return nil }
        return active > 0 ? parts[0].player.tick(atClock: heard) : nil
    }
}

extension EngineTransport {
    /// A melody output on this transport's engine (the piano roll plays through the same device).
    public func makeMelodyOutput() -> EngineMelodyOutput? { EngineMelodyOutput(engine: engine) }
}
