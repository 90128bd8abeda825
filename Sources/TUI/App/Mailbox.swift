import Synchronization
import Workstation

/// Where background work posts actions for the UI thread; posting wakes the loop.
public final class Mailbox: Sendable {
    private let queue = Mutex<[Action]>([])
    private let wakeSignal: WakeSignal

    /// A mailbox that wakes the loop through `wake`.
    public init(wake: WakeSignal) { wakeSignal = wake }

    /// Posts an action from any thread.
    public func post(_ action: Action) {
        queue.withLock { $0.append(action) }
        wakeSignal.wake()
    }

    /// Takes every posted action, oldest first.
    public func drain() -> [Action] { queue.withLock { q in defer { q.removeAll() }; return q } }
}
