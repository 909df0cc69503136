import Policies
import Stochastics

/// One replication of the world that stops at each review of one SKU and waits for an outside decision:
/// the environment of a reinforcement-learning agent, on the real simulator.
///
/// The agent decides for the *controlled* SKU; the other SKUs (if any) follow their own policies. The
/// stepper drives the very event loop of ``InventorySimulator/run(policies:replication:purpose:seed:traced:generator:forecasters:)``,
/// which stops where the controlled SKU's policy would be asked and carries on once the agent has
/// answered. So an agent that answers every decision as a policy P would gives, to the bit, the ledgers
/// of the ordinary run with P for that SKU (same configuration, seed, replication and generator), and
/// every observation is the one P would have seen.
///
/// ```swift
/// let stepper = WorldStepper(configuration: world, controlledSKU: 0, otherPolicies: [], replication: 0, seed: 42)
/// var episodeReturn = 0.0
/// while let observation = stepper.nextDecision() {
///     episodeReturn += stepper.periodProfit   // the previous decision's reward (0 before the first)
///     stepper.act(agent.decide(observation))
/// }
/// episodeReturn += stepper.periodProfit       // the last decision's, with the final day's costs and salvage
/// // episodeReturn == stepper.ledger.profit, up to rounding
/// ```
///
/// **When decisions happen.** Exactly when the world consults a policy: under periodic review at the
/// start of every review day, after that day's receipts and before its demand; under continuous review
/// once at day 0 and after every demand (each customer, or each day's demand). ``day`` tells the time.
///
/// **Rewards.** ``periodProfit`` is the change of the controlled SKU's ``Ledger/profit`` from one
/// decision to the next (the last period runs to the end of the horizon). It is the reward of the
/// earlier decision and holds everything the ledger books in between, when it books it: the fixed cost
/// of the orders just placed (at once), purchase cost (on receipt, so an order's purchase cost falls in
/// the period it arrives in), revenue (at each sale, and when backorders are filled), holding and
/// backorder cost (at each day's end, or as they accrue under time-weighted accounting) and lost-sale
/// penalties; the final period includes the last day's holding and backorder cost and the salvage value
/// of the stock left. The first decision is at day 0 before anything is booked, so the rewards of an
/// episode add up to the SKU's profit in the run's ledger.
///
/// **Warm-up.** Rewards are changes of that same ledger, which counts only days from
/// ``WorldConfiguration/warmupDays`` on, exactly as the ordinary run: decisions during the warm-up earn
/// nothing except what their consequences book after it (an order placed in the warm-up and received
/// after it is charged then). Use `warmupDays: 0` for an episode in which every day counts.
///
/// **Contract.** Call ``nextDecision()`` and ``act(_:)`` alternately. Acting when no decision is pending,
/// or asking for the next decision before acting on the pending one, is a programming error and stops
/// the program (`precondition`). After the horizon, ``nextDecision()`` keeps returning `nil`.
///
/// A class, not a struct: a replication in progress has identity. Its random substreams and the other
/// SKUs' policies are objects, so a copy of a struct would share them and two copies stepped apart
/// would draw from the same streams, neither reproducing the run.
///
/// - Complexity: as the ordinary run, O(events × log(pending events)); a decision costs one observation
///   (a copy of the SKU's pipeline), no more than a policy's review in the ordinary run.
public final class WorldStepper {
    /// The business being simulated.
    public let configuration: WorldConfiguration
    /// Index of the SKU the caller decides for, in product order.
    public let controlledSKU: Int
    // Only this object's methods touch the run, one at a time (the object is not Sendable, and the
    // policies the run calls cannot reach it): no dynamic exclusivity check per call.
    @exclusivity(unchecked) private var world: WorldRun
    private var profitAtLastDecision = 0.0
    /// A decision has been returned and not yet answered.
    private var awaitingAction = false
    /// True once ``nextDecision()`` has returned `nil`: the horizon is reached and all costs are booked.
    public private(set) var isFinished = false
    /// The controlled SKU's profit (currency) booked between the previous decision and the latest return
    /// of ``nextDecision()`` (a decision, or the end of the run): the previous decision's reward. 0 before
    /// the first call, at the first decision, and after the end.
    public private(set) var periodProfit = 0.0

