import Dispatch
import Foundation
import Scenario
import Simulation
import Stochastics

/// A folder name safe to put under `reports/`: letters, digits, '.', '-' and '_' only (no path separators,
/// no `..`), so a scenario name cannot write outside the reports folder.
public func reportFolderName(for scenarioName: String) -> String {
    let safe = String(scenarioName.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "-" })
    return safe.allSatisfy { $0 == "." } ? "scenario" : safe
}

/// Results of running every policy of a scenario over its replications.
public struct ExperimentResult: Sendable {
    /// The scenario as run.
    public var scenario: Scenario
    /// Ledgers indexed [policy][replication][sku].
    public var ledgers: [[[Ledger]]]
    /// Trace of replication 1 for each policy.
    public var traces: [[TraceRow]]
    /// Events processed over all runs.
    public var processedEvents: Int
    /// Wall-clock duration in seconds.
    public var wallSeconds: Double
    /// Upper bounds on the policies' profits (references, not policies): the perfect-information bound of
    /// markdown-season SKUs (level known) and the clairvoyant bound of fixed-price lost-sales SKUs (demand
    /// path known), each when the scenario has such SKUs.
    public var bounds: [PerfectInformationBound] = []
    /// The markdown season's bound (level known), when there is one.
    public var perfectInformationBound: PerfectInformationBound? { bounds.first { $0.name == PerfectInformationBound.rowName } }

    /// Replication values of one KPI for one policy, for one SKU or (sku = nil) all SKUs together.
    /// - Parameters:
    ///   - kpi: the indicator.
    ///   - policy: policy index.
    ///   - sku: SKU index, or nil for the total.
    /// - Returns: one value per replication.
    public func values(_ kpi: KPI, policy: Int, sku: Int? = nil) -> [Double] {
        let days = scenario.world.measuredDays
        return ledgers[policy].map { replication in
            let ledger = sku.map { replication[$0] } ?? replication.reduce(Ledger(), +)
            return ledger.value(of: kpi, measuredDays: days)
        }
    }
}

/// Runs policies × replications, in parallel, with common random numbers.
///
/// Replication r of every policy uses the same random substreams, so policy differences are measured on
/// identical demand. Jobs are spread over threads by index and results stored by index, so the output
/// is the same on one thread or many.
public enum ExperimentRunner {
    /// Runs the scenario's policies and then `extra` ones, e.g. a library user's own
    /// (``PolicyDefinition/custom(name:readsForecasts:make:)``), all under the same common random
    /// numbers: the result's scenario lists them after the scenario's own, so summaries and reports show them by name.
    /// - Parameters:
    ///   - scenario: a validated scenario with every parameter resolved.
    ///   - extra: policies to compare as well; names must differ from the scenario's.
    ///   - purpose: which replications (``ReplicationPurpose``), `report` by default.
    ///   - threads: worker threads (default: all cores).
    ///   - progress: called with (finished jobs, total jobs) from worker threads.
    /// - Returns: all ledgers and the traces of replication 1.
    public static func run(_ scenario: Scenario, adding extra: [PolicyDefinition], purpose: ReplicationPurpose = .report,
                           threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) -> ExperimentResult {
        var scenario = scenario
        for definition in extra {
            precondition(!scenario.policies.contains { $0.name == definition.name },
                         "the scenario already has a policy named '\(definition.name)'")
            scenario.policies.append(definition)
        }
        return run(scenario, purpose: purpose, threads: threads, progress: progress)
    }

    /// Runs the scenario.
    /// - Parameters:
    ///   - scenario: a validated scenario with every parameter resolved.
    ///   - purpose: which replications (``ReplicationPurpose``): `report` (what `restock run` shows) unless
    ///     the run is part of tuning or of selecting among candidates.
    ///   - threads: worker threads (default: all cores).
    ///   - progress: called with (finished jobs, total jobs) from worker threads.
    /// - Returns: all ledgers and the traces of replication 1.
    public static func run(_ scenario: Scenario, purpose: ReplicationPurpose = .report, threads: Int? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) -> ExperimentResult {
        let runs = simulate(scenario, skus: nil, purpose: purpose, threads: threads, progress: progress)
        // The bound's programs run after the simulations (its time is not the simulator's).
        return ExperimentResult(scenario: scenario, ledgers: runs.ledgers, traces: runs.traces, processedEvents: runs.events,
                                wallSeconds: runs.seconds, bounds: bounds(scenario, purpose: purpose, threads: threads))
    }

    /// The reference bounds of a run (``ExperimentResult/bounds``): only for what users read, the report
    /// replications.
    static func bounds(_ scenario: Scenario, purpose: ReplicationPurpose, threads: Int?) -> [PerfectInformationBound] {
        purpose != .report ? [] : PerfectInformationBound.markdown(scenario, threads: threads)
            + [PerfectInformationBound.clairvoyant(scenario, threads: threads)].compactMap { $0 }
    }

