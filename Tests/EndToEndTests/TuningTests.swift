import Experiment
import Foundation
import Policies
import Reporting
import Scenario
import Simulation
import Stochastics
import Testing

/// A one-SKU scenario as YAML text (short horizons: debug builds are slow).
private func singleSKU(shortage: String, demandMean: Double, leadTimeDays: Int, fixedCost: Double, policy: String,
                       horizonDays: Int, warmupDays: Int, replications: Int, extra: String = "", supplierExtra: String = "",
                       price: Double = 0, unitCost: Double = 0, holding: Double = 1, initial: Int = 20) -> String {
    """
    name: tuning-test
    seed: 11
    horizonDays: \(horizonDays)
    warmupDays: \(warmupDays)
    replications: \(replications)
    review: {type: periodic, everyDays: 1}
    \(extra)
    products:
      - sku: ITEM
        sellingPrice: \(price)
        holdingCostPerUnitDay: \(holding)
        shortage: \(shortage)
        initialOnHandUnits: \(initial)
        demand: {type: perDay, unitsPerDay: {type: poisson, mean: \(demandMean)}}
        suppliers:
          - {name: supplier, leadTimeDays: \(leadTimeDays), unitCost: \(unitCost), fixedCostPerOrder: \(fixedCost)\(supplierExtra)}
    policies:
      - \(policy)
    """
}

@Suite("Tuning heuristics by simulation")
struct TuningTests {
    @Test("a base-stock level tuned on a backorder Poisson SKU is the newsvendor optimum (±1 unit, or no worse)")
    func baseStockMatchesNewsvendor() throws {
        func text(_ level: String) -> String {
            singleSKU(shortage: "{type: backorder, costPerUnitDay: 9}", demandMean: 5, leadTimeDays: 2, fixedCost: 0,
                      policy: "{name: bs, type: baseStock, orderUpToUnits: \(level)}", horizonDays: 800, warmupDays: 50, replications: 4)
        }
        let exact = try #require(ScenarioLoader.parse(yaml: text("auto"), file: "exact.yaml").policies[0].parameters[0].values[.orderUpToUnits])
        let scenario = try ScenarioLoader.parse(yaml: text("8"), file: "start.yaml")
        let result = try PolicyTuner(settings: .init(searchReplications: 4, budget: 30)).tune(scenario, policyIndex: 0)
        let tuned = try #require(result.tuned.parameters[0].values[.orderUpToUnits])
        if abs(tuned - exact) > 1 {
            // Statistically equivalent: on fresh replications the exact level is not significantly better.
            var both = scenario
            both.policies = [result.tuned, scenario.policies[0]]
            both.policies[1].parameters[0].values[.orderUpToUnits] = exact
            both.policies[1].name = "exact"
            both.replications = 20
            let run = ExperimentRunner.run(both, purpose: .evaluate)
            let difference = SampleSummary.pairedDifference(run.values(.profit, policy: 1), run.values(.profit, policy: 0))
            #expect(difference.lower <= 0, "tuned S = \(tuned), exact S = \(exact): exact better by \(difference.mean) ± \(difference.halfWidth)")
        }
        #expect(result.versusStart.map { $0.lower > 0 } == true, "the tuned level beats S = 8 on the evaluate replications")
    }

    @Test("(s,S) tuned on the Zheng–Federgruen instance costs within 2% of their optimum 35.022 per period")
    func zhengFedergruen() throws {
        let text = singleSKU(shortage: "{type: backorder, costPerUnitDay: 9}", demandMean: 10, leadTimeDays: 0, fixedCost: 64,
                             policy: "{name: sS, type: sS, reorderPointUnits: 10, orderUpToUnits: 30}", horizonDays: 1000,
                             warmupDays: 50, replications: 4, extra: "costAccounting: endOfPeriod", initial: 40)
        let scenario = try ScenarioLoader.parse(yaml: text, file: "zf.yaml")
        let result = try PolicyTuner(settings: .init(searchReplications: 4, budget: 40, selectionReplications: 12)).tune(scenario, policyIndex: 0)
        let cost = -result.finalists[result.winner].profitPerDay.mean
        #expect(cost < 35.022 * 1.02, "tuned \(result.describe(result.tunedValues)) costs \(cost) per period")
        #expect(cost > 35.022 * 0.97, "a simulated cost far below the exact optimum means the objective is wrong: \(cost)")
    }

