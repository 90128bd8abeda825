import AudioIO
import Music
import Synth

/// `:export FILE.wav`: the melody bounced through each track's instrument — the same instruments live
/// playback uses (`EngineMelodyOutput`), so the file sounds like what was heard — written atomically as WAV.
public enum MelodyExport {
    /// The sample rate of exported files (the engine's default rate, so live and export are sample for sample).
    public static let sampleRate = 48_000.0

    /// The melody rendered with `instruments[i]` for track i (a missing entry: the track's default).
    public static func render(_ melody: NoteSequence, instruments: [InstrumentChoice]) -> AudioBuffer {
        Bounce.render(melody, sampleRate: sampleRate, includeDrums: true) { index, track in
            (instruments.indices.contains(index) ? instruments[index] : .default(for: track)).makeInstrument()
        }
    }

    /// Renders and writes `melody` to `path` (16-bit WAV); the error names the file.
    public static func wav(_ melody: NoteSequence, instruments: [InstrumentChoice] = [], to path: String) throws {
        try AudioFile.write(render(melody, instruments: instruments), to: path, format: .wav16, overwrite: true)
    }
}
