import AudioIO
import Synchronization

/// An `Instrument` played live: note events are scheduled from any one thread (the UI) at absolute frames
/// of the audio stream, and the audio thread renders blocks with each event landing on its exact frame.
///
/// The audio thread's `render(into:startingAt:)` allocates nothing, takes no lock and does no I/O: events
/// travel through a lock-free single-producer ring into a fixed-size pending list kept sorted by frame, so
/// events may be scheduled in any order and ahead of time. An event whose frame has already passed (pushed
/// too late) sounds at the start of the next block.
public final class LiveSynth<Voices: Instrument>: @unchecked Sendable {
    /// The instrument; touch it only from the audio thread once rendering has started.
    public let instrument: Voices
    /// The same instrument without reference counting, for the audio thread (`instrument` keeps it alive).
    private let voices: Unmanaged<Voices>
    private let ring: NoteEventRing
    private let pending: UnsafeMutablePointer<NoteEvent>
    private let pendingCapacity: Int
    private var pendingCount = 0
    private let flushRequested = Atomic<Bool>(false)
    /// Mono scratch for the engine's interleaved blocks.
    private let scratch: UnsafeMutablePointer<Float>
    private static var scratchFrames: Int { 2048 }
    private let droppedEvents = Atomic<Int>(0)

    /// A live source over `instrument`, prepared for `sampleRate`; `capacity` events can wait at once.
    public init(instrument: Voices, sampleRate: Double, capacity: Int = 4096) {
        self.instrument = instrument
        voices = Unmanaged.passUnretained(instrument)
        instrument.prepare(sampleRate: sampleRate)
        ring = NoteEventRing(capacity: capacity)
        pendingCapacity = max(capacity, 16)
        pending = .allocate(capacity: pendingCapacity)
        pending.initialize(repeating: NoteEvent(frame: 0, kind: .off, pitch: 0), count: pendingCapacity)
        scratch = .allocate(capacity: Self.scratchFrames)
        scratch.initialize(repeating: 0, count: Self.scratchFrames)
    }

    deinit {
        pending.deinitialize(count: pendingCapacity)
        pending.deallocate()
        scratch.deallocate()
    }

    // MARK: Producer side (one thread, e.g. the UI)

    /// Schedules `event` at its absolute frame; false (and counted in `droppedEventCount`) if the queue is full.
    @discardableResult
    public func schedule(_ event: NoteEvent) -> Bool {
        if ring.push(event) { return true }
        droppedEvents.add(1, ordering: .relaxed)
        return false
    }

    /// Schedules every note of a `NoteEvent.schedule(...)` list, shifted to start at `frame`.
    public func schedule(_ events: [NoteEvent], startingAt frame: Int) {
        for var event in events {
            event.frame += frame
            schedule(event)
        }
    }

    /// Forgets every scheduled event and releases every note at the next block (stop, seek).
    public func flush() {
        flushRequested.store(true, ordering: .releasing)
    }

    /// Events refused because the queue was full.
    public var droppedEventCount: Int { droppedEvents.load(ordering: .relaxed) }

    // MARK: Audio thread

    /// Adds `output.count` frames of sound into `output`; `frame` is the absolute frame of `output[0]`.
    public func render(into output: UnsafeMutableBufferPointer<Float>, startingAt frame: Int) {
        if flushRequested.exchange(false, ordering: .acquiring) {
            ring.removeAll()
            pendingCount = 0
            voices._withUnsafeGuaranteedRef { $0.allNotesOff() }
        }
        while pendingCount < pendingCapacity, let event = ring.pop() { insertPending(event) }
        guard let base = output.baseAddress else { return }
        let end = frame + output.count
        var done = 0
        var next = 0
        while done < output.count {
            // Start every event due at or before the current frame, then render up to the next one.
            // (No `&&` with `self` on its right: its autoclosure would retain `self` on the audio thread.)
            while next < pendingCount {
                let e = pending[next]
                if e.frame > frame + done { break }
                switch e.kind {
                case .on: voices._withUnsafeGuaranteedRef { $0.noteOn(pitch: e.pitch, velocity: e.velocity) }
                case .off: voices._withUnsafeGuaranteedRef { $0.noteOff(pitch: e.pitch) }
                }
                next += 1
            }
            var stop = end
            if next < pendingCount { stop = min(pending[next].frame, end) }
            let count = stop - (frame + done)
            voices._withUnsafeGuaranteedRef { $0.render(into: UnsafeMutableBufferPointer(start: base + done, count: count)) }
            done += count
        }
        // Drop the events used; the rest (later blocks) move to the front.
        if next > 0 {
            for i in next..<pendingCount { pending[i - next] = pending[i] }
            pendingCount -= next
        }
    }

    /// Insertion into the frame-sorted pending list (stable: equal frames keep offs before ons, then push order).
    private func insertPending(_ event: NoteEvent) {
        var i = pendingCount
        while i > 0 {
            let earlier = pending[i - 1]
            guard event.isHandled(before: earlier) else { break }
            pending[i] = earlier
            i -= 1
        }
        pending[i] = event
        pendingCount += 1
    }
}

extension LiveSynth: LiveSource {
    /// The engine's hook: renders mono and adds it to every channel of the interleaved `buffer`.
    /// `time` is the engine clock, the same frame count `schedule` takes.
    public func render(into buffer: UnsafeMutablePointer<Float>, frames: Int, channelCount: Int, at time: Int64) {
        var done = 0
        while done < frames {
            let count = min(Self.scratchFrames, frames - done)
            scratch.update(repeating: 0, count: count)
            render(into: UnsafeMutableBufferPointer(start: scratch, count: count), startingAt: Int(time) + done)
            for i in 0..<count {
                let x = scratch[i]
                for c in 0..<channelCount { buffer[(done + i) * channelCount + c] += x }
            }
            done += count
        }
    }
}
