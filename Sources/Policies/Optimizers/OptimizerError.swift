import Foundation
import Stochastics

/// The error thrown by every optimiser in `Policies` when its input is outside the
/// domain where the model is defined (negative costs, empty distributions, negative
/// lead times, state spaces too large to evaluate exactly, ...).
///
/// The `message` is a complete sentence that names the offending parameter and says
/// which values are allowed, so it can be shown to a user unchanged.
public struct OptimizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence naming the parameter at fault and the values it may take.
    /// - Complexity: O(1) to read.
    public let message: String

    /// Creates an error with a user-facing explanation.
    /// - Parameters:
    ///   - message: A sentence naming the parameter and what is allowed.
    /// - Returns: The error value.
    /// - Complexity: O(1).
    public init(_ message: String) {
        self.message = message
    }

    /// The message, so that `"\(error)"` reads well in logs and test failures.
    /// - Complexity: O(1).
    public var description: String { message }
}

extension OptimizerError {
    /// Most multiply-adds an optimiser may spend convolving one period's demand over a lead time: about
    /// ten seconds.
    public static let maximumConvolutionOperations = 4e9

    /// The demand over `periods` periods (`pmf.power(periods)`), refused with a message when the
    /// convolution would take more than ``maximumConvolutionOperations``.
    /// - Throws: `OptimizerError` naming the support and the periods.
    public static func leadTimeDemand(_ pmf: DiscretePMF, periods: Int) throws -> DiscretePMF {
        let operations = pmf.powerOperations(periods)
        guard operations <= maximumConvolutionOperations else {
            throw OptimizerError("the demand over \(periods) periods has a support of about \(Int(Double(periods) * Double(pmf.probabilities.count))) units; "
                + "tabulating it needs about \(String(format: "%.1e", operations)) operations, more than the limit of "
                + "\(String(format: "%.0e", maximumConvolutionOperations)): write numbers instead of auto, or use a shorter lead time or review period")
        }
        do {
            return try pmf.power(periods)
        } catch {
            throw OptimizerError("the demand over \(periods) periods cannot be tabulated: \(error)")
        }
    }
}

// Validation helpers shared by the optimisers. They are internal so that every
// public entry point reports problems with the same wording.
extension OptimizerError {
    static func requireFinite(_ value: Double, _ name: String) throws {
        guard value.isFinite else {
            throw OptimizerError("\(name) must be a finite number, got \(value).")
        }
    }

    static func requirePositive(_ value: Double, _ name: String) throws {
        guard value.isFinite, value > 0 else {
            throw OptimizerError("\(name) must be positive and finite, got \(value).")
        }
    }

    static func requireNonnegative(_ value: Double, _ name: String) throws {
        guard value.isFinite, value >= 0 else {
            throw OptimizerError("\(name) must be nonnegative and finite, got \(value).")
        }
    }

    static func requireNonnegative(_ value: Int, _ name: String) throws {
        guard value >= 0 else {
            throw OptimizerError("\(name) must be a nonnegative integer, got \(value).")
        }
    }
}
