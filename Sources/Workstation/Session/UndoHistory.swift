/// Unlimited undo and redo over whole `Session` snapshots (cheap: tracks share their sample arrays).
public struct UndoHistory: Sendable {
    /// Sessions before each edit, oldest first.
    public private(set) var past: [Session] = []
    /// Sessions undone, most recently undone last.
    public private(set) var future: [Session] = []

    /// Empty history.
    public init() {}

    /// Records `before` as the state an edit started from; a new edit forgets what was undone.
    public mutating func record(_ before: Session) {
        past.append(before)
        future.removeAll()
    }

    /// Steps back: returns the session to show, storing `current` for redo. Nil when nothing to undo.
    public mutating func undo(from current: Session) -> Session? {
        guard let previous = past.popLast() else { return nil }
        future.append(current)
        return previous
    }

    /// Steps forward again. Nil when nothing to redo.
    public mutating func redo(from current: Session) -> Session? {
        guard let next = future.popLast() else { return nil }
        past.append(current)
        return next
    }
}
