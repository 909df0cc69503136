import Experiment
import Policies
import Scenario
import Simulation
import Stochastics

// One SKU, built in Swift (no scenario file): Poisson demand of 8 units a day, a 3-day lead time, backorders.
let mug = ProductConfiguration(
    sku: "MUG", sellingPrice: 12, holdingCostPerUnitDay: 0.05, shortage: .backorders(costPerUnitDay: 0.8),
    initialOnHandUnits: 40, customers: .perDay(demandUnits: .poisson(mean: 8)),
    suppliers: [SupplierConfiguration(name: "regular", leadTimeDays: .constant(3), unitCost: 5, fixedCostPerOrder: 2)])
let world = WorldConfiguration(products: [mug], review: .periodic(everyDays: 1), horizonDays: 365, warmupDays: 30)

/// Base-stock (order up to `level` on the inventory position every day).
func baseStock(_ level: Int) -> PolicyDefinition {
    PolicyDefinition(name: "base-stock-\(level)", kind: .baseStock, supplierIndex: [0],
                     parameters: [SKUPolicyParameters(values: [.orderUpToUnits: level])])
}

// Replication r of both policies sees the same demand (common random numbers).
let scenario = Scenario(name: "compare-two-policies", seed: 42, replications: 20, world: world,
                        policies: [baseStock(36), baseStock(44)])
let result = ExperimentRunner.run(scenario)

/// Mean ± 95% half-width, rounded to `decimals` places.
func show(_ s: SampleSummary, decimals: Int = 2) -> String {
    func round(_ x: Double) -> Double {
        let scale = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
        return (x * scale).rounded() / scale
    }
    return "\(round(s.mean)) ± \(round(s.halfWidth))"
}
for (index, policy) in scenario.policies.enumerated() {
    print("\(policy.name): profit \(show(SampleSummary(result.values(.profit, policy: index)))), "
          + "fill rate \(show(SampleSummary(result.values(.fillRate, policy: index)), decimals: 4))")
}
let difference = SampleSummary.pairedDifference(result.values(.profit, policy: 1), result.values(.profit, policy: 0))
print("\(scenario.policies[1].name) − \(scenario.policies[0].name): profit \(show(difference)) "
      + "(paired over \(scenario.replications) replications; "
      + (difference.lower > 0 || difference.upper < 0 ? "a real difference)" : "not distinguishable)"))
