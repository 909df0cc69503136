/// A training run that cannot start as asked, found before any training: an option that does not
/// apply to the chosen environment, a checkpoint that is missing, damaged, foreign or made with other
/// settings, or an output folder that cannot be written. The message is one paragraph saying what is
/// wrong and what to do instead (the command line reports it with exit code 2).
public struct TrainingInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what to do instead.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
