import Music

/// Plays a `NoteSequence` through a `LiveSynth` from a control thread: feeds it the note events a little
/// ahead of the audio clock (so the queue stays small however long the song), loops a region, and says
/// where the playhead is for drawing.
///
///     let player = SequencePlayer(live: live, sampleRate: engine.sampleRate)
///     player.play(song, fromTick: cursor, atClock: engine.clock + Int64(engine.latencyFrames))
///     // every UI tick (~20 ms):
///     player.pump(clock: engine.clock)
///     drawPlayhead(player.tick(atClock: engine.clock - Int64(engine.latencyFrames)))
///
/// Not thread-safe: call it from one control thread (the one that owns `live`'s producer side).
public final class SequencePlayer<Voices: Instrument> {
    /// The live synth the events go to.
    public let live: LiveSynth<Voices>
    /// Frames per second of the engine clock.
    public let sampleRate: Double
    /// Plays drum tracks (channel 10) too; off by default, as for `Bounce` (the built-in synth has no drums).
    public var includeDrums = false
    /// How far ahead of the clock events are queued, in frames (default 0.5 s).
    public var lookahead: Int

    private var sequence = NoteSequence()
    private var events: [NoteEvent] = []   // one pass, frames relative to the pass start
    private var passFrames = 0             // length of one pass (the loop), or of the whole song
    private var startTick = 0
    private var startClock: Int64 = 0      // clock at the start of the current pass
    private var playClock: Int64 = 0       // clock at `play`
    private var firstPassFrames = 0        // from the cursor to the loop's (or song's) end
    private var loop: Range<Int>? = nil
    private var nextEvent = 0
    /// True between `play` and `stop` (or the end of a song that does not loop).
    public private(set) var isPlaying = false

    /// A player feeding `live`, whose clock runs at `sampleRate`.
    public init(live: LiveSynth<Voices>, sampleRate: Double, lookahead: Int? = nil) {
        self.live = live
        self.sampleRate = sampleRate
        self.lookahead = lookahead ?? Int(sampleRate / 2)
    }

    /// Starts playing `sequence` from `fromTick`, its first frame sounding at engine clock `clock`.
    /// With `loop` (ticks), playback runs from `fromTick` to the loop's end, then repeats the loop forever;
    /// notes crossing the loop's end stop there.
    public func play(_ sequence: NoteSequence, fromTick: Int, atClock clock: Int64, loop: Range<Int>? = nil) {
        stop()
        self.sequence = sequence
        self.startTick = max(fromTick, 0)
        self.startClock = clock
        self.loop = loop.flatMap { $0.isEmpty ? nil : $0 }
        // From the cursor up to the loop's end, then round the loop; a cursor past the loop starts at the loop.
        if let loop = self.loop, startTick >= loop.upperBound { startTick = loop.lowerBound }
        nextEvent = 0
        let end = self.loop?.upperBound ?? sequence.endTick
        events = Self.events(of: sequence, from: startTick, to: end, sampleRate: sampleRate, includeDrums: includeDrums)
        passFrames = frames(from: startTick, to: end)
        playClock = clock
        firstPassFrames = passFrames
        isPlaying = true
        pump(clock: clock)
    }

    /// Queues every event due before `clock + lookahead`. Call it regularly (each UI tick).
    public func pump(clock: Int64) {
        guard isPlaying else { return }
        let horizon = clock + Int64(lookahead)
        while true {
            // Frames of this pass that are due (relative to the pass start, which moves at each loop pass).
            let due = Int(horizon - startClock)
            if nextEvent == events.count {
                guard let loop else {
                    if due >= passFrames { isPlaying = false }
                    return
                }
                // The next pass is the loop itself, starting where this pass ends.
                guard passFrames <= due else { return }
                startClock += Int64(passFrames)
                events = Self.events(of: sequence, from: loop.lowerBound, to: loop.upperBound, sampleRate: sampleRate, includeDrums: includeDrums)
                passFrames = frames(from: loop.lowerBound, to: loop.upperBound)
                nextEvent = 0
                guard passFrames > 0 else { isPlaying = false; return }
                continue
            }
            var event = events[nextEvent]
            guard event.frame <= due else { return }
            event.frame += Int(startClock)
            live.schedule(event)
            nextEvent += 1
        }
    }

    /// Stops: forgets queued events and releases sounding notes.
    public func stop() {
        if isPlaying { live.flush() }
        isPlaying = false
    }

    /// The playhead in ticks at engine clock `clock` (subtract the engine's latency for what is heard).
    /// Works for any clock since `play`, whichever pass `pump` has reached.
    public func tick(atClock clock: Int64) -> Double {
        let map = sequence.tempoMap
        var elapsed = Double(max(clock - playClock, 0))
        var from = startTick
        if let loop, elapsed >= Double(firstPassFrames) {
            let loopFrames = Double(frames(from: loop.lowerBound, to: loop.upperBound))
            elapsed = (elapsed - Double(firstPassFrames)).truncatingRemainder(dividingBy: max(loopFrames, 1))
            from = loop.lowerBound
        }
        return map.tick(atSeconds: map.seconds(atTick: from) + elapsed / sampleRate)
    }

    private func frames(from: Int, to: Int) -> Int {
        Int(((sequence.seconds(atTick: to) - sequence.seconds(atTick: from)) * sampleRate).rounded())
    }

    /// Events of the notes sounding in `from ..< to`, with frames relative to `from`: notes already sounding
    /// at `from` start there, notes still sounding at `to` stop there.
    static func events(of sequence: NoteSequence, from: Int, to: Int, sampleRate: Double, includeDrums: Bool = false) -> [NoteEvent] {
        var window = sequence
        for t in window.tracks.indices {
            window.tracks[t].notes = window.tracks[t].notes.compactMap { note in
                guard note.endTick > from, note.startTick < to else { return nil }
                var n = note
                n.startTick = max(n.startTick, from)
                n.endTick = min(n.endTick, to)
                return n
            }
        }
        let offset = Int((sequence.seconds(atTick: from) * sampleRate).rounded())
        return NoteEvent.schedule(window, sampleRate: sampleRate, includeDrums: includeDrums).map {
            var e = $0
            e.frame -= offset
            return e
        }
    }
}
