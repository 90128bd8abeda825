import Synchronization

/// An instrument whose sound can be changed while the audio thread plays it.
///
/// The new instrument is made and `prepare`d on the calling (UI) thread and handed over through an atomic
/// word; the audio thread adopts it at the start of its next block and hands the old one back through a
/// second atomic word, to be released by the UI thread on its next `swap` or `collect`. So the audio thread
/// never allocates, locks, or releases the last reference to an instrument. Notes sounding on the old
/// instrument stop at the swap.
///
/// The slot holds `PlayedInstrument`s (the built-in synth or a SoundFont program). It is deliberately not
/// `any Instrument`: the release build's compile-time real-time check (`RealTimeCheck.swift`) must see every
/// call the render path makes, which a protocol existential hides. New kinds of instrument (sampled
/// morph-grid timbres) join as concrete cases of `PlayedInstrument`.
public final class InstrumentSlot: Instrument, @unchecked Sendable {
    // Invariant: `current` is read and written by the rendering thread only once rendering has started;
    // before that (init, prepare) by the thread that owns the slot. The atomics carry retained pointers.
    private var current: Unmanaged<PlayedInstrument>
    private let incoming = Atomic<UInt>(0)
    private let retired = Atomic<UInt>(0)
    private var sampleRate = 48_000.0

    /// A slot playing `instrument`.
    public init(_ instrument: PlayedInstrument) { current = .passRetained(instrument) }

    /// A slot playing the built-in `synth`.
    public convenience init(_ synth: PolySynth) { self.init(PlayedInstrument(synth)) }

    deinit {
        current.release()
        for word in [incoming.load(ordering: .acquiring), retired.load(ordering: .acquiring)] where word != 0 {
            synth(word).release()
        }
    }


    // MARK: Owner side (the UI thread)

    /// Prepares `instrument` and hands it to the audio thread, which plays it from its next block.
    public func swap(to synth: PolySynth) { swap(to: PlayedInstrument(synth)) }

    /// Prepares `instrument` (loading a SoundFont happens here, on the caller's thread) and hands it over.
    public func swap(to instrument: PlayedInstrument) {
        collect()
        instrument.prepare(sampleRate: sampleRate)
        let word = UInt(bitPattern: Unmanaged.passRetained(instrument).toOpaque())
        let unadopted = incoming.exchange(word, ordering: .acquiringAndReleasing)
        if unadopted != 0 { synth(unadopted).release() }  // never reached the audio thread: still ours
    }

    /// Releases the instrument the audio thread has let go of, if any.
    public func collect() {
        let word = retired.exchange(0, ordering: .acquiringAndReleasing)
        if word != 0 { synth(word).release() }
    }

    /// Whether an instrument handed over has not been adopted yet (tests).
    public var hasPendingSwap: Bool { incoming.load(ordering: .acquiring) != 0 }

    // MARK: Instrument (the rendering thread)

    public func prepare(sampleRate: Double) {
        self.sampleRate = sampleRate
        current._withUnsafeGuaranteedRef { $0.prepare(sampleRate: sampleRate) }
    }

    /// Takes a handed-over instrument, unless the last retired one has not been collected yet.
    private func adopt() {
        guard retired.load(ordering: .acquiring) == 0 else { return }
        let word = incoming.exchange(0, ordering: .acquiringAndReleasing)
        guard word != 0 else { return }
        let old = current
        current = synth(word)
        retired.store(UInt(bitPattern: old.toOpaque()), ordering: .releasing)
    }

    public func noteOn(pitch: Int, velocity: Int) {
        adopt()
        current._withUnsafeGuaranteedRef { $0.noteOn(pitch: pitch, velocity: velocity) }
    }

    public func noteOff(pitch: Int) { current._withUnsafeGuaranteedRef { $0.noteOff(pitch: pitch) } }

    public func allNotesOff() { current._withUnsafeGuaranteedRef { $0.allNotesOff() } }

    public func render(into output: UnsafeMutableBufferPointer<Float>) {
        adopt()
        current._withUnsafeGuaranteedRef { $0.render(into: output) }
    }

    public var isSilent: Bool { current._withUnsafeGuaranteedRef { $0.isSilent } }
}

/// The synth a non-zero atomic word points at (a free function: `Self` on the audio path would ask the runtime
/// for metadata, which the real-time check refuses).
private func synth(_ word: UInt) -> Unmanaged<PlayedInstrument> {
    Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: word)!)
}
