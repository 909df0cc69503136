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
        markdown(scenario, threads: threads).first
    }

    /// The markdown season's two bounds (nil when no SKU is a markdown season): the level known in advance
    /// (``rowName``) and the level known only after the buy (``afterBuyRowName``), a tighter bound on
    /// every policy that buys before it has seen a sale.
    public static func markdown(_ scenario: Scenario, threads: Int? = nil) -> [PerfectInformationBound] {
        let world = scenario.world
        // Warm-up days or time-weighted holding would make the program's profit another quantity than the ledger's.
        guard MarkdownSeasonModel.isComparable(with: world) else { return [] }
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
        guard found.contains(where: { $0 != nil }) else { return [] }
        let models = found
        let replications = scenario.replications
        // Two solves per replication and SKU; refuse a run whose bounds would take far longer than its simulation.
        var work = 0.0
        for model in models.compactMap({ $0 }) {
            let limit = MarkdownSeasonDP.initialStockGuess(model, level: 1)
            work += 2 * Double(replications) * Double(model.seasonDays * model.priceLevels.count) * Double(limit + 1)
        }
        guard work <= maximumBoundOperations else {
            let note = "no perfect-information bound: \(replications) replications of the season's program need at least "
                + "\(String(format: "%.1e", work)) operations, more than the limit of \(String(format: "%.0e", maximumBoundOperations)) "
                + "(fewer replications or a shorter season fit)"
            var afterBuy = PerfectInformationBound(profitBySKU: models.map { _ in nil }, notes: [note])
            afterBuy.name = afterBuyRowName
            afterBuy.gapColumnName = "profit_gap_to_level_after_buy_bound"
            return [PerfectInformationBound(profitBySKU: models.map { _ in nil }, notes: [note]), afterBuy]
        }
        let levels = models.indices.map { sku in
            (0..<replications).map { MarkdownSeasonModel.levelFactor(world: world, skuIndex: sku, replication: $0) }
        }
        // Pass 1: each replication's program at its level, with the stock limit that provably holds its best buy.
        let first = solveAll(models, levels: levels, limits: nil, threads: threads)
        // Pass 2: the same programs on one common stock limit per SKU, so every buy is valued at every level.
        var limits: [Int?] = Array(repeating: nil, count: models.count)
        for sku in models.indices {
            guard let solutions = first.solutions[sku] else { continue }
            limits[sku] = solutions.map(\.stockLimitUnits).max()
        }
        let second = solveAll(models, levels: levels, limits: limits, threads: threads)
        var known: [[Double]?] = Array(repeating: nil, count: models.count)
        var afterBuy: [[Double]?] = Array(repeating: nil, count: models.count)
        var afterBuyNotes = notes
        for sku in models.indices {
            if let failure = first.failures[sku] {
                notes.append("no perfect-information bound for \(world.products[sku].sku): \(failure)")
                afterBuyNotes.append("no perfect-information bound for \(world.products[sku].sku): \(failure)")
                continue
            }
            guard let model = models[sku], let solutions = first.solutions[sku] else { continue }
            known[sku] = solutions.map(\.expectedProfit)
            guard let common = second.solutions[sku] else {
                afterBuyNotes.append("no perfect-information bound after the buy for \(world.products[sku].sku): \(second.failures[sku] ?? "not computed")")
                continue
            }
            afterBuy[sku] = bestCommonBuy(model, values: common.map(\.startingStockValues))
        }
        var afterBuyBound = PerfectInformationBound(profitBySKU: afterBuy, notes: afterBuyNotes)
        afterBuyBound.name = afterBuyRowName
        afterBuyBound.gapColumnName = "profit_gap_to_level_after_buy_bound"
        afterBuyBound.note = "The same program for a planner who must make the season's buy without knowing the level (one buy for "
            + "every replication, the one with the best mean) and learns the level at once afterwards. Every policy here buys "
            + "before it has seen a sale, so none can expect more: the gap to the bound above that no such policy can close "
            + "is the value of knowing the level when buying."
        return [PerfectInformationBound(profitBySKU: known, notes: notes), afterBuyBound]
    }

    /// The name of the bound with the level known only after the buy (``markdown(_:threads:)``).
    public static let afterBuyRowName = "bound: level known after the buy"

    /// Per replication, the profit of the one buy with the best mean over the replications when each then
    /// plays its level's optimal prices: `V_r(x*) − c·(x* − x₀) − K·[x* > x₀]`,
    /// `x* = argmax_x mean_r (V_r(x) − c·(x − x₀) − K·[x > x₀])`.
    /// - Parameters:
    ///   - model: the season.
    ///   - values: per replication, `V₀(x)` for x = 0…limit (one limit for all).
    /// - Returns: the per-replication profits at the common buy.
    public static func bestCommonBuy(_ model: MarkdownSeasonModel, values: [[Double]]) -> [Double] {
        let x0 = model.initialOnHandUnits
        let limit = values.map { $0.count - 1 }.min() ?? x0
        func cost(_ x: Int) -> Double {
            x > x0 ? model.unitCostPerUnit * Double(x - x0) + model.fixedCostPerOrder : 0
        }
        var bestStock = x0, bestTotal = -Double.infinity
        for x in x0...max(x0, limit) {
            let total = values.reduce(0) { $0 + $1[x] } - Double(values.count) * cost(x)
            if total > bestTotal {
                bestTotal = total
                bestStock = x
            }
        }
        return values.map { $0[bestStock] - cost(bestStock) }
    }

    /// Every replication's program of every modelled SKU, in parallel.
    /// - Parameter limits: per SKU, the stock limit to tabulate (nil: the proven one per replication).
    static func solveAll(_ models: [MarkdownSeasonModel?], levels: [[Double]], limits: [Int?]?,
                         threads: Int?) -> (solutions: [[MarkdownSeasonSolution]?], failures: [String?]) {
        let replications = levels.first?.count ?? 0
        let jobs = models.indices.flatMap { sku in models[sku] == nil ? [] : (0..<replications).map { (sku, $0) } }
        let store = SolutionStore(count: jobs.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, jobs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var job = worker
            while job < jobs.count {
                let (sku, replication) = jobs[job]
                if let model = models[sku] {
                    do {
                        let limit = limits?[sku].map { max($0, model.initialOnHandUnits) }
                        store.put(.success(try MarkdownSeasonDP.solve(model, levelFactor: levels[sku][replication], stockLimitUnits: limit)), at: job)
                    } catch {
                        store.put(.failure("\(error)"), at: job)
                    }
                }
                job += workers
            }
        }
        var solutions: [[MarkdownSeasonSolution]?] = Array(repeating: nil, count: models.count)
        var failures: [String?] = Array(repeating: nil, count: models.count)
        let results = store.results
        for sku in models.indices where models[sku] != nil {
            var found: [MarkdownSeasonSolution] = []
            for (index, job) in jobs.enumerated() where job.0 == sku {
                switch results[index] {
                case .success(let solution)?: found.append(solution)
                case .failure(let message)?: failures[sku] = failures[sku] ?? message
                case nil: failures[sku] = failures[sku] ?? "not computed"
                }
            }
            if failures[sku] == nil { solutions[sku] = found }
        }
        return (solutions, failures)
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
        let replications = scenario.replications
        // Each SKU's program is O(days²) per replication: refuse a run whose bounds would take far longer than its simulation.
        let work = Double(replications) * Double(plans.compactMap { $0 }.count) * Double(world.horizonDays) * Double(world.horizonDays) / 2
        guard work <= maximumBoundOperations else {
            var skipped = Self.described(PerfectInformationBound(profitBySKU: plans.map { _ in nil }, notes: [
                "no clairvoyant bound: \(replications) replications × \(world.horizonDays)² / 2 days² per SKU need about "
                    + "\(String(format: "%.1e", work)) operations, more than the limit of \(String(format: "%.0e", maximumBoundOperations)) "
                    + "(fewer replications or a shorter horizon fit)"]))
            skipped.name = pathRowName
            return skipped
        }
        let simulator = InventorySimulator(configuration: world)
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
        return described(PerfectInformationBound(profitBySKU: profits, notes: notes))
    }

    /// Most operations the bounds of one run may take (all replications and SKUs): a few minutes.
    public static let maximumBoundOperations = 4e11

    /// The clairvoyant bound's name, KPI and note on `bound`.
    static func described(_ bound: PerfectInformationBound) -> PerfectInformationBound {
        var bound = bound
        bound.name = pathRowName
        bound.gapColumnName = "profit_gap_to_clairvoyant_bound"
        bound.note = "The profit of the best plan for a planner who knows each replication's whole demand path in advance "
            + "(orders timed to the day, each day's demand served or knowingly lost); no policy can earn more on the same path. "
            + "It is loose where demand is noisy: part of the gap is the price of not knowing tomorrow."
        return bound
    }
}

/// Bound results filled by worker threads, each by its own index.
typealias BoundStore = ResultStore<Double>
/// Markdown programs solved by worker threads, each by its own index.
typealias SolutionStore = ResultStore<MarkdownSeasonSolution>

/// Results filled by worker threads, each by its own index.
final class ResultStore<Value: Sendable>: @unchecked Sendable {
    enum Outcome {
        case success(Value)
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