    @Test("a one-buy season's order-up-to level lands at the critical fractile of season demand")
    func newsvendorSeason() throws {
        // Season demand Poisson(100); price 10, cost 4, salvage 1, no holding cost: fractile (10 − 4)/(10 − 1) = 2/3.
        let text = singleSKU(shortage: "{type: lostSales, penaltyPerUnit: 0}", demandMean: 10, leadTimeDays: 0, fixedCost: 0,
                             policy: "{name: buy, type: baseStock, orderUpToUnits: 60}", horizonDays: 10, warmupDays: 0,
                             replications: 300, supplierExtra: ", lastOrderDay: 0", price: 10, unitCost: 4, holding: 0, initial: 0)
            .replacingOccurrences(of: "holdingCostPerUnitDay: 0\n", with: "holdingCostPerUnitDay: 0\n    salvageValuePerUnit: 1\n")
        let scenario = try ScenarioLoader.parse(yaml: text, file: "season.yaml")
        let result = try PolicyTuner(settings: .init(searchReplications: 300, budget: 30, selectionReplications: 300)).tune(scenario, policyIndex: 0)
        let season = try DiscretePMF.poisson(mean: 100)
        let fractile = (0...season.maxValue).first { season.cdf($0) >= 2.0 / 3.0 } ?? 0
        let tuned = try #require(result.tuned.parameters[0].values[.orderUpToUnits])
        #expect(abs(tuned - fractile) <= 3, "tuned S = \(tuned), critical fractile \(fractile)")
    }

    @Test("the tuner simulates only tune and evaluate replications, never the reported ones")
    func purposes() throws {
        let scenario = try shortScenario("lost-sales")
        let seen = PurposeLog()
        let tuner = PolicyTuner(settings: .init(searchReplications: 3, budget: 6)) { scenario, purpose, threads, progress in
            seen.add(purpose, replications: scenario.replications)
            return ExperimentRunner.run(scenario, purpose: purpose, threads: threads, progress: progress)
        }
        let result = try tuner.tune(scenario, policyIndex: 1)
        #expect(Set(seen.purposes) == [.tune, .evaluate])
        #expect(seen.purposes.first == .tune && seen.purposes.last == .evaluate)
        #expect(result.path.count <= 6)
        // The final comparison is on its own (fresh) replications: the start's evaluate mean differs from its tune mean.
        #expect(result.startFinalist?.profitPerDay.mean != result.path[0].profitPerDay.mean)
    }

    @Test("trained policies are refused; tune: ranges outside the policy's relations are refused")
    func refusals() throws {
        let text = singleSKU(shortage: "{type: backorder, costPerUnitDay: 9}", demandMean: 5, leadTimeDays: 1, fixedCost: 10,
                             policy: "{name: sS, type: sS, reorderPointUnits: 10, orderUpToUnits: 30, tune: {reorderPointUnits: [50, 60], orderUpToUnits: [0, 40]}}",
                             horizonDays: 50, warmupDays: 0, replications: 2)
        let scenario = try ScenarioLoader.parse(yaml: text, file: "ranges.yaml")
        #expect(scenario.policies[0].tuningRanges[.reorderPointUnits] == TuningRange(lower: 50, upper: 60))
        #expect(throws: TuningError.self) { try PolicyTuner(settings: .init(searchReplications: 2, budget: 2)).tune(scenario, policyIndex: 0) }
        var custom = scenario
        custom.policies = [.custom(name: "mine") { world in world.products.map { _ in BaseStockPolicy(orderUpToUnits: 5, supplier: 0) } }]
        #expect(throws: TuningError.self) { try PolicyTuner(settings: .init(searchReplications: 2, budget: 2)).tune(custom, policyIndex: 0) }
    }

