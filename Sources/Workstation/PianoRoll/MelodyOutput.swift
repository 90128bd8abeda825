import AudioIO
import Music
import Synth

/// Plays the piano roll's melody and the notes placed in it. Called from the UI thread only.
public protocol MelodyOutput: AnyObject {
    /// Plays `melody` from `fromTick`, looping `loop` (ticks) when given.
    func play(_ melody: NoteSequence, fromTick: Int, loop: Range<Int>?)
    /// Stops playing and releases sounding notes.
    func stop()
    /// Sounds one note for a moment.
    func audition(pitch: Int, velocity: Int)
    /// Feeds the synth ahead of the audio clock; returns the heard playhead in ticks, or nil once stopped.
    func pump() -> Double?
}

/// The melody through a `LiveSynth` attached to the playback engine as a live source, fed by a
/// `SequencePlayer` ahead of the engine clock, so notes land sample-accurately however the UI is scheduled.
public final class EngineMelodyOutput: MelodyOutput {
    private let engine: PlaybackEngine
    private let live: LiveSynth<PolySynth>
    private let player: SequencePlayer<PolySynth>
    /// Note-offs of auditioned notes, by engine frame.
    private let auditionFrames: Int
    /// Engine clock where a non-looping play ends (the playhead goes away once it is heard).
    private var endClock: Int64?
    private var playing = false

    /// Attaches a synth to `engine`; nil when the engine has no room for another live source.
    public init?(engine: PlaybackEngine) {
        self.engine = engine
        live = LiveSynth(instrument: PolySynth(patch: .lead), sampleRate: engine.sampleRate)
        guard (try? engine.addLiveSource(live)) != nil else { return nil }
        player = SequencePlayer(live: live, sampleRate: engine.sampleRate)
        auditionFrames = Int(engine.sampleRate * 0.25)
    }

    /// The first frame a new event can still sound at: the engine renders a period or two ahead of the clock.
    private var nextFrame: Int64 { engine.clock + Int64(engine.sink.periodFrames * 2) }

    public func play(_ melody: NoteSequence, fromTick: Int, loop: Range<Int>?) {
        let start = nextFrame
        let seconds = melody.seconds(atTick: melody.endTick) - melody.seconds(atTick: fromTick)
        endClock = loop == nil ? start + Int64(max(0, seconds) * engine.sampleRate) : nil
        playing = true
        player.play(melody, fromTick: fromTick, atClock: start, loop: loop)
    }

    public func stop() {
        playing = false
        player.stop()
    }

    public func audition(pitch: Int, velocity: Int) {
        let at = Int(nextFrame)
        live.schedule(NoteEvent(frame: at, kind: .on, pitch: pitch, velocity: velocity))
        live.schedule(NoteEvent(frame: at + auditionFrames, kind: .off, pitch: pitch))
    }

    public func pump() -> Double? {
        let clock = engine.clock
        player.pump(clock: clock)
        let heard = clock - Int64(engine.latencyFrames)
        guard playing else { return nil }
        if let endClock, heard >= endClock { playing = false; return nil }
        return player.tick(atClock: heard)
    }
}

extension EngineTransport {
    /// A melody output on this transport's engine (the piano roll plays through the same device).
    public func makeMelodyOutput() -> EngineMelodyOutput? { EngineMelodyOutput(engine: engine) }
}
