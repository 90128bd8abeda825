/// A feature's share of some state: the view of its pane (`ViewState`), work in progress (`AppState`),
/// or, as a `SessionPart`, its part of the saved document. A fresh one is `init()`.
public protocol StatePart: Sendable, Equatable {
    /// The part before anything happened.
    init()
}

/// A feature's part of the saved session: written to `session.toml` under `key`, journaled, and checked
/// by `problems` when read back, so a damaged file is reported instead of trusted.
public protocol SessionPart: StatePart, Codable {
    /// The table it is saved under (`piano_roll`).
    static var key: String { get }
    /// What is wrong with a part read from outside (indices out of range, impossible values); empty when
    /// it is sound. Checked before a recovered or opened session is used.
    func problems() -> [String]
}

extension StatePart {
    /// Whether `other` is the same type and equal.
    func isEqual(to other: any StatePart) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// Parts of several features, one per type, each `init()` until set. Equal when every part is equal.
public struct PartStore: Sendable, Equatable {
    private var parts: [ObjectIdentifier: any StatePart] = [:]

    /// An empty store: every part reads as new.
    public init() {}

    /// The part of type `P`.
    public subscript<P: StatePart>(_ type: P.Type) -> P {
        get { parts[ObjectIdentifier(type)] as? P ?? P() }
        set { parts[ObjectIdentifier(type)] = newValue }
    }

    /// Whether a part of type `P` was ever set.
    func contains<P: StatePart>(_ type: P.Type) -> Bool { parts[ObjectIdentifier(type)] != nil }

    public static func == (a: PartStore, b: PartStore) -> Bool {
        let keys = Set(a.parts.keys).union(b.parts.keys)
        for key in keys {
            switch (a.parts[key], b.parts[key]) {
            case let (x?, y?): if !x.isEqual(to: y) { return false }
            default: return false
            }
        }
        return true
    }
}
