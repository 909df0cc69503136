import Foundation
import Scenario
import Simulation
import Stochastics

/// What one shard of a run split by SKU (`restock run --shard K/N`) simulated: every policy ×
/// replication on the SKUs whose 0-based index ≡ K − 1 (mod N), each SKU on the random substreams it
/// has in the whole run. SKUs do not interact unless they share storage, so each SKU's ledger and trace
/// here are exactly those of a run of the whole scenario, and ``ExperimentResult/assembled(_:parts:threads:)``
/// puts the shards back together into the result that run would have had.
public struct SKUShardResult: Sendable, Equatable {
    /// The shard.
    public var shard: SweepShard
    /// SKUs in the whole scenario.
    public var skuCount: Int
    /// The shard's SKUs (0-based indices in the whole scenario), ascending.
    public var skus: [Int]
    /// Ledgers [policy][replication][position in ``skus``].
    public var ledgers: [[[Ledger]]]
    /// Per policy, the trace rows of replication 1 for the shard's traced SKUs (``TraceRow/sku`` is the
    /// index in the whole scenario), in the run's order: day by day, SKUs in order within a day.
    public var traces: [[TraceRow]]
    /// Events processed.
    public var processedEvents: Int

    /// Creates a shard's result (``ExperimentRunner/run(_:shard:threads:progress:)`` is the usual way).
    public init(shard: SweepShard, skuCount: Int, skus: [Int], ledgers: [[[Ledger]]], traces: [[TraceRow]], processedEvents: Int) {
        (self.shard, self.skuCount, self.skus, self.ledgers, self.traces, self.processedEvents) = (shard, skuCount, skus, ledgers, traces, processedEvents)
    }

    /// The SKUs of `shard` among `skuCount`: those whose index ≡ K − 1 (mod N), the rule of sweep shards.
    public static func skus(of shard: SweepShard, skuCount: Int) -> [Int] {
        Array(stride(from: shard.index - 1, to: skuCount, by: shard.count))
    }

    /// How many SKUs `shard` holds among `skuCount` (``skus(of:skuCount:)`` without building it).
    public static func skuTotal(of shard: SweepShard, skuCount: Int) -> Int {
        skuCount >= shard.index ? (skuCount - shard.index) / shard.count + 1 : 0
    }
}

/// Why a run cannot be split by SKU, or its shards cannot be put together.
public struct SKUShardError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and what to do.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ExperimentRunner {
    /// Why `scenario` cannot be split by SKU (nil when it can): its SKUs share storage space, so what
    /// one SKU receives depends on the others' stock.
    public static func skuShardObstacle(_ scenario: Scenario) -> String? {
        guard scenario.world.couplesSKUs else { return nil }
        return "the scenario's SKUs share storage (storageCapacityUnits: \(scenario.world.storageCapacityUnits ?? 0)), "
            + "so one SKU's receipts depend on the others' stock and they cannot be simulated apart"
    }

