import Foundation
import Neural

/// A JSON value from a model's `kanade.config` or `kanade.metrics` metadata.
public enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case number(Double), string(String), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// Compact text: numbers without a needless ".0", strings unquoted at the top level.
    public var description: String {
        switch self {
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(format: "%.4g", n)
        case .string(let s): s
        case .bool(let b): String(b)
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.sorted().map { "\($0): \(o[$0]!)" }.joined(separator: ", ") + "}"
        case .null: "null"
        }
    }

    /// The value as an object, or nil.
    var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }

    /// Parses a JSON object from metadata `key` of `file`.
    static func object(_ text: String, key: String, file: String) throws(ModelError) -> [String: JSONValue] {
        // JSON5 also reads the NaN / Infinity that Python's json.dumps writes for an undefined metric.
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        guard let value = try? decoder.decode(JSONValue.self, from: Data(text.utf8)), let object = value.object else {
            throw ModelError(file: file, .badMetadata(key: key, "not a JSON object"))
        }
        return object
    }
}

/// A model's hyperparameters (`kanade.config`), with typed accessors that name the file and key on failure.
public struct ModelConfig: Sendable, Equatable {
    /// The file the config came from.
    public let file: String
    /// The parsed JSON object.
    public let values: [String: JSONValue]

    /// An integer field.
    public func int(_ key: String) throws(ModelError) -> Int {
        guard case .number(let n) = try value(key), let i = Int(exactly: n) else { throw wrongType(key, "an integer") }
        return i
    }

    /// A numeric field.
    public func double(_ key: String) throws(ModelError) -> Double {
        guard case .number(let n) = try value(key) else { throw wrongType(key, "a number") }
        return n
    }

    /// A string field.
    public func string(_ key: String) throws(ModelError) -> String {
        guard case .string(let s) = try value(key) else { throw wrongType(key, "a string") }
        return s
    }

    /// A list of integers.
    public func ints(_ key: String) throws(ModelError) -> [Int] {
        guard case .array(let a) = try value(key) else { throw wrongType(key, "a list of integers") }
        var result: [Int] = []
        for element in a {
            guard case .number(let n) = element, let i = Int(exactly: n) else { throw wrongType(key, "a list of integers") }
            result.append(i)
        }
        return result
    }

    /// The raw value of `key`.
    public func value(_ key: String) throws(ModelError) -> JSONValue {
        guard let v = values[key] else { throw ModelError(file: file, .badMetadata(key: "kanade.config", "lacks '\(key)'")) }
        return v
    }

    private func wrongType(_ key: String, _ what: String) -> ModelError {
        ModelError(file: file, .badMetadata(key: "kanade.config", "'\(key)' is \(values[key]?.description ?? "absent"), expected \(what)"))
    }
}
