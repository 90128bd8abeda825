import Foundation
import Music
import TestSupport
import Testing
@testable import Synth

/// General MIDI through libfluidsynth with Debian's `fluid-soundfont-gm` (installed by scripts/install-deps.sh).
@Suite struct SoundFontSynthTests {
    /// The strongest frequency of `x` (Hz) by a plain DFT scan of 20–2000 Hz in 1 Hz steps.
    static func peakFrequency(_ x: ArraySlice<Float>, sampleRate: Double) -> Double {
        var best = (f: 0.0, power: 0.0)
        for f in stride(from: 20.0, through: 2000, by: 1) {
            var re = 0.0, im = 0.0
            let w = 2 * Double.pi * f / sampleRate
            for (n, v) in x.enumerated() { re += Double(v) * cos(w * Double(n)); im += Double(v) * sin(w * Double(n)) }
            if re * re + im * im > best.power { best = (f, re * re + im * im) }
        }
        return best.f
    }

    @Test func aPianoA4SoundsAt440Hertz() throws {
        let piano = try SoundFontSynth(program: 0)
        let m = NoteSequence(tracks: [Track(name: "p", program: 0, notes: [Note(pitch: 69, velocity: 100, startTick: 0, endTick: 960)])])
        let out = Bounce.render(m, instrument: piano, sampleRate: 48_000, channelCount: 1).channels[0]
        #expect(piano.loadProblem == nil)
        #expect(out.count > 48_000)
        let peak = out.map(abs).max() ?? 0
        #expect(peak > 0.01 && peak < 1, "peak \(peak)")
        let f = Self.peakFrequency(out[4_800..<(4_800 + 9_600)], sampleRate: 48_000)
        #expect(abs(f - 440) <= 3, "strongest frequency \(f) Hz")
        // Rendering went on until fluidsynth's voices ended, then stopped.
        #expect(piano.isSilent)
    }

    @Test func theDrumKitPlaysOnChannelTen() throws {
        let drums = try SoundFontSynth(program: 0, drums: true)
        let pianoSynth = try SoundFontSynth(program: 0)
        drums.prepare(sampleRate: 48_000)
        pianoSynth.prepare(sampleRate: 48_000)
        // Key 38 on channel 10 is the kit's snare: it sounds, and not as the piano's D2 does.
        drums.noteOn(pitch: 38, velocity: 120)
        var out = [Float](repeating: 0, count: 24_000)
        out.withUnsafeMutableBufferPointer { drums.render(into: $0) }
        #expect((out.map(abs).max() ?? 0) > 0.01)
        drums.noteOff(pitch: 38)
        var piano = [Float](repeating: 0, count: 24_000)
        pianoSynth.noteOn(pitch: 38, velocity: 120)
        piano.withUnsafeMutableBufferPointer { pianoSynth.render(into: $0) }
        let energy = piano.map { Double($0) * Double($0) }.reduce(0, +)
        let difference = zip(out, piano).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +)
        #expect(difference > 0.1 * energy, "difference \(difference), piano energy \(energy)")
    }

    @Test func anUnreadableOrWrongFileIsRefusedByName() throws {
        #expect(throws: SoundFontError(path: "/nonexistent/x.sf2", reason: "cannot be read")) {
            try SoundFontSynth(program: 0, soundFont: "/nonexistent/x.sf2")
        }
        let folder = TemporaryDirectory("soundfont")
        defer { folder.remove() }
        let path = try folder.write(Array("RIFF not a soundfont".utf8), to: "broken.sf2")
        do {
            _ = try SoundFontSynth(program: 0, soundFont: path)
            Issue.record("a broken file was accepted")
        } catch {
            #expect(error.description.contains(path))
        }
        // The choice says so too; `makeInstrument` falls back to the built-in stand-in rather than going silent.
        #expect(throws: SoundFontError.self) { try InstrumentChoice.soundFont(program: 0).makeInstrumentChecked(soundFont: path) }
        #expect(try InstrumentChoice.soundFont(program: 0).makeInstrumentChecked().soundFont != nil)
    }

    @Test func choicesAreWrittenAndParsed() throws {
        for word in ["sf:0", "sf:127", "sf:drums"] { #expect(try InstrumentChoice(parsing: word).name == word) }
        #expect(throws: InstrumentChoiceError.self) { try InstrumentChoice(parsing: "sf:128") }
    }
}
