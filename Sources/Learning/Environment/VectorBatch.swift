/// Preallocated per-step outputs of a `StationaryVectorEnvironment` (struct of arrays, overwritten by
/// every `step`). Row `i` belongs to environment `i`.
///
/// Reading a property hands out a reference to the buffer; holding on to it across the next
/// `step` makes that step copy the buffer (copy-on-write), so read, use and drop.
public struct VectorBatch: Sendable {
    /// Observations, row-major `count × observationSize` (see `StationaryEnvironment`). After an
    /// auto-reset the row is the new episode's initial observation.
    public internal(set) var observations: [Double]
    /// `−cost / scale` of the period just played, per environment.
    public internal(set) var rewards: [Double]
    /// Undiscounted cost of the period just played, currency, per environment.
    public internal(set) var costs: [Double]
    /// Always `false` (no terminal states).
    public internal(set) var terminated: [Bool]
    /// `true` where the episode reached its length in this step (and was auto-reset).
    public internal(set) var truncated: [Bool]
    /// `terminated || truncated`.
    public internal(set) var dones: [Bool]
    /// Row-major like `observations`; row `i` holds the last observation of the finished episode
    /// where `truncated[i]` is `true`, and is stale elsewhere.
    public internal(set) var finalObservations: [Double]

    init(count: Int, observationSize: Int) {
        observations = [Double](repeating: 0, count: count * observationSize)
        rewards = [Double](repeating: 0, count: count)
        costs = [Double](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = [Bool](repeating: false, count: count)
        dones = [Bool](repeating: false, count: count)
        finalObservations = [Double](repeating: 0, count: count * observationSize)
    }
}