    @Test("bad tune: maps name the key path and what is allowed", arguments: [
        ("{orderUpToUnits: [0, 10], reorderPointUnits: [0, 5]}", "policies[0].tune.reorderPointUnits", "Allowed: orderUpToUnits"),
        ("{orderUpToUnits: [20, 10]}", "policies[0].tune.orderUpToUnits", "low > high"),
        ("{orderUpToUnits: [lots, 10]}", "policies[0].tune.orderUpToUnits", "two numbers"),
        ("{orderUpToUnits: 10}", "policies[0].tune.orderUpToUnits", "[low, high]"),
        ("{orderUpToUnits: [0.5, 10]}", "policies[0].tune.orderUpToUnits", "whole numbers"),
        ("{orderUpToUnit: [0, 10]}", "policies[0].tune.orderUpToUnit", "did you mean 'orderUpToUnits'"),
    ])
    func badRanges(_ tune: String, _ keyPath: String, _ message: String) throws {
        let text = singleSKU(shortage: "{type: backorder, costPerUnitDay: 9}", demandMean: 5, leadTimeDays: 1, fixedCost: 0,
                             policy: "{name: bs, type: baseStock, orderUpToUnits: 10, tune: \(tune)}", horizonDays: 50, warmupDays: 0, replications: 2)
        do {
            _ = try ScenarioLoader.parse(yaml: text, file: "bad.yaml")
            Issue.record("expected an error for tune: \(tune)")
        } catch let error as ScenarioError {
            #expect(error.keyPath == keyPath)
            #expect(error.line != nil)
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("auto without an exact optimiser: an error for the library by default, a search start with searchAuto")
    func autoSearch() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/dual-sourcing.yaml").path
        let overrides = ["horizonDays=120", "warmupDays=10", "replications=3", "policies.dual-index.expeditedOrderUpToUnits=auto"]
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path, overrides: overrides) }
        let scenario = try ScenarioLoader.load(path: path, overrides: overrides, searchAuto: true)
        let dual = try #require(scenario.policies.first { $0.name == "dual-index" })
        #expect(dual.autoSearch == [TuningCoordinate(.expeditedOrderUpToUnits, sku: 0)])
        #expect(dual.satisfiesRelations)
    }

    @Test("restock tune: same seed, byte-identical tuned.yaml and tuning.csv on 1 and 2 threads; tuned.yaml runs; run tunes auto and says so")
    func commandLine() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let base = ["tune", scenario, "--set", "horizonDays=300", "--set", "warmupDays=20", "--replications", "3", "--budget", "8",
                    "--policy", "base-stock-17", "--policy", "weekly-order-up-to", "--quiet"]
        let one = try restock(base + ["--threads", "1", "--out", folder.appendingPathComponent("one").path], in: folder)
        #expect(one.status == 0, "\(one.stderr)")
        let two = try restock(base + ["--threads", "2", "--out", folder.appendingPathComponent("two").path], in: folder)
        #expect(two.status == 0, "\(two.stderr)")
        for file in ["tuned.yaml", "tuning.csv", "tuning.html"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("one/\(file)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("two/\(file)"))
            #expect(a == b, "\(file) differs between 1 and 2 threads")
        }
        let tuned = folder.appendingPathComponent("two/tuned.yaml").path
        let reloaded = try ScenarioLoader.load(path: tuned)
        let csv = try String(contentsOf: folder.appendingPathComponent("two/tuning.csv"), encoding: .utf8)
        let selected = csv.split(separator: "\n").filter { $0.hasPrefix("base-stock-17,final,") && $0.contains(",true,") }
        let level = try #require(reloaded.policies.first { $0.name == "base-stock-17" }?.parameters[0].values[.orderUpToUnits])
        #expect(selected.count == 1 && selected[0].contains("orderUpToUnits = \(level),"), "\(selected)")
        let run = try restock(["run", tuned, "--quiet", "--out", folder.appendingPathComponent("run").path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")

        let bad = try restock(["tune", scenario, "--set", "policies.0.tune={reorderPointUnits: [0, 5]}", "--out",
                               folder.appendingPathComponent("bad").path], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("policies[0].tune.reorderPointUnits") && bad.stderr.contains("Allowed: orderUpToUnits"), "\(bad.stderr)")
        let unknown = try restock(["tune", scenario, "--policy", "nope", "--out", folder.appendingPathComponent("bad").path], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("best-base-stock"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad").path))

        let dual = repositoryRoot.appendingPathComponent("scenarios/dual-sourcing.yaml").path
        let auto = try restock(["run", dual, "--set", "horizonDays=100", "--set", "warmupDays=10", "--set", "replications=2",
                                "--set", "policies.dual-index.regularOrderUpToUnits=auto",
                                "--out", folder.appendingPathComponent("auto").path], in: folder)
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(auto.stderr.contains("tuned by simulation search"), "\(auto.stderr)")
    }
}

/// Purposes a test tuner was asked to simulate, in order.
final class PurposeLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var purposes: [ReplicationPurpose] = []

    func add(_ purpose: ReplicationPurpose, replications: Int) {
        lock.lock()
        defer { lock.unlock() }
        purposes.append(purpose)
    }
}
