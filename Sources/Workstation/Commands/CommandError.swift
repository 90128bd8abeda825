/// A command that could not be run: the message names the command and the problem.
public struct CommandError: Error, Equatable, CustomStringConvertible {
    /// One line for the status bar.
    public var message: String
    /// An error with a message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
