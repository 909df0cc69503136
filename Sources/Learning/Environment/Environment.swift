/// The one contract of Restock's learning environments, Gymnasium's: declared observation and action
/// spaces, `reset(seed:)` that starts an episode from a seeded generator, and `step(_:)` that plays one
/// decision and returns the next observation, the reward and whether the episode ended.
///
/// Two environments conform:
/// - ``ScenarioEnvironment``: the real simulator (`WorldStepper`) on any scenario — forecasts, prices,
///   seasons, several SKUs — the agent deciding for one SKU at its reviews;
/// - ``StationaryEnvironment``: the stationary single-SKU special case (one demand law per day, a
///   constant lead time, lost sales or backorders) coded directly for speed, whose exact optimum the
///   dynamic program computes.
///
/// Agents train on batches of copies (``BatchedEnvironment``: ``ScenarioEnvironment`` itself, and
/// ``StationaryFeatureEnvironment`` over ``StationaryVectorEnvironment``), which step the same
/// dynamics into flat buffers.
///
/// ```swift
/// var environment = try StationaryEnvironment(configuration: .init(
///     demand: .poisson(mean: 5), leadTimePeriods: 2, holdingCost: 1, shortage: .lostSales(penaltyPerUnit: 9),
///     maxOrderUnits: 20, episodeLength: 1000))
/// var observation = try environment.reset(seed: 42)
/// let result = try environment.step(3)   // order 3 units
/// ```
public protocol Environment {
    /// Bounds and names of the observation vector.
    var observationSpace: ObservationSpace { get }
    /// The discrete actions, `0 ..< actionSpace.count`.
    var actionSpace: ActionSpace { get }
    /// Reseeds the environment and starts an episode.
    /// - Parameter seed: seed of the episode's random numbers (the same seed replays the same episode).
    /// - Returns: the first observation.
    mutating func reset(seed: UInt64) throws -> [Double]
    /// Plays one decision.
    /// - Parameter action: an index in `actionSpace`.
    /// - Returns: the next observation, the reward, and whether the episode ended.
    /// - Throws: `EnvironmentError` for an action outside the space.
    mutating func step(_ action: Int) throws -> StepResult
}

extension StationaryEnvironment: Environment {}
