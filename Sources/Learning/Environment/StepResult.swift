/// The result of one `step`, Gymnasium-style.
public struct StepResult: Sendable, Equatable {
    /// Observation at the next decision epoch (see `StationaryEnvironment.observationSpace`).
    public var observation: [Double]
    /// `−cost / scale` of the period just played (so maximising reward minimises cost).
    public var reward: Double
    /// Always `false`: the inventory problem has no terminal state.
    public var terminated: Bool
    /// `true` when the episode length has been reached.
    public var truncated: Bool
    /// Diagnostics: `"cost"` (currency), `"holdingCost"`, `"shortageCost"` (currency),
    /// `"demand"`, `"sales"`, `"shortage"`, `"arrived"`, `"order"` (units), `"period"` (index
    /// of the period just played).
    public var info: [String: Double]

    /// Creates a result.
    public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool, info: [String: Double]) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
}
