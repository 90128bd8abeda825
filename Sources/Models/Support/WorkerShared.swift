/// A value (raw pointers, usually) handed to `DispatchQueue.concurrentPerform`'s workers, each of which reads it
/// and writes only its own part of the memory it points to.
struct WorkerShared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
