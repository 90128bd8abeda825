import Foundation

/// Results of parallel tasks (`DispatchQueue.concurrentPerform`), one slot each, behind a lock.
final class Results<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Value) { lock.withLock { slots[i] = value } }
    var values: [Value] { lock.withLock { slots.map { $0! } } }
}