    /// Runs every policy of the scenario over its report replications on the SKUs of one shard only.
    /// - Parameters:
    ///   - scenario: a validated scenario with every parameter resolved (the whole scenario: policies'
    ///     parameters and forecasts are those of the whole run); its SKUs must not share storage
    ///     (``skuShardObstacle(_:)``).
    ///   - shard: `K/N`; a shard may hold no SKU (N larger than the SKU count).
    ///   - threads: worker threads (default: all cores); the result does not depend on it.
    ///   - progress: called with (finished jobs, total jobs) from worker threads.
    /// - Returns: the shard's ledgers and traces. Bounds are not part of it: they are computed when the
    ///   shards are put together.
    /// - Throws: ``SKUShardError`` when the SKUs interact.
    public static func run(_ scenario: Scenario, shard: SweepShard, threads: Int? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> SKUShardResult {
        if let obstacle = skuShardObstacle(scenario) { throw SKUShardError(obstacle) }
        let skus = SKUShardResult.skus(of: shard, skuCount: scenario.world.products.count)
        guard !skus.isEmpty else {
            let empty = scenario.policies.map { _ in (0..<scenario.replications).map { _ in [Ledger]() } }
            return SKUShardResult(shard: shard, skuCount: scenario.world.products.count, skus: [], ledgers: empty,
                                  traces: scenario.policies.map { _ in [] }, processedEvents: 0)
        }
        let runs = simulate(scenario, skus: skus, purpose: .report, threads: threads, progress: progress)
        let traces = runs.traces.map { rows in
            rows.map { row in
                var row = row
                row.sku = skus[row.sku]
                return row
            }
        }
        return SKUShardResult(shard: shard, skuCount: scenario.world.products.count, skus: skus, ledgers: runs.ledgers,
                              traces: traces, processedEvents: runs.events)
    }
}

extension ExperimentResult {
    /// The result a run of the whole scenario would have had, put together from the shards of a run split
    /// by SKU: every SKU's ledgers from the shard that ran it, the traces merged in the run's order (day by
    /// day, SKUs in order), the bounds computed here on the whole scenario.
    /// - Parameters:
    ///   - scenario: the whole scenario, loaded and resolved as the shards loaded it.
    ///   - parts: one result per shard, 1…N, in any order.
    ///   - threads: worker threads for the bounds.
    /// - Returns: the whole run's result (``wallSeconds`` is 0: the shards ran elsewhere; ``processedEvents``
    ///   is the shards' total, which counts each day's closing and review events once per shard, so it is not
    ///   a single run's count; neither is in any report file).
    /// - Throws: ``SKUShardError`` naming missing, repeated or mismatched shards.
    public static func assembled(_ scenario: Scenario, parts: [SKUShardResult], threads: Int? = nil) throws -> ExperimentResult {
        let skuCount = scenario.world.products.count
        let policies = scenario.policies.count, replications = scenario.replications
        guard let count = parts.first?.shard.count else { throw SKUShardError("no shards to put together") }
        if let other = parts.first(where: { $0.shard.count != count }) {
            throw SKUShardError("shard \(other.shard) belongs to a split into \(other.shard.count), the others to a split into \(count)")
        }
        var given = [Int](repeating: 0, count: count + 1)
        for part in parts { given[part.shard.index] += 1 }
        if let repeated = given.firstIndex(where: { $0 > 1 }) {
            throw SKUShardError("shard \(repeated)/\(count) is given twice")
        }
        let missing = (1...count).filter { given[$0] == 0 }
        guard missing.isEmpty else {
            throw SKUShardError("shard(s) \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing; all \(count) shards are needed")
        }
        var ledgers = Array(repeating: Array(repeating: Array(repeating: Ledger(), count: skuCount), count: replications), count: policies)
        var traces = Array(repeating: [TraceRow](), count: policies)
        var events = 0
        for part in parts {
            guard part.skuCount == skuCount, part.skus == SKUShardResult.skus(of: part.shard, skuCount: skuCount),
                  part.ledgers.count == policies, part.traces.count == policies,
                  part.ledgers.allSatisfy({ $0.count == replications && $0.allSatisfy { $0.count == part.skus.count } }) else {
                throw SKUShardError("shard \(part.shard) does not match the scenario (\(skuCount) SKUs, \(policies) policies, "
                                    + "\(replications) replications)")
            }
            for p in 0..<policies {
                for r in 0..<replications {
                    for (position, sku) in part.skus.enumerated() { ledgers[p][r][sku] = part.ledgers[p][r][position] }
                }
                traces[p] += part.traces[p]
            }
            events &+= part.processedEvents
        }
        // The run writes a day's rows SKU by SKU; a stable sort by (day, SKU) restores that order.
        for p in 0..<policies {
            traces[p] = traces[p].enumerated().sorted { a, b in
                (a.element.day, a.element.sku, a.offset) < (b.element.day, b.element.sku, b.offset)
            }.map(\.element)
        }
        return ExperimentResult(scenario: scenario, ledgers: ledgers, traces: traces, processedEvents: events, wallSeconds: 0,
                                bounds: ExperimentRunner.bounds(scenario, purpose: .report, threads: threads))
    }
}
