/// One point of a learning curve: how far training has come and how well the agent does there.
///
/// The same type is kept in trained-policy files (its JSON keys are those files' format:
/// `environmentSteps`, `meanRewardPerPeriod`, `greedyCostPerDay`, `evaluationHalfWidth95`), carried
/// by scenarios that load such files, and charted by the reports.
public struct LearningCurvePoint: Sendable, Equatable, Codable {
    /// Environment steps taken in training so far (summed over parallel environments).
    public var environmentSteps: Int
    /// Mean reward per period over the training periods played since the previous point (while
    /// exploring), as the environment defines reward (for the inventory environment, −cost per period ÷
    /// its reward scale).
    public var meanRewardPerPeriod: Double
    /// Cost per period (a day in Restock's environments) of the agent's greedy policy in a separate
    /// evaluation, in currency; nil when the agent was not evaluated at this point.
    public var evaluationCostPerPeriod: Double?
    /// Half-width of the 95% confidence interval of that cost (same unit); nil when not known.
    public var evaluationHalfWidth95: Double?

    enum CodingKeys: String, CodingKey {
        case environmentSteps, meanRewardPerPeriod
        case evaluationCostPerPeriod = "greedyCostPerDay"
        case evaluationHalfWidth95
    }

    /// Creates a point.
    public init(environmentSteps: Int, meanRewardPerPeriod: Double, evaluationCostPerPeriod: Double? = nil,
                evaluationHalfWidth95: Double? = nil) {
        self.environmentSteps = environmentSteps
        self.meanRewardPerPeriod = meanRewardPerPeriod
        self.evaluationCostPerPeriod = evaluationCostPerPeriod
        self.evaluationHalfWidth95 = evaluationHalfWidth95
    }
}
