/// Why a separation did not finish.
public enum StemSeparationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The progress closure asked to stop.
    case cancelled
    /// The audio cannot be separated (no channels, channels of different lengths, a bad rate).
    case badInput(String)

    /// One line for the status bar or stderr.
    public var description: String {
        switch self {
        case .cancelled: "separation cancelled"
        case .badInput(let problem): "cannot separate: \(problem)"
        }
    }
}
