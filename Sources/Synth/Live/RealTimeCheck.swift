// Compile-time proof that the audio-thread path allocates nothing and takes no lock: the compiler checks
// every call under these attributes (`/work/shared/reference/audio.md` §2). Only optimized builds
// (`swift build -c release`) specialize the generics the check needs to see through, so debug builds skip it.
#if !DEBUG
@_noAllocation @_noLocks
func liveSynthRenderIsRealTimeSafe(_ live: LiveSynth<PolySynth>, _ buffer: UnsafeMutablePointer<Float>, frames: Int,
                                   channelCount: Int, time: Int64) {
    live.render(into: buffer, frames: frames, channelCount: channelCount, at: time)
}
#endif

#if !DEBUG
@_noAllocation @_noLocks
func instrumentSlotRenderIsRealTimeSafe(_ live: LiveSynth<InstrumentSlot>, _ buffer: UnsafeMutablePointer<Float>, frames: Int,
                                        channelCount: Int, time: Int64) {
    live.render(into: buffer, frames: frames, channelCount: channelCount, at: time)
}
#endif

#if !DEBUG
@_noAllocation @_noLocks
func sampledSynthIsRealTimeSafe(_ synth: SampledSynth, _ output: UnsafeMutableBufferPointer<Float>) {
    synth.noteOn(pitch: 60, velocity: 100)
    synth.render(into: output)
    synth.noteOff(pitch: 60)
    synth.allNotesOff()
}
#endif