    /// Creates the replication, at day 0 before the first decision.
    /// - Parameters:
    ///   - configuration: the world; assumed validated (see `Scenario`).
    ///   - controlledSKU: index of the SKU the caller decides for.
    ///   - otherPolicies: one policy per SKU in product order; the entry at `controlledSKU` is never
    ///     consulted. May be empty when the world has only the controlled SKU.
    ///   - replication: replication index (selects the random substreams).
    ///   - purpose: which set of replications (training, tuning, evaluation or report: disjoint substreams).
    ///   - seed: the scenario seed.
    ///   - generator: GSL generator algorithm.
    ///   - forecasters: per SKU, an optional provider of demand forecasts shown in observations (as in
    ///     ``InventorySimulator/run(policies:replication:purpose:seed:traced:generator:forecasters:)``).
    public init(configuration: WorldConfiguration, controlledSKU: Int, otherPolicies: [any Policy], replication: Int,
                purpose: ReplicationPurpose = .report, seed: UInt64, generator: GeneratorKind = .mt19937, forecasters: [(any DemandForecastProvider)?] = []) {
        let count = configuration.products.count
        precondition(controlledSKU >= 0 && controlledSKU < count, "WorldStepper: controlledSKU \(controlledSKU) is not a SKU of the world")
        precondition(otherPolicies.count == count || (otherPolicies.isEmpty && count == 1),
                     "WorldStepper: one policy per SKU (the controlled SKU's is ignored), or none for a one-SKU world")
        self.configuration = configuration
        self.controlledSKU = controlledSKU
        world = WorldRun(configuration: configuration, policies: otherPolicies, replication: replication, purpose: purpose,
                         seed: seed, traced: false, generator: generator, forecasters: forecasters, controlledSKU: controlledSKU)
        world.start()
    }

    /// Runs the world until the controlled SKU's next review, or to the end of the horizon.
    ///
    /// Also sets ``periodProfit``, the profit booked since the previous decision.
    /// - Returns: what the SKU's policy would see now, or `nil` when the run is over (then and
    ///   afterwards).
    /// - Precondition: no decision is pending (``act(_:)`` answered the previous one).
    /// - Complexity: O(events until the decision × log(pending events)).
    public func nextDecision() -> Observation? {
        precondition(!awaitingAction, "WorldStepper: act on the pending decision before asking for the next")
        guard !isFinished else {
            periodProfit = 0
            return nil
        }
        let stopped = world.advance()
        let profit = world.skus[controlledSKU].ledger.profit
        periodProfit = profit - profitAtLastDecision
        profitAtLastDecision = profit
        guard stopped else {
            isFinished = true
            return nil
        }
        awaitingAction = true
        return world.pendingObservation
    }

    /// Answers the pending decision, exactly as the world applies a policy's action: the price moves to
    /// the nearest price level, each order is rounded up to its supplier's minimum and multiple, and
    /// orders to a supplier past its last order day are dropped. Orders are placed (and their fixed cost
    /// booked) at once; the world does not move until the next ``nextDecision()``.
    /// - Parameter action: units per supplier and an optional price, currency per unit.
    /// - Precondition: a decision is pending (``nextDecision()`` returned an observation and no action
    ///   has answered it yet).
    /// - Complexity: O(suppliers + orders placed × log(pending events)).
    public func act(_ action: Action) {
        guard awaitingAction, let suspension = world.suspension else {
            preconditionFailure("WorldStepper: no decision is pending; call nextDecision() first")
        }
        awaitingAction = false
        world.pendingObservation = nil
        world.apply(action, sku: controlledSKU, at: suspension.time)
    }

    /// The observation of the decision waiting for ``act(_:)``, if any.
    public var pendingObservation: Observation? { awaitingAction ? world.pendingObservation : nil }

    /// Simulation time in days: that of the pending decision, the horizon once finished, 0 before the
    /// first decision.
    public var day: Double { world.kernel.now }

    /// The controlled SKU's running ledger over the measured days so far.
    public var ledger: Ledger { world.skus[controlledSKU].ledger }

    /// Every SKU's running ledger, in product order.
    public var ledgers: [Ledger] { world.ledgers }

    /// All SKUs together.
    public var total: Ledger { ledgers.reduce(Ledger(), +) }

    /// Events the kernel has processed so far.
    public var processedEvents: Int { world.processedEvents }
}
