import Foundation
import Policies

/// The Bayes markdown programs of a `bayesMarkdown` policy, one per SKU: the season and prior are fixed
/// when the scenario is built, the program is solved on first use (a run solves it once and every
/// replication shares it; loading a scenario costs nothing).
public final class BayesMarkdownPlans: @unchecked Sendable {
    /// Per SKU: the season the policy prices.
    public let models: [MarkdownSeasonModel]
    /// Per SKU: the prior on its level factor.
    public let priors: [LevelPrior]
    /// The programs' resolution.
    public let settings: BayesMarkdownSettings
    private let lock = NSLock()
    private var solved: [Int: Result<BayesMarkdownPlan, Error>] = [:]

    /// Creates the (unsolved) programs.
    public init(models: [MarkdownSeasonModel], priors: [LevelPrior], settings: BayesMarkdownSettings) {
        self.models = models
        self.priors = priors
        self.settings = settings
    }

    /// The solved program of SKU `sku` (solved now if it was not yet), or `nil` when it cannot be solved.
    public func plan(sku: Int) -> BayesMarkdownPlan? {
        try? result(sku: sku).get()
    }

    /// The solved program of SKU `sku`, or the error that stopped it.
    /// - Parameter sku: product index.
    /// - Returns: the plan or the failure.
    public func result(sku: Int) -> Result<BayesMarkdownPlan, Error> {
        lock.lock()
        defer { lock.unlock() }
        if let known = solved[sku] { return known }
        let outcome: Result<BayesMarkdownPlan, Error>
        if models.indices.contains(sku) {
            outcome = Result { try BayesMarkdownDP.solve(models[sku], prior: priors[sku], settings: settings) }
        } else {
            outcome = .failure(MarkdownModelError("there is no SKU \(sku)"))
        }
        solved[sku] = outcome
        return outcome
    }
}
