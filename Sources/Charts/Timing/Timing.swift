/// How beats map to seconds in the audio: the offset, tempo changes, stops and delays.
///
/// Conventions are StepMania's (../shared/reference/charts.md §4): beat 0 plays at `t = −offset`;
/// a stop pauses the beat *after* the notes on its beat (they are hit before it), a delay (`.ssc`)
/// pauses it *before* them. Every conversion starts from the exact `Beat`, so nothing drifts however
/// many tempo changes precede a note.
public struct Timing: Hashable, Sendable {
    /// `#OFFSET` in seconds: beat 0 plays at `−offset`.
    public var offset: Double
    /// Tempo changes in beat order, the first at beat 0.
    public var bpms: [BPMChange]
    /// Stops in beat order: the notes on their beat come before the pause.
    public var stops: [Stop]
    /// Delays in beat order (`.ssc` only): the pause comes before the notes on their beat.
    public var delays: [Stop]

    /// One tempo from beat 0, with no stops.
    public init(offset: Double = 0, bpm: Double) {
        self.init(offset: offset, bpms: [BPMChange(beat: .zero, bpm: bpm)])
    }

    /// Timing from its parts; each list is sorted by beat here.
    public init(offset: Double, bpms: [BPMChange], stops: [Stop] = [], delays: [Stop] = []) {
        precondition(!bpms.isEmpty, "timing needs at least one tempo")
        self.offset = offset
        self.bpms = bpms.sorted { $0.beat < $1.beat }
        self.stops = stops.sorted { $0.beat < $1.beat }
        self.delays = delays.sorted { $0.beat < $1.beat }
    }

    /// The tempo in force at `beat`.
    public func bpm(at beat: Beat) -> Double {
        bpms.last { $0.beat <= beat }?.bpm ?? bpms[0].bpm
    }

    /// When the notes at `beat` are to be hit, in seconds of the audio.
    public func seconds(at beat: Beat) -> Double {
        var t = secondsOfBeats(upTo: beat.value)
        for stop in stops where stop.beat < beat { t += stop.seconds }
        for delay in delays where delay.beat <= beat { t += delay.seconds }
        return t
    }

    /// When the song reaches `beat` (a fractional beat, for drawing): stops and delays before it count,
    /// one on the beat itself does not.
    public func seconds(atBeat beat: Double) -> Double {
        var t = secondsOfBeats(upTo: beat)
        for stop in stops where stop.beat.value < beat { t += stop.seconds }
        for delay in delays where delay.beat.value < beat { t += delay.seconds }
        return t
    }

    /// The beat playing at `seconds` (during a stop or delay, the beat it holds on).
    public func beat(atSeconds seconds: Double) -> Double {
        enum Kind { case tempo(Double), pause(Double) }
        var events: [(beat: Double, kind: Kind)] = []
        for change in bpms.dropFirst() { events.append((change.beat.value, .tempo(change.bpm))) }
        for pause in stops + delays { events.append((pause.beat.value, .pause(pause.seconds))) }
        events.sort { $0.beat < $1.beat }
        var beat = 0.0, time = -offset, bpm = bpms[0].bpm
        for event in events {
            let reach = time + (event.beat - beat) * 60 / bpm
            if seconds < reach { break }
            time = reach
            beat = event.beat
            switch event.kind {
            case .tempo(let next): bpm = next
            case .pause(let length):
                if seconds < time + length { return beat }
                time += length
            }
        }
        return beat + (seconds - time) * bpm / 60
    }

    /// Seconds from beat 0's time to `beat` through the tempo changes alone, plus that time.
    private func secondsOfBeats(upTo beat: Double) -> Double {
        var t = -offset
        if beat < 0 { return t + beat * 60 / bpms[0].bpm }
        for (i, change) in bpms.enumerated() {
            let start = i == 0 ? 0 : change.beat.value
            guard beat > start else { break }
            let end = i + 1 < bpms.count ? bpms[i + 1].beat.value : .infinity
            t += (min(beat, end) - start) * 60 / change.bpm
        }
        return t
    }
}