    /// Runs every policy × replication on the scenario's SKUs, or on `skus` only (each keeping the random
    /// substreams it has in the whole world: ``WorldConfiguration/restricted(to:)``).
    /// - Returns: ledgers [policy][replication][SKU of the run], the traces of replication 1 (SKU numbers of
    ///   the run), the events processed and the wall-clock seconds.
    static func simulate(_ scenario: Scenario, skus: [Int]?, purpose: ReplicationPurpose, threads: Int?,
                         progress: (@Sendable (Int, Int) -> Void)?) -> (ledgers: [[[Ledger]]], traces: [[TraceRow]], events: Int, seconds: Double) {
        let world = skus.map { scenario.world.restricted(to: $0) } ?? scenario.world
        let simulator = InventorySimulator(configuration: world)
        // The traced SKUs are the first ones of the whole world: in a part, those of them it holds (a prefix of it).
        let tracedSKUs = skus.map { part in part.prefix { $0 < scenario.tracedSKUs }.count } ?? scenario.tracedSKUs
        let forecasters = skus.map { part in part.map { $0 < scenario.forecasters.count ? scenario.forecasters[$0] : nil } } ?? scenario.forecasters
        let policyCount = scenario.policies.count
        let replications = scenario.replications
        let jobs = policyCount * replications
        let store = JobStore(count: jobs)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, jobs))
        // With several policies, each replication's policy-independent demand is drawn once and replayed
        // (the same numbers: common random numbers already give every policy the same draws).
        let tapes = policyCount > 1 && DemandTape.applies(to: world)
            ? DemandTapes(users: policyCount) { DemandTape(configuration: world, replication: $0, purpose: purpose,
                                                          seed: scenario.seed, generator: scenario.generator) }
            : nil
        let start = DispatchTime.now()
        // Steps are handed out in order from one counter (not by a fixed stride per worker, which lets a
        // worker on a fast policy run ahead), so at most about `workers` replications' tapes are alive.
        let counter = StepCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while case let step = counter.next(), step < jobs {
                // Replication-major: the policies of one replication run close together.
                let replication = step / policyCount, policy = step % policyCount
                let job = policy * replications + replication
                let definition = scenario.policies[policy]
                // Policies are made for the SKUs run, from the whole world's per-SKU parameters.
                let policies = definition.makePolicies(for: scenario.world, skus: skus)
                // Forecasters refit during the run; only policies that read forecasts pay for them.
                let result = simulator.run(policies: policies, replication: replication, purpose: purpose, seed: scenario.seed,
                                           traced: replication == 0, tracedSKUs: tracedSKUs, generator: scenario.generator,
                                           forecasters: definition.usesForecasts ? forecasters : [],
                                           tape: tapes?.acquire(replication))
                tapes?.release(replication)
                let done = store.put(result, at: job)
                progress?(done, jobs)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let results = store.results
        var ledgers: [[[Ledger]]] = []
        var traces: [[TraceRow]] = []
        var events = 0
        for policy in 0..<policyCount {
            let runs = (0..<replications).map { results[policy * replications + $0] }
            ledgers.append(runs.map { $0?.ledgers ?? [] })
            traces.append(runs.first??.trace ?? [])
            events += runs.reduce(0) { $0 + ($1?.processedEvents ?? 0) }
        }
        return (ledgers, traces, events, seconds)
    }
}

/// The next job for whichever worker asks first.
final class StepCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// 0, 1, 2, … across all callers.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// The demand tapes of the replications in progress: built by the first policy run that needs one
/// (others wait for it rather than draw it twice) and dropped when all its users are done.
final class DemandTapes: @unchecked Sendable {
    private let condition = NSCondition()
    private var tapes: [Int: DemandTape] = [:]
    private var building: Set<Int> = []
    private var remaining: [Int: Int] = [:]
    private let users: Int
    private let make: @Sendable (Int) -> DemandTape

    init(users: Int, make: @escaping @Sendable (Int) -> DemandTape) {
        self.users = users
        self.make = make
    }

    /// The tape of `replication`, drawn on first use.
    func acquire(_ replication: Int) -> DemandTape {
        condition.lock()
        while building.contains(replication) { condition.wait() }
        if let tape = tapes[replication] {
            condition.unlock()
            return tape
        }
        building.insert(replication)
        condition.unlock()
        let tape = make(replication)
        condition.lock()
        tapes[replication] = tape
        remaining[replication] = users
        building.remove(replication)
        condition.broadcast()
        condition.unlock()
        return tape
    }

    /// One user of `replication`'s tape is done; the last one frees it.
    func release(_ replication: Int) {
        condition.lock()
        defer { condition.unlock() }
        let left = (remaining[replication] ?? 1) - 1
        if left <= 0 {
            tapes[replication] = nil
            remaining[replication] = nil
        } else {
            remaining[replication] = left
        }
    }
}

/// Results slots filled by worker threads, each by its own index.
final class JobStore: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [SimulationResult?]
    private var finished = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func put(_ result: SimulationResult, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
        finished += 1
        return finished
    }

    var results: [SimulationResult?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
