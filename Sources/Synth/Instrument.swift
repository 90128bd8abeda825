/// A sound source that plays notes: the built-in `PolySynth` now, the morph-grid timbre later.
///
/// An instrument is driven from one thread at a time (the offline bounce, or the audio thread through
/// `LiveSynth`). `prepare` may allocate; `noteOn`, `noteOff`, `allNotesOff` and `render` must not
/// allocate, lock or do I/O, because the audio thread calls them.
public protocol Instrument: AnyObject {
    /// Gets ready to render at `sampleRate` (allocates voices, computes tables); silences everything.
    func prepare(sampleRate: Double)
    /// Starts a note of MIDI `pitch` (0…127) at `velocity` (1…127) at the next rendered frame.
    func noteOn(pitch: Int, velocity: Int)
    /// Releases the oldest held note of `pitch`; its release tail keeps sounding.
    func noteOff(pitch: Int)
    /// Releases every held note.
    func allNotesOff()
    /// Adds the next `output.count` frames of mono sound into `output`.
    func render(into output: UnsafeMutableBufferPointer<Float>)
    /// True when nothing is sounding (every release has finished).
    var isSilent: Bool { get }
}
