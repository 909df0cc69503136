import Dispatch
import Foundation
import Policies
import Scenario
import Simulation

/// The perfect-information bound of a run: per markdown-season SKU and replication, the expected profit
/// of the best plan that knows the replication's level factor in advance (``MarkdownSeasonDP`` at that
/// level, with its best buy).
///
/// No policy that does not see the level can expect more at any level, so the mean of these values
/// over the replications bounds the mean profit of every policy in the run (up to sampling error: the
/// bound is an expectation over each replication's demand, a policy's profit one draw of it). It is a
/// reference row of the reports, not a policy.
public struct PerfectInformationBound: Sendable {
    /// The name of the reference row in the reports.
    public static let rowName = "bound: perfect information (level known)"

    /// Per SKU (product order), the bound of each replication; `nil` for SKUs the program does not represent.
    public var profitBySKU: [[Double]?]
    /// Why SKUs have no bound (one line each).
    public var notes: [String]

    /// Per replication, the bound of all SKUs together, or `nil` unless every SKU has one.
    public var totalProfit: [Double]? {
        guard let first = profitBySKU.first, first != nil, profitBySKU.allSatisfy({ $0 != nil }) else { return nil }
        let columns = profitBySKU.compactMap { $0 }
        return first!.indices.map { r in columns.reduce(0) { $0 + $1[r] } }
    }

    /// The bound of `scenario`, or `nil` when no SKU is a markdown season.
    /// - Parameters:
    ///   - scenario: the scenario as run.
    ///   - threads: worker threads (the programs of replications run in parallel; the result does not depend on it).
    /// - Returns: the bound.
    public static func compute(_ scenario: Scenario, threads: Int? = nil) -> PerfectInformationBound? {
        let world = scenario.world
        // Warm-up days or time-weighted holding would make the program's profit another quantity than the ledger's.
        guard MarkdownSeasonModel.isComparable(with: world) else { return nil }
        var found: [MarkdownSeasonModel?] = []
        var notes: [String] = []
        for sku in world.products.indices {
            do {
                found.append(try MarkdownSeasonModel(world: world, skuIndex: sku))
            } catch {
                found.append(nil)
                notes.append("no perfect-information bound for \(world.products[sku].sku): \(error)")
            }
        }
        guard found.contains(where: { $0 != nil }) else { return nil }
        let models = found
        let replications = scenario.replications
        let jobs = models.indices.flatMap { sku in models[sku] == nil ? [] : (0..<replications).map { (sku, $0) } }
        let store = BoundStore(count: jobs.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, jobs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var job = worker
            while job < jobs.count {
                let (sku, replication) = jobs[job]
                if let model = models[sku] {
                    let level = MarkdownSeasonModel.levelFactor(world: world, skuIndex: sku, replication: replication)
                    do {
                        store.put(.success(try MarkdownSeasonDP.solve(model, levelFactor: level).expectedProfit), at: job)
                    } catch {
                        store.put(.failure("\(error)"), at: job)
                    }
                }
                job += workers
            }
        }
        var profits: [[Double]?] = Array(repeating: nil, count: models.count)
        let results = store.results
        for sku in models.indices where models[sku] != nil {
            var values: [Double] = []
            var failure: String?
            for (index, job) in jobs.enumerated() where job.0 == sku {
                switch results[index] {
                case .success(let value)?: values.append(value)
                case .failure(let message)?: failure = failure ?? message
                case nil: failure = failure ?? "not computed"
                }
            }
            if let failure {
                notes.append("no perfect-information bound for \(world.products[sku].sku): \(failure)")
            } else {
                profits[sku] = values
            }
        }
        return PerfectInformationBound(profitBySKU: profits, notes: notes)
    }
}

/// Bound results filled by worker threads, each by its own index.
final class BoundStore: @unchecked Sendable {
    enum Outcome {
        case success(Double)
        case failure(String)
    }

    private let lock = NSLock()
    private var slots: [Outcome?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func put(_ outcome: Outcome, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = outcome
    }

    var results: [Outcome?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
