import Synchronization

/// A model (or any value) loaded on first use, from whichever thread asks first, and kept. A failed load is not
/// kept: the next ask tries again (a model file put in place meanwhile is found).
public final class LoadedOnce<Value: Sendable>: Sendable {
    private let loaded = Mutex<Value?>(nil)
    private let load: @Sendable () throws -> Value

    /// A value `load` makes when first asked for.
    public init(_ load: @escaping @Sendable () throws -> Value) { self.load = load }

    /// The value, loading it if no earlier ask did.
    public func value() throws -> Value {
        if let v = loaded.withLock({ $0 }) { return v }
        let v = try load()
        loaded.withLock { $0 = v }
        return v
    }
}
