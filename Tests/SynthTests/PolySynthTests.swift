import Testing
import AudioIO
import Music
@testable import Synth

@Suite struct PolySynthTests {
    let rate = 48_000.0

    /// A sequence at 120 BPM, 480 ticks per quarter: (pitch, start quarter, end quarter).
    func sequence(_ notes: [(Int, Double, Double)], velocity: Int = 100) -> NoteSequence {
        NoteSequence(tracks: [Track(notes: notes.map {
            Note(pitch: $0.0, velocity: velocity, startTick: Int($0.1 * 480), endTick: Int($0.2 * 480))
        })])
    }

    @Test func sineNotesHaveTheRightPitch() {
        for (pitch, hertz) in [(69, 440.0), (60, 261.6256), (45, 110.0), (81, 880.0)] {
            let out = Bounce.render(sequence([(pitch, 0, 2)]), instrument: PolySynth(patch: .sine), sampleRate: rate)
            let steady = out.channels[0][4800..<43200]
            let measured = SignalProbe.zeroCrossingFrequency(steady, sampleRate: rate)
            #expect(abs(measured - hertz) < 0.05, "pitch \(pitch): \(measured) Hz")
        }
    }

    @Test func leadPatchFundamentalIsTheNotesFrequency() {
        let out = Bounce.render(sequence([(69, 0, 2)]), instrument: PolySynth(), sampleRate: rate)
        let steady = out.channels[0][9600..<43200]
        let at440 = SignalProbe.magnitude(steady, at: 440, sampleRate: rate)
        let quarterToneOff = SignalProbe.magnitude(steady, at: 453, sampleRate: rate)
        let octaveBelow = SignalProbe.magnitude(steady, at: 220, sampleRate: rate)
        #expect(at440 > 20 * quarterToneOff)
        #expect(at440 > 20 * octaveBelow)
    }

    @Test func notesStartOnTheirExactFrame() {
        // Quarter 2 at 120 BPM = 1.0 s = frame 48,000.
        let out = Bounce.render(sequence([(60, 2, 3)]), instrument: PolySynth(patch: .sine), sampleRate: rate)
        let samples = out.channels[0]
        #expect(samples[..<48_001].allSatisfy { $0 == 0 })
        #expect(samples[48_001..<48_100].contains { $0 != 0 })
        #expect(out.channelCount == 2 && out.channels[0] == out.channels[1])
    }

    @Test func renderingStopsWhenTheReleaseHasDecayed() {
        let out = Bounce.render(sequence([(60, 0, 1)]), instrument: PolySynth(patch: .sine), sampleRate: rate)
        // Note-off at 0.5 s; release constant 0.12 s reaches −80 dB in ~1.1 s.
        #expect(out.duration > 0.5 && out.duration < 2.0)
        #expect(abs(out.channels[0].last!) < 1e-3)
    }

    @Test func noClicksAtNoteOnOffRestrikeAndStealing() {
        // Low sine notes so the signal's own slope is small: overlapping notes, a re-struck pitch,
        // a velocity jump, and more notes than the 3 voices so voices get stolen.
        let first: [(Int, Double, Double)] = [(48, 0, 4), (52, 0.5, 1.5), (48, 1, 2), (55, 1, 3), (50, 1.25, 2),
                                              (53, 1.5, 2.5), (57, 1.75, 3), (45, 2, 2.25), (45, 2.25, 2.5)]
        let quick: [(Int, Double, Double)] = (0..<12).map { (i: Int) -> (Int, Double, Double) in
            let start = 3 + Double(i) * 0.125
            return (47 + i % 5, start, start + 0.1)
        }
        let notes = first + quick
        let synth = PolySynth(patch: .sine, voiceCount: 3)
        let out = Bounce.render(sequence(notes, velocity: 127), instrument: synth, sampleRate: rate)
        let samples = out.channels[0]
        // A sine of amplitude a at f has slope ≤ 2πf·a per second; 3 voices at most, f ≤ 196 Hz.
        let peak = samples.map(abs).max()!
        let slopeBound = Float(2 * Double.pi * 196 / rate) * Patch.sine.gain * 3 * 1.1
        #expect(peak > 0.1)
        #expect(SignalProbe.largestStep(samples) < slopeBound)
        // The detector does see a click: a hard cut of a sounding note.
        var clicked = samples
        let loudest = samples.indices.max { abs(samples[$0]) < abs(samples[$1]) }!
        for i in loudest..<clicked.count { clicked[i] = 0 }
        #expect(SignalProbe.largestStep(clicked) > 5 * slopeBound)
    }

