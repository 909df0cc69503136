// The rollout of one PPO update (what every copy saw, did and got, step by step) and the generalised
// advantage estimates computed from it.

/// Rollout storage of one update, index = step × copies + copy, with the advantages and returns the
/// minibatches learn from.
struct RolloutBuffer {
    /// Copies in the environment batch.
    let copies: Int
    /// Periods per rollout.
    let steps: Int
    var features: [Float]
    var actions: [Int32]
    var oldLogProbabilities: [Float]
    var values: [Float]
    var rewards: [Double]
    var truncated: [Bool]
    /// Value of the state a truncated episode ended in (0 when episodes terminate).
    var finalValues: [Float]
    var advantages: [Float]
    var returns: [Float]
    /// Values of the states after the rollout, one per copy, for bootstrapping.
    var bootstrap: [Float]

    /// Zeroed storage for `steps` periods of `copies` copies with `featureCount` features each.
    init(copies: Int, steps: Int, featureCount: Int) {
        self.copies = copies
        self.steps = steps
        let samples = copies * steps
        features = [Float](repeating: 0, count: samples * featureCount)
        actions = [Int32](repeating: 0, count: samples)
        oldLogProbabilities = [Float](repeating: 0, count: samples)
        values = [Float](repeating: 0, count: samples)
        rewards = [Double](repeating: 0, count: samples)
        truncated = [Bool](repeating: false, count: samples)
        finalValues = [Float](repeating: 0, count: samples)
        advantages = [Float](repeating: 0, count: samples)
        returns = [Float](repeating: 0, count: samples)
        bootstrap = [Float](repeating: 0, count: copies)
    }

    /// Fills `advantages` and `returns` with generalised advantage estimates: a truncated episode is
    /// bootstrapped with the value of its last state (`finalValues`), the end of the rollout with `bootstrap`.
    mutating func computeAdvantages(discount gamma: Double, gaeLambda lambda: Double) {
        let n = copies
        let t = steps
        for i in 0..<n {
            var gae = 0.0
            var nextValue = Double(bootstrap[i])
            for step in stride(from: t - 1, through: 0, by: -1) {
                let k = step * n + i
                let v = Double(values[k])
                let delta: Double
                if truncated[k] {
                    delta = rewards[k] + gamma * Double(finalValues[k]) - v
                    gae = delta
                } else {
                    delta = rewards[k] + gamma * nextValue - v
                    gae = delta + gamma * lambda * gae
                }
                advantages[k] = Float(gae)
                returns[k] = Float(gae + v)
                nextValue = v
            }
        }
    }
}
