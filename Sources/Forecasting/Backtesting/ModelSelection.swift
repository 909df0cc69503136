/// What ``ModelSelector`` found: the candidates ranked by backtest mean MASE, and those skipped.
public struct ModelSelection: Sendable, Equatable {
    /// A candidate that was backtested.
    public struct Entry: Sendable, Equatable {
        /// Position of the candidate in the selector's list.
        public let candidateIndex: Int
        /// The forecaster's name.
        public let name: String
        /// Mean MASE over folds (the ranking key).
        public let meanMASE: Double
        /// The full backtest.
        public let result: BacktestResult
    }

    /// A candidate that threw on this series.
    public struct Skipped: Sendable, Equatable {
        /// Position of the candidate in the selector's list.
        public let candidateIndex: Int
        /// The forecaster's name.
        public let name: String
        /// Why it was skipped.
        public let reason: String
    }

    /// Backtested candidates, best first: ascending mean MASE (a combination's divided by 1 + the
    /// selector's `combinationMargin`), NaN last, ties in list order.
    public let ranking: [Entry]
    /// Candidates that could not be backtested, in list order.
    public let skipped: [Skipped]
    /// The winner: the first entry of ``ranking``.
    public let best: Entry
}
