import Stochastics
/// The learning curve of a reinforcement-learning training run, as `training.html` shows it (see
/// ``TrainingReport``): the run's settings, the mean episode reward as training goes on and, where the
/// agent was evaluated, its cost per period with a 95% confidence interval, against reference costs
/// such as the exact optimum.
public struct LearningCurve: Sendable, Equatable {
    /// Page title, e.g. `PPO on lost-sales (L=2, p=9)`.
    public var title: String
    /// Settings shown in a table (agent, seed, environment steps, learning rate, …), in display order.
    public var parameters: [ReportDocument.Parameter]
    /// The curve, in training order.
    public var points: [LearningCurvePoint]
    /// Horizontal lines on the evaluation chart (e.g. `DP optimum` at 6.09, `best base-stock` at 6.32); may be empty.
    public var referenceLines: [ReferenceLine]
    /// Files beside the page that hold every number on it (e.g. `learning_curve.csv`), linked relatively.
    public var sourceFiles: [String]

    /// Creates a learning curve.
    public init(title: String, parameters: [ReportDocument.Parameter] = [], points: [LearningCurvePoint],
                referenceLines: [ReferenceLine] = [], sourceFiles: [String] = []) {
        self.title = title
        self.parameters = parameters
        self.points = points
        self.referenceLines = referenceLines
        self.sourceFiles = sourceFiles
    }

    /// A reference cost drawn across the evaluation chart.
    public struct ReferenceLine: Sendable, Equatable {
        /// What the cost is, e.g. `DP optimum`.
        public var label: String
        /// The cost in currency per period.
        public var costPerPeriod: Double

        /// Creates a reference line.
        public init(label: String, costPerPeriod: Double) {
            self.label = label
            self.costPerPeriod = costPerPeriod
        }
    }
}