    @Test func stealingKeepsToTheVoiceCountAndPlaysTheNewNote() {
        let synth = PolySynth(patch: .sine, voiceCount: 2)
        synth.prepare(sampleRate: rate)
        synth.noteOn(pitch: 48, velocity: 100)
        synth.noteOn(pitch: 52, velocity: 100)
        synth.noteOn(pitch: 69, velocity: 100)
        #expect(synth.activeVoiceCount == 2)
        var buffer = [Float](repeating: 0, count: 48_000)
        buffer.withUnsafeMutableBufferPointer { synth.render(into: $0) }
        let at440 = SignalProbe.magnitude(buffer[4800...], at: 440, sampleRate: rate)
        let at130 = SignalProbe.magnitude(buffer[4800...], at: 130.81, sampleRate: rate)
        let at164 = SignalProbe.magnitude(buffer[4800...], at: 164.81, sampleRate: rate)
        #expect(at440 > 0.02)
        // The oldest held note (C3) was stolen; E3 still sounds.
        #expect(at130 < at440 / 50)
        #expect(at164 > 0.02)
        synth.allNotesOff()
        for _ in 0..<4 { buffer.withUnsafeMutableBufferPointer { synth.render(into: $0) } }
        #expect(synth.isSilent)
    }

    @Test func sawIsBandLimited() {
        // C7 (2093 Hz) at 48 kHz: a naive saw folds strong partials back between the harmonics.
        let rate = 48_000.0, f = 2093.0048, n = 8192
        var osc = Oscillator(phase: 0, increment: f / rate)
        let blep = (0..<n).map { _ in osc.next(.saw) }
        var phase = 0.0
        let naive: [Float] = (0..<n).map { _ in
            defer { phase += f / rate; if phase >= 1 { phase -= 1 } }
            return Float(2 * phase - 1)
        }
        func aliasLevel(_ x: [Float]) -> Double {
            // Loudest component at frequencies halfway between harmonics, relative to the fundamental.
            let fundamental = SignalProbe.magnitude(x[...], at: f, sampleRate: rate)
            let between = (1..<11).map { SignalProbe.magnitude(x[...], at: (Double($0) + 0.5) * f, sampleRate: rate) }
            return between.max()! / fundamental
        }
        let blepAlias = aliasLevel(blep), naiveAlias = aliasLevel(naive)
        #expect(naiveAlias > 3 * blepAlias, "naive \(naiveAlias) vs polyBLEP \(blepAlias)")
        #expect(blepAlias < 0.03)
    }
}

extension PolySynthTests {
    @Test func perTrackInstrumentsAreMixed() {
        let melody = Track(program: 0, notes: [Note(pitch: 72, startTick: 0, endTick: 480)])
        let bass = Track(program: 33, channel: 1, notes: [Note(pitch: 36, startTick: 240, endTick: 960, channel: 1)])
        let drums = Track(channel: 9, notes: [Note(pitch: 36, startTick: 0, endTick: 100, channel: 9)])
        let song = NoteSequence(tracks: [melody, bass, drums])
        let mixed = Bounce.render(song, sampleRate: rate, channelCount: 1) { PolySynth(patch: .generalMIDI(program: $0.program)) }
        func alone(_ track: Track) -> [Float] {
            Bounce.render(NoteSequence(tracks: [track]), instrument: PolySynth(patch: .generalMIDI(program: track.program)),
                          sampleRate: rate, channelCount: 1).channels[0]
        }
        let a = alone(melody), b = alone(bass)
        let sum = (0..<max(a.count, b.count)).map { (($0 < a.count) ? a[$0] : 0) + (($0 < b.count) ? b[$0] : 0) }
        #expect(mixed.channels[0] == sum)
        #expect(Patch.generalMIDI(program: 33) != Patch.generalMIDI(program: 0))
        #expect(Patch.generalMIDI(program: 81) == .lead)
    }
}
