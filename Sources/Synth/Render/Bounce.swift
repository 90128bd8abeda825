import AudioIO
import Music

/// Offline rendering of a `NoteSequence` through an `Instrument` into an `AudioBuffer` (the "bounce"
/// behind `kanade render` and WAV export).
public enum Bounce {
    /// The longest release tail rendered after the last note-off, in seconds.
    public static let maximumTail = 10.0

    /// Renders `sequence` with `instrument` at `sampleRate`: every note starts and stops on its exact frame,
    /// and rendering goes on after the last note-off until the instrument is silent (at most `maximumTail`).
    /// The result has `channelCount` identical channels (the built-in synth is mono).
    public static func render<I: Instrument>(_ sequence: NoteSequence, instrument: I, sampleRate: Double = 48_000,
                                             channelCount: Int = 2, includeDrums: Bool = false) -> AudioBuffer {
        render(events: NoteEvent.schedule(sequence, sampleRate: sampleRate, includeDrums: includeDrums),
               instrument: instrument, sampleRate: sampleRate, channelCount: channelCount)
    }

    /// Renders each track through its own instrument from `makeInstrument` (e.g. a `PolySynth` with
    /// `Patch.generalMIDI(program: track.program)`) and mixes them. Drum tracks are left out unless asked for.
    public static func render<I: Instrument>(_ sequence: NoteSequence, sampleRate: Double = 48_000, channelCount: Int = 2,
                                             includeDrums: Bool = false, instrumentForTrack makeInstrument: (Track) -> I) -> AudioBuffer {
        render(sequence, sampleRate: sampleRate, channelCount: channelCount, includeDrums: includeDrums) { _, track in
            makeInstrument(track)
        }
    }

    /// Renders each track through the instrument `makeInstrument` gives for its index and the track, and mixes them.
    public static func render<I: Instrument>(_ sequence: NoteSequence, sampleRate: Double = 48_000, channelCount: Int = 2,
                                             includeDrums: Bool = false,
                                             instrumentForTrackAt makeInstrument: (Int, Track) -> I) -> AudioBuffer {
        var mix: [Float] = []
        for (index, track) in sequence.tracks.enumerated() where includeDrums || !track.isDrums {
            var part = sequence
            part.tracks = [track]
            let rendered = render(part, instrument: makeInstrument(index, track), sampleRate: sampleRate, channelCount: 1,
                                  includeDrums: true).channels[0]
            if rendered.count > mix.count { mix += [Float](repeating: 0, count: rendered.count - mix.count) }
            for i in rendered.indices { mix[i] += rendered[i] }
        }
        return AudioBuffer(sampleRate: sampleRate, channels: Array(repeating: mix, count: max(channelCount, 1)))
    }

    /// Renders note events (sorted by frame, offs before ons at one frame) from frame 0, then the tail.
    public static func render<I: Instrument>(events: [NoteEvent], instrument: I, sampleRate: Double = 48_000,
                                             channelCount: Int = 2) -> AudioBuffer {
        instrument.prepare(sampleRate: sampleRate)
        let blockSize = 512
        var mono: [Float] = []
        mono.reserveCapacity((events.last?.frame ?? 0) + Int(sampleRate))
        var block = [Float](repeating: 0, count: blockSize)
        var frame = 0
        var next = 0
        let lastEventFrame = events.last?.frame ?? 0
        let tailLimit = lastEventFrame + Int(maximumTail * sampleRate)
        while next < events.count || (!instrument.isSilent && frame < tailLimit) {
            while next < events.count && events[next].frame <= frame {
                let e = events[next]
                switch e.kind {
                case .on: instrument.noteOn(pitch: e.pitch, velocity: e.velocity)
                case .off: instrument.noteOff(pitch: e.pitch)
                }
                next += 1
            }
            // Render up to the next event, so it lands on its exact frame.
            var count = blockSize
            if next < events.count { count = min(count, events[next].frame - frame) }
            block.withUnsafeMutableBufferPointer { buffer in
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                slice.update(repeating: 0)
                instrument.render(into: slice)
            }
            mono.append(contentsOf: block[0..<count])
            frame += count
        }
        return AudioBuffer(sampleRate: sampleRate, channels: Array(repeating: mono, count: max(channelCount, 1)))
    }
}
