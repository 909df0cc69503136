/// An invalid environment configuration or an action outside the action space.
///
/// The message names the offending value and the allowed range, e.g.
/// "action 31 is outside the action space: actions 0...30 are allowed."
public struct EnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Human-readable explanation, naming the allowed range.
    public let message: String

    /// Creates an error.
    /// - Parameter message: Explanation naming the value and the allowed range.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
