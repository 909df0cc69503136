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
    /// The name of the markdown season's reference row in the reports.
    public static let rowName = "bound: perfect information (level known)"
    /// The name of the clairvoyant bound's reference row (``clairvoyant(_:threads:)``).
    public static let pathRowName = "bound: perfect information (demand path known)"

    /// The reference row's name (``rowName`` or ``pathRowName``).
    public var name: String = PerfectInformationBound.rowName
    /// The KPI name of each policy's paired gap to the bound in `summary.csv`.
    public var gapColumnName = "profit_gap_to_perfect_information_bound"
    /// What the bound is, for the report page.
    public var note = "The expected profit of the best buy and daily prices for a planner who knows each replication's demand level "
        + "in advance (a dynamic program over day, stock and price at that level); no policy can expect more. "
        + "Its ± is the spread of the levels over the replications, not simulation noise."

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

extension PerfectInformationBound {
    /// The clairvoyant bound of the run (``ClairvoyantBound``): per replication and per single-supplier,
    /// fixed-price, lost-sales SKU with a constant whole-day lead time, the profit of the best plan that
    /// knows the replication's whole demand path; nil when no SKU fits or the run has warm-up days (the
    /// bound would count days the ledger does not) or is longer than a traced run.
    ///
    /// The demand paths come from one traced run of each report replication (at a fixed price they do not
    /// depend on the policy), under the scenario's first policy.
    public static func clairvoyant(_ scenario: Scenario, threads: Int? = nil) -> PerfectInformationBound? {
        let world = scenario.world
        guard world.warmupDays == 0, world.horizonDays <= InventorySimulator.maximumTracedDays,
              let first = scenario.policies.first else { return nil }
        let plans: [(lead: Int, economics: ClairvoyantBound.Economics)?] = world.products.map { product in
            guard product.suppliers.count == 1, product.priceLevels.count < 2,
                  case .constant(let lead) = product.suppliers[0].leadTimeDays, lead == lead.rounded(), lead >= 0,
                  case .lostSales(let penalty) = product.shortage,
                  product.salvageValuePerUnit <= product.suppliers[0].unitCost else { return nil }
            return (Int(lead), ClairvoyantBound.Economics(
                sellingPrice: product.sellingPrice, unitCost: product.suppliers[0].unitCost,
                fixedCostPerOrder: product.suppliers[0].fixedCostPerOrder, holdingCostPerUnitDay: product.holdingCostPerUnitDay,
                lostSalePenaltyPerUnit: penalty, salvageValuePerUnit: product.salvageValuePerUnit))
        }
        guard plans.contains(where: { $0 != nil }) else { return nil }
        let simulator = InventorySimulator(configuration: world)
        let replications = scenario.replications
        let store = BoundStore(count: replications * world.products.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, replications))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var replication = worker
            while replication < replications {
                let trace = simulator.run(policies: first.makePolicies(for: world), replication: replication, purpose: .report,
                                          seed: scenario.seed, traced: true, generator: scenario.generator,
                                          forecasters: first.usesForecasts ? scenario.forecasters : []).trace
                var demand = Array(repeating: [Double](repeating: 0, count: world.horizonDays), count: world.products.count)
                for row in trace { demand[row.sku][row.day] = Double(row.demandUnits) }
                for (sku, plan) in plans.enumerated() {
                    guard let plan else { continue }
                    do {
                        let profit = try ClairvoyantBound.profit(demandUnits: demand[sku], initialOnHandUnits: Double(world.products[sku].initialOnHandUnits),
                                                                 leadTimeDays: plan.lead, economics: plan.economics)
                        store.put(.success(profit), at: sku * replications + replication)
                    } catch {
                        store.put(.failure("\(error)"), at: sku * replications + replication)
                    }
                }
                replication += workers
            }
        }
        let results = store.results
        var notes: [String] = []
        let profits: [[Double]?] = plans.indices.map { sku in
            guard plans[sku] != nil else { return nil }
            var values: [Double] = []
            for replication in 0..<replications {
                guard case .success(let value)? = results[sku * replications + replication] else {
                    notes.append("no clairvoyant bound for \(world.products[sku].sku)")
                    return nil
                }
                values.append(value)
            }
            return values
        }
        var bound = PerfectInformationBound(profitBySKU: profits, notes: notes)
        bound.name = pathRowName
        bound.gapColumnName = "profit_gap_to_clairvoyant_bound"
        bound.note = "The profit of the best plan for a planner who knows each replication's whole demand path in advance "
            + "(orders timed to the day, each day's demand served or knowingly lost); no policy can earn more on the same path. "
            + "It is loose where demand is noisy: part of the gap is the price of not knowing tomorrow."
        return bound
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
