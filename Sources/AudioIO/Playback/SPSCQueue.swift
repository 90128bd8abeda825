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
/// On the audio thread, use `ring` (a plain struct of pointers) to avoid even the reference
/// counting of touching this class.
public final class SPSCQueue<Element>: @unchecked Sendable {
    /// The queue's memory, as a value the audio thread can hold without reference counting.
    /// Valid as long as this queue lives.
    public let ring: SPSCRing<Element>

    /// A queue holding at least `capacity` elements (rounded up to a power of two).
    public init(capacity: Int) {
        ring = SPSCRing(capacity: capacity)
    }

    deinit { ring.deallocate() }

    /// How many elements fit.
    public var capacity: Int { ring.capacity }
    /// Elements waiting now (exact only from the producer's or consumer's own thread).
    public var count: Int { ring.count }

    /// Producer: appends `element`; false (and nothing stored) when the queue is full.
    @inlinable @discardableResult
    public func tryPush(_ element: consuming Element) -> Bool { ring.tryPush(element) }

    /// Consumer: removes and returns the oldest element, or nil when empty.
    @inlinable
    public func tryPop() -> Element? { ring.tryPop() }

    /// Consumer: the oldest element without removing it, or nil when empty.
    @inlinable
    public func peek() -> Element? { ring.peek() }
}

/// The memory of an `SPSCQueue`: storage and two atomic counters, held by pointer so that copies
/// of this struct share one queue. Same rules: one producer thread, one consumer thread.
public struct SPSCRing<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutablePointer<Element>
    @usableFromInline let indices: UnsafeMutablePointer<Indices>
    @usableFromInline let mask: Int

    /// Next slot to write (only the producer stores it) and next slot to read (only the consumer).
    @usableFromInline struct Indices: ~Copyable {
        @usableFromInline let head = Atomic<Int>(0)
        @usableFromInline let tail = Atomic<Int>(0)
        init() {}
    }

    init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        var size = 1
        while size < capacity { size <<= 1 }
        storage = .allocate(capacity: size)
        indices = .allocate(capacity: 1)
        indices.initialize(to: Indices())
        mask = size - 1
    }

    /// Destroys what is left and frees the memory; no thread may use the ring afterwards.
    func deallocate() {
        while tryPop() != nil {}
        storage.deallocate()
        indices.deinitialize(count: 1)
        indices.deallocate()
    }

    /// How many elements fit.
    public var capacity: Int { mask + 1 }

    /// Elements waiting now (exact only from the producer's or consumer's own thread).
    public var count: Int {
        indices.pointee.head.load(ordering: .acquiring) &- indices.pointee.tail.load(ordering: .acquiring)
    }

    /// Producer: appends `element`; false (and nothing stored) when the queue is full.
    @inlinable @discardableResult
    public func tryPush(_ element: consuming Element) -> Bool {
        let h = indices.pointee.head.load(ordering: .relaxed)
        if h &- indices.pointee.tail.load(ordering: .acquiring) > mask { return false }
        (storage + (h & mask)).initialize(to: element)
        indices.pointee.head.store(h &+ 1, ordering: .releasing)
        return true
    }

    /// Producer: appends `element` to a queue the caller knows is not full (checked only in
    /// debug builds). Unlike `tryPush` it has no path that destroys `element`, so it can carry
    /// the last reference to an object off the audio thread.
    func push(_ element: consuming Element) {
        let h = indices.pointee.head.load(ordering: .relaxed)
        assert(h &- indices.pointee.tail.load(ordering: .acquiring) <= mask, "SPSCRing.push on a full ring")
        (storage + (h & mask)).initialize(to: element)
        indices.pointee.head.store(h &+ 1, ordering: .releasing)
    }

    /// Consumer: removes and returns the oldest element, or nil when empty.
    @inlinable
    public func tryPop() -> Element? {
        let t = indices.pointee.tail.load(ordering: .relaxed)
        if t == indices.pointee.head.load(ordering: .acquiring) { return nil }
        let element = (storage + (t & mask)).move()
        indices.pointee.tail.store(t &+ 1, ordering: .releasing)
        return element
    }

    /// Consumer: the oldest element without removing it, or nil when empty.
    @inlinable
    public func peek() -> Element? {
        let t = indices.pointee.tail.load(ordering: .relaxed)
        if t == indices.pointee.head.load(ordering: .acquiring) { return nil }
        return storage[t & mask]
    }
}
