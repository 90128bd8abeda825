import AudioIO
import Foundation
import Music
import Synth

/// The demo session's audio: Music's `NoteSequence.demoSong` (16 bars, A minor) rendered by `Synth`, each part
/// with its General MIDI family patch, panned and mixed to stereo — what `kanade` opens when started without a file.
public enum DemoSong {
    /// Renders the song. The drum track plays the SoundFont's GM kit (`sf:drums`); without a usable SoundFont
    /// it is left out, as the built-in synth has no drum voices.
    public static func render(sampleRate: Double = 44_100) -> AudioBuffer {
        let song = NoteSequence.demoSong
        var left: [Float] = [], right: [Float] = []
        for track in song.tracks {
            let instrument: PlayedInstrument
            if track.isDrums {
                guard let kit = try? InstrumentChoice.soundFontDrums.makeInstrumentChecked() else { continue }
                instrument = kit
            } else {
                instrument = PlayedInstrument(PolySynth(patch: .generalMIDI(program: track.program)))
            }
            let position = pan(for: track.name)
            var part = song
            part.tracks = [track]
            let mono = Bounce.render(part, instrument: instrument, sampleRate: sampleRate, channelCount: 1, includeDrums: true)
                .channels[0]
            if mono.count > left.count {
                left += [Float](repeating: 0, count: mono.count - left.count)
                right += [Float](repeating: 0, count: mono.count - right.count)
            }
            // Equal-power pan, so the two waveform lanes differ.
            let angle = (Double(position) + 1) * .pi / 4
            let gl = Float(cos(angle)), gr = Float(sin(angle))
            for n in 0..<mono.count { left[n] += mono[n] * gl; right[n] += mono[n] * gr }
        }
        guard !left.isEmpty else { return AudioBuffer(sampleRate: sampleRate, channelCount: 2, frameCount: 0) }
        // Normalise to −1 dBFS so the waveform fills its lanes.
        let peak = max(left.map(abs).max() ?? 0, right.map(abs).max() ?? 0)
        if peak > 0 {
            let scale = 0.89 / peak
            for n in 0..<left.count { left[n] *= scale; right[n] *= scale }
        }
        return AudioBuffer(sampleRate: sampleRate, channels: [left, right])
    }

    /// Where a part sits in the stereo field (−1 left … 1 right): melody right, chords left, the rest centred.
    static func pan(for name: String) -> Float {
        switch name.lowercased() {
        case "melody": return 0.35
        case "chords": return -0.4
        default: return 0
        }
    }
}
