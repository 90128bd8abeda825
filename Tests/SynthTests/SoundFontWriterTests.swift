import AudioIO
import Foundation
import Music
import Synth
import Testing
import TestSupport

/// Exported SoundFonts: fluidsynth loads them without a warning and plays every key at its pitch, sustaining past
/// the recording through the loop; sustain loops join without a jump.
@Suite struct SoundFontWriterTests {
    /// A 4 s harmonic note at `pitch`: 3 s held, 1 s release, 16 kHz.
    static func note(_ pitch: Int) -> SampledNote {
        let rate = 16_000.0, f = 440 * pow(2, Double(pitch - 69) / 12)
        let samples = (0..<64_000).map { i -> Float in
            let t = Double(i) / rate
            let env = min(1, t / 0.01) * (t < 3 ? 1 : max(0, 1 - (t - 3)))
            return Float(0.4 * env * (sin(2 * .pi * f * t) + 0.4 * sin(4 * .pi * f * t) + 0.2 * sin(6 * .pi * f * t)))
        }
        return SampledNote(samples: samples, sampleRate: rate, pitch: pitch)
    }

    /// The strongest frequency of `x` within a semitone of `expected` (Hann window, a DFT at 1-cent steps).
    static func peakFrequency(_ x: ArraySlice<Float>, around expected: Double, rate: Double) -> Double {
        let w = x.enumerated().map { i, v in Double(v) * (0.5 - 0.5 * cos(2 * .pi * Double(i) / Double(x.count))) }
        var best = (f: 0.0, p: -1.0)
        for cents in -100...100 {
            let f = expected * pow(2, Double(cents) / 1200)
            var c = 0.0, s = 0.0
            for (i, v) in w.enumerated() { c += v * cos(2 * .pi * f * Double(i) / rate); s += v * sin(2 * .pi * f * Double(i) / rate) }
            if c * c + s * s > best.p { best = (f, c * c + s * s) }
        }
        return best.f
    }

    @Test func loopsJoinSmoothly() {
        for pitch in [36, 60, 84] {
            let n = Self.note(pitch)
            #expect(n.loop.count > 8000, "key \(pitch): loop \(n.loop)")
            #expect(n.loop.upperBound < 48_000 && n.loop.lowerBound > 10_000)
            // The jump from the loop's end to its start is no bigger than one step of the waveform.
            let step = zip(n.samples[n.loop], n.samples[n.loop].dropFirst()).map { abs($0 - $1) }.max()!
            #expect(abs(n.samples[n.loop.upperBound] - n.samples[n.loop.lowerBound]) <= step, "key \(pitch)")
        }
    }

    @Test func fluidsynthPlaysEveryKeyAtItsPitch() throws {
        let dir = TemporaryDirectory("sf2")
        defer { dir.remove() }
        let sf2 = dir.file("test.sf2"), mid = dir.file("tune.mid"), wav = dir.file("out.wav")
        try SoundFontWriter.write(name: "kanade test", notes: [36, 48, 60, 72].map(Self.note), to: sf2)
        // Four notes of 5 s each (longer than the 4 s samples), between and on the sampled keys.
        let keys = [40, 55, 60, 79]
        let tpq = 480, quarter = 0.5
        let notes = keys.enumerated().map { i, k in
            Note(pitch: k, velocity: 100, startTick: i * 12 * tpq, endTick: i * 12 * tpq + 10 * tpq)
        }
        try NoteSequence(tracks: [Track(notes: notes)]).writeMIDIFile(to: mid)
        let rendered = try renderWithFluidSynth(sf2: sf2, midi: mid, wav: wav)
        #expect(rendered.status == 0)
        #expect(rendered.problems.isEmpty, "\(rendered.output)")
        let audio = try AudioFile.read(wav)
        let x = audio.channels[0], rate = audio.sampleRate
        for (i, k) in keys.enumerated() {
            let start = Double(i * 12) * quarter
            let expected = 440 * pow(2, Double(k - 69) / 12)
            let held = x[Int((start + 1) * rate)..<Int((start + 1.2) * rate)]
            let found = Self.peakFrequency(held, around: expected, rate: rate)
            #expect(abs(1200 * log2(found / expected)) < 25, "key \(k): \(found) Hz, expected \(expected)")
            // Still sounding at 4.5 s, past the sample's own 3 s hold: the loop sustains it.
            let late = x[Int((start + 4.5) * rate)..<Int((start + 4.8) * rate)]
            let early = x[Int((start + 1) * rate)..<Int((start + 1.3) * rate)]
            func rms(_ s: ArraySlice<Float>) -> Double { (s.reduce(0) { $0 + Double($1 * $1) } / Double(s.count)).squareRoot() }
            #expect(rms(late) > 0.5 * rms(early), "key \(k): \(rms(late)) late, \(rms(early)) early")
        }
    }

    @Test func refusesWhatIsNotAnInstrument() {
        #expect(throws: SoundFontWriter.Failure.self) { try SoundFontWriter.bytes(name: "x", notes: []) }
        var bad = Self.note(60)
        bad.loop = 0..<10
        #expect(throws: SoundFontWriter.Failure.self) { try SoundFontWriter.bytes(name: "x", notes: [bad]) }
        #expect(throws: SoundFontWriter.Failure.self) { try SoundFontWriter.bytes(name: "x", notes: [Self.note(60), Self.note(60)]) }
        #expect(throws: SoundFontWriter.Failure.self) {
            try SoundFontWriter.write(name: "x", notes: [Self.note(60)], to: "/nonexistent-folder/x.sf2")
        }
    }
}
