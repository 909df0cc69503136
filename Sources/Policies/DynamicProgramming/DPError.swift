import Foundation

/// The error thrown by the exact dynamic-programming solvers (`InventoryMDP`,
/// `RelativeValueIteration`, `DiscountedValueIteration`, policy evaluation) for inputs
/// outside the model's domain, state spaces too large for exact DP, and iterations
/// that do not reach the requested accuracy.
///
/// The `message` is a complete sentence that names the parameter or limit at fault,
/// so it can be shown to a user unchanged.
public struct DPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence naming the parameter or limit at fault and what is allowed.
    /// - Complexity: O(1) to read.
    public let message: String

    /// Creates an error with a user-facing explanation.
    /// - Parameters:
    ///   - message: A sentence naming the parameter or limit and what is allowed.
    /// - Returns: The error value.
    /// - Complexity: O(1).
    public init(_ message: String) {
        self.message = message
    }

    /// The message, so that `"\(error)"` reads well in logs and test failures.
    /// - Complexity: O(1).
    public var description: String { message }
}

// Validation helpers with the same wording as `OptimizerError`'s.
extension DPError {
    static func requireNonnegative(_ value: Double, _ name: String) throws {
        guard value.isFinite, value >= 0 else {
            throw DPError("\(name) must be nonnegative and finite, got \(value).")
        }
    }

    static func requireFinite(_ value: Double, _ name: String) throws {
        guard value.isFinite else {
            throw DPError("\(name) must be a finite number, got \(value).")
        }
    }

    static func requireNonnegative(_ value: Int, _ name: String) throws {
        guard value >= 0 else {
            throw DPError("\(name) must be a nonnegative integer, got \(value).")
        }
    }
}
