// The public face of the simulator: `InventorySimulator` runs one replication and returns a `SimulationResult`.
// The replication itself is a `WorldRun` (WorldRun.swift and its extensions).

import Policies
import Stochastics

/// The outcome of one replication.
public struct SimulationResult: Sendable {
    /// One ledger per SKU, in product order.
    public var ledgers: [Ledger]
    /// Per-day, per-SKU rows (empty unless tracing was asked for).
    public var trace: [TraceRow]
    /// Events the kernel processed.
    public var processedEvents: Int

    /// All SKUs together.
    public var total: Ledger { ledgers.reduce(Ledger(), +) }
}

/// Simulates one stocking location with several SKUs under a set of policies.
///
/// Within a day, events run in this order: the end of the previous day (costs charged, statistics
/// closed), receipts due, the review (policies decide and orders are placed; an order with zero lead
/// time arrives before any demand), then demand. With per-day demand, the whole day's demand is one
/// event; with Poisson customers each customer is an event.
///
/// Randomness comes from substreams keyed by (replication, SKU, purpose), so two policies run on the
/// same replication see the same demand and the same sequence of lead-time draws (common random numbers).
public struct InventorySimulator: Sendable {
    /// The business being simulated.
    public let configuration: WorldConfiguration

    /// Creates a simulator.
    /// - Parameter configuration: the world; assumed validated (see `Scenario`).
    public init(configuration: WorldConfiguration) {
        self.configuration = configuration
    }

    /// Days recorded in a trace: enough for any plot or spreadsheet, bounded for very long horizons.
    public static let maximumTracedDays = 10_000

    /// Runs one replication.
    /// - Parameters:
    ///   - policies: one policy per SKU, in product order.
    ///   - replication: replication index (selects the random substreams).
    ///   - purpose: which set of replications (`report` for what users read; training, tuning and
    ///     evaluation have their own, disjoint substreams).
    ///   - seed: the scenario seed.
    ///   - traced: whether to record per-day rows (the first ``maximumTracedDays`` days).
    ///   - tracedSKUs: with `traced`, record only the first this many SKUs (product order).
    ///   - generator: GSL generator algorithm.
    ///   - forecasters: per SKU, an optional provider of demand forecasts shown to policies; it sees only
    ///     the demand observed during the run (sales, censored under lost sales).
    ///   - tape: this replication's ``DemandTape`` (same configuration, replication, purpose, seed and
    ///     generator), shared by the policies that run it; the results are the same without it.
    /// - Returns: ledgers, trace and event count.
    /// - Complexity: O(events × log(pending events)), plus the forecasters' refits.
    public func run(policies: [any Policy], replication: Int, purpose: ReplicationPurpose = .report, seed: UInt64,
                    traced: Bool = false, tracedSKUs: Int = .max,
                    generator: GeneratorKind = .mt19937,
                    forecasters: [(any DemandForecastProvider)?] = [], tape: DemandTape? = nil) -> SimulationResult {
        precondition(policies.count == configuration.products.count, "one policy per SKU")
        var world = WorldRun(configuration: configuration, policies: policies, replication: replication,
                             purpose: purpose, seed: seed, traced: traced, generator: generator, forecasters: forecasters,
                             tape: tape)
        world.tracedSKUs = tracedSKUs
        world.run()
        return SimulationResult(ledgers: world.ledgers, trace: world.trace, processedEvents: world.processedEvents)
    }
}
