import Synchronization

/// A single-producer single-consumer ring of `NoteEvent`s: the UI thread pushes, the audio thread pops.
///
/// Fixed power-of-two capacity allocated once; head and tail only grow (wrapping by masking), the producer
/// publishes with a releasing store and the consumer reads with an acquiring load
/// (`/work/shared/reference/audio.md` §2). Neither side allocates, locks or waits.
///
/// Why not AudioIO's `SPSCQueue<NoteEvent>`: called from this module its generic methods run unspecialized
/// (they are not `@inlinable`), and the compiler's `@_noLocks` check on the render path (RealTimeCheck.swift)
/// rejects them for reference counting. This one is a concrete non-copyable struct stored inline in
/// `LiveSynth`, so using it involves no reference counting and the check passes.
struct NoteEventRing: ~Copyable, @unchecked Sendable {
    private let slots: UnsafeMutablePointer<NoteEvent>
    private let mask: Int
    private let head = Atomic<Int>(0)  // next slot the producer writes
    private let tail = Atomic<Int>(0)  // next slot the consumer reads

    /// A ring holding at least `capacity` events (rounded up to a power of two).
    init(capacity: Int) {
        var size = 1
        while size < max(capacity, 2) { size <<= 1 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: NoteEvent(frame: 0, kind: .off, pitch: 0), count: size)
    }

    deinit {
        slots.deinitialize(count: mask + 1)
        slots.deallocate()
    }

    /// Producer: appends `event`; false if the ring is full.
    func push(_ event: NoteEvent) -> Bool {
        let h = head.load(ordering: .relaxed)
        guard h - tail.load(ordering: .acquiring) <= mask else { return false }
        slots[h & mask] = event
        head.store(h + 1, ordering: .releasing)
        return true
    }

    /// Consumer: the oldest event, or nil if empty.
    func pop() -> NoteEvent? {
        let t = tail.load(ordering: .relaxed)
        guard t != head.load(ordering: .acquiring) else { return nil }
        let event = slots[t & mask]
        tail.store(t + 1, ordering: .releasing)
        return event
    }

    /// Consumer: drops everything pushed so far.
    func removeAll() {
        tail.store(head.load(ordering: .acquiring), ordering: .releasing)
    }
}
