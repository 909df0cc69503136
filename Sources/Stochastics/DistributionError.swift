/// An error for invalid distribution parameters.
///
/// `message` is a full sentence that names the offending parameter, says what is allowed,
/// and shows the value that was given, so it can be shown to a scenario author as is.
public struct DistributionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what is allowed, as a full sentence.
    public let message: String

    /// Creates an error with an explanatory sentence.
    /// - Parameter message: What is wrong and what is allowed, as a full sentence.
    public init(_ message: String) {
        self.message = message
    }

    /// The same text as ``message``.
    public var description: String { message }
}
