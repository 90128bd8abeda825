import Synchronization

/// A bounded lock-free queue for exactly one producer thread and one consumer thread.
///
/// The real-time handoff between a control thread (UI, sequencer) and the audio thread:
/// neither side ever waits, allocates or locks. Capacity is fixed at creation (rounded up to a
/// power of two); a full queue refuses the push rather than growing. Head and tail count up
/// forever (wrap-safe `&+`), the producer publishes with a releasing store and the consumer
/// reads it acquiring, so an element is fully written before the other side can see it.
///
/// Reuse it for your own events: e.g. the synth's note events, pushed from the UI thread and
/// popped inside `LiveSource.render` on the audio thread. If several threads must produce,
/// serialise them with a lock on the *producer* side; the consumer stays lock-free.
public final class SPSCQueue<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutablePointer<Element>
    @usableFromInline let mask: Int
    /// Next slot to write; written only by the producer.
    @usableFromInline let head = Atomic<Int>(0)
    /// Next slot to read; written only by the consumer.
    @usableFromInline let tail = Atomic<Int>(0)

    /// A queue holding at least `capacity` elements (rounded up to a power of two).
    public init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        var size = 1
        while size < capacity { size <<= 1 }
        storage = .allocate(capacity: size)
        mask = size - 1
    }

    deinit {
        while tryPop() != nil {}
        storage.deallocate()
    }

    /// How many elements fit.
    public var capacity: Int { mask + 1 }

    /// Elements waiting now (exact only from the producer's or consumer's own thread).
    public var count: Int {
        head.load(ordering: .acquiring) &- tail.load(ordering: .acquiring)
    }

    /// Producer: appends `element`; false (and nothing stored) when the queue is full.
    @inlinable @discardableResult
    public func tryPush(_ element: consuming Element) -> Bool {
        let h = head.load(ordering: .relaxed)
        if h &- tail.load(ordering: .acquiring) > mask { return false }
        (storage + (h & mask)).initialize(to: element)
        head.store(h &+ 1, ordering: .releasing)
        return true
    }

    /// Consumer: removes and returns the oldest element, or nil when empty.
    @inlinable
    public func tryPop() -> Element? {
        let t = tail.load(ordering: .relaxed)
        if t == head.load(ordering: .acquiring) { return nil }
        let element = (storage + (t & mask)).move()
        tail.store(t &+ 1, ordering: .releasing)
        return element
    }

    /// Consumer: the oldest element without removing it, or nil when empty
    /// (for "is the next event inside this block?" checks).
    @inlinable
    public func peek() -> Element? {
        let t = tail.load(ordering: .relaxed)
        if t == head.load(ordering: .acquiring) { return nil }
        return storage[t & mask]
    }
}
