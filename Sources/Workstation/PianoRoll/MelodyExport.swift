import AudioIO
import Music
import Synth

/// `:export FILE.wav`: the melody bounced through the built-in synth (General MIDI family patches per
/// track), written atomically as 16-bit WAV.
public enum MelodyExport {
    /// Renders and writes `melody` to `path`; the error names the file.
    public static func wav(_ melody: NoteSequence, to path: String) throws {
        let audio = Bounce.render(melody, sampleRate: 48_000) { track in PolySynth(patch: .generalMIDI(program: track.program)) }
        try AudioFile.write(audio, to: path, format: .wav16, overwrite: true)
    }
}
