/// Something a lenient read skipped or repaired, with the line it was on.
public struct ChartFileWarning: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// What was skipped or repaired, and how.
    public var message: String

    /// A warning.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// "line N: message".
    public var description: String { "line \(line): \(message)" }
}
