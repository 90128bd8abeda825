import AudioIO
import Foundation
import Music
import Synth

/// The demo session's audio: Music's `NoteSequence.demoSong` (16 bars, A minor) rendered by `Synth`, one
/// patch per part, mixed to stereo — what `kanade` opens when started without a file.
public enum DemoSong {
    /// Renders the song. Drums are left out: the built-in synth has no drum voices.
    public static func render(sampleRate: Double = 44_100) -> AudioBuffer {
        let song = NoteSequence.demoSong
        var left: [Float] = [], right: [Float] = []
        for track in song.tracks where !track.isDrums {
            let (patch, pan) = voice(for: track.name)
            var part = song
            part.tracks = [track]
            let mono = Bounce.render(part, instrument: PolySynth(patch: patch), sampleRate: sampleRate, channelCount: 1)
                .channels[0]
            if mono.count > left.count {
                left += [Float](repeating: 0, count: mono.count - left.count)
                right += [Float](repeating: 0, count: mono.count - right.count)
            }
            // Equal-power pan, so the two waveform lanes differ.
            let angle = (Double(pan) + 1) * .pi / 4
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

    /// A patch and a pan position (−1 left … 1 right) for a part of the demo.
    static func voice(for name: String) -> (Patch, Float) {
        switch name.lowercased() {
        case "melody":
            return (Patch(waveform: .saw, secondWaveform: .square, secondLevel: 0.3, attack: 0.01, release: 0.15,
                          cutoff: 2400, gain: 0.20), 0.35)
        case "chords":
            return (Patch(waveform: .triangle, secondWaveform: .saw, secondLevel: 0.15, attack: 0.03, decay: 0.6,
                          sustain: 0.6, release: 0.3, cutoff: 1400, gain: 0.08), -0.4)
        case "bass":
            return (Patch(waveform: .square, secondWaveform: .sine, secondLevel: 0.6, detuneCents: 0, attack: 0.004,
                          decay: 0.15, sustain: 0.5, release: 0.08, cutoff: 700, resonance: 0.3, gain: 0.22), 0)
        default:
            return (.lead, 0)
        }
    }
}
