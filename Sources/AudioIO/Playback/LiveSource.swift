/// Audio made on the audio thread as it plays — the synth's voices, a metronome — rather than
/// read from a track. Attach one with `PlaybackEngine.addLiveSource(_:)`.
///
/// `render` runs on the audio thread once per period while the engine streams (a live source
/// keeps the engine streaming even when the transport is stopped). It must not allocate, lock,
/// log, do I/O or wait: pre-allocate everything in `init` and take events from an `SPSCQueue`
/// filled by the control thread.
///
/// Timing is sample-accurate against the engine clock: `time` is the clock value of the first
/// frame of this block (frames streamed since the engine started; see `PlaybackEngine.clock`).
/// To play a note "as soon as possible", stamp it `engine.clock + engine.latencyFrames`; an
/// event stamped `t` belongs at offset `t − time` of the block when `time ≤ t < time + frames`,
/// and at offset 0 when already late.
public protocol LiveSource: AnyObject, Sendable {
    /// Adds (`+=`) `frames` frames of interleaved audio with `channelCount` channels into `buffer`,
    /// which already holds the tracks' mix. `time` is the engine clock at `buffer`'s first frame.
    func render(into buffer: UnsafeMutablePointer<Float>, frames: Int, channelCount: Int, at time: Int64)
}
