import Foundation
import Synth
import Testing

/// The multisampled instrument: each key at its pitch from the nearest sample, sustained past the recording by the
/// loop while held, released after, velocity on a square law, voices reused.
@Suite struct SampledSynthTests {
    func render(_ synth: SampledSynth, seconds: Double, rate: Double = 48_000) -> [Float] {
        var out = [Float](repeating: 0, count: Int(seconds * rate))
        out.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let n = min(256, buffer.count - start)
                synth.render(into: UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + n)]))
                start += n
            }
        }
        return out
    }

    func rms(_ x: ArraySlice<Float>) -> Double { (x.reduce(0) { $0 + Double($1 * $1) } / Double(max(x.count, 1))).squareRoot() }

    @Test func keysSoundAtTheirPitchAndHoldPastTheRecording() {
        let synth = SampledSynth(notes: [48, 60, 72].map(SoundFontWriterTests.note))
        synth.prepare(sampleRate: 48_000)
        for key in [50, 60, 67] {
            synth.noteOn(pitch: key, velocity: 127)
            let held = render(synth, seconds: 6)
            let expected = 440 * pow(2, Double(key - 69) / 12)
            let found = SignalProbe.zeroCrossingFrequency(held[48_000..<96_000], sampleRate: 48_000)
            // Zero crossings of a tone with overtones count the fundamental's period here (the overtones are weak).
            #expect(abs(1200 * log2(found / expected)) < 20, "key \(key): \(found) Hz")
            // At 5 s the 4-s sample has long ended: the loop keeps it at its held level.
            #expect(rms(held[240_000..<264_000]) > 0.7 * rms(held[48_000..<72_000]), "key \(key)")
            #expect(SignalProbe.largestStep(held) < 0.2)
            synth.noteOff(pitch: key)
            let tail = render(synth, seconds: 2.5)
            #expect(rms(tail[0..<4800]) > 0.1 * rms(held[48_000..<72_000]))
            #expect(synth.isSilent && rms(tail[96_000...]) == 0, "key \(key): still sounding after the release")
        }
    }

    @Test func velocityIsASquareLaw() {
        let synth = SampledSynth(notes: [SoundFontWriterTests.note(60)])
        synth.prepare(sampleRate: 48_000)
        synth.noteOn(pitch: 60, velocity: 127)
        let loud = rms(render(synth, seconds: 1)[24_000...])
        synth.allNotesOff()
        _ = render(synth, seconds: 3)
        synth.noteOn(pitch: 60, velocity: 64)
        let soft = rms(render(synth, seconds: 1)[24_000...])
        let measured = 20 * log10(soft / loud), expected = 40 * log10(64.0 / 127)
        #expect(abs(measured - expected) < 0.5, "\(measured) dB, expected \(expected)")
    }

    @Test func moreNotesThanVoicesStealTheOldest() {
        let synth = SampledSynth(notes: [SoundFontWriterTests.note(60)], voiceCount: 2)
        synth.prepare(sampleRate: 48_000)
        for key in [60, 64, 67] { synth.noteOn(pitch: key, velocity: 100) }
        _ = render(synth, seconds: 0.5)
        synth.noteOff(pitch: 64)
        synth.noteOff(pitch: 67)
        _ = render(synth, seconds: 2)
        #expect(synth.isSilent)   // 60 was stolen, so releasing 64 and 67 silences everything
    }
}
