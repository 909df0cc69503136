import Dispatch
import Foundation
import Policies
import Simulation
import Stochastics

/// The core issue's speed model, reproducible from the command line (`restock bench`) and from the
/// `Benchmarks/` package: one SKU, Poisson customers at 10 per day each buying 1 unit, daily review with
/// (s,S) = (35,60), lead time 2 days, lost sales, 10,000 days — the model of `simpy_inventory.py`.
public enum SpeedBenchmark {
    /// The benchmark world.
    /// - Parameter days: horizon in days.
    /// - Returns: the configuration.
    public static func world(days: Int = 10_000) -> WorldConfiguration {
        let product = ProductConfiguration(
            sku: "bench", sellingPrice: 1, holdingCostPerUnitDay: 0.01, shortage: .lostSales(penaltyPerUnit: 1),
            initialOnHandUnits: 60, customers: .poissonArrivals(customersPerDay: 10, unitsPerCustomer: .constant(1)),
            suppliers: [SupplierConfiguration(name: "supplier", leadTimeDays: .constant(2), unitCost: 0.5)])
        return WorldConfiguration(products: [product], review: .periodic(everyDays: 1), costAccounting: .timeWeighted,
                                  horizonDays: days)
    }

    /// One measurement.
    public struct Measurement: Sendable {
        /// Events processed per run.
        public var eventsPerRun: Int
        /// Customers per run.
        public var customersPerRun: Double
        /// Best wall time of one run, seconds.
        public var bestRunSeconds: Double
        /// Events per second on one core (best run).
        public var eventsPerSecond: Double { Double(eventsPerRun) / bestRunSeconds }
        /// Fill rate of the run (a sanity check against SimPy's output).
        public var fillRate: Double
        /// Wall time of `replications` runs on one thread, seconds (median over rounds).
        public var serialSeconds: Double
        /// Wall time of the same runs on all cores, seconds (median over rounds).
        public var parallelSeconds: Double
        /// Serial/parallel ratio of each round (rounds alternate the two, so drifts in machine load hit both).
        public var roundSpeedups: [Double]
        /// Threads used for the parallel run.
        public var threads: Int
        /// Replications timed in each of the serial and parallel runs.
        public var replications: Int
        /// Median of the rounds' serial/parallel ratios.
        public var speedup: Double { median(roundSpeedups) }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now()
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// Speed of a ``WorldStepper`` on the benchmark world: one decision a day, answered by the benchmark's
    /// (s,S) policy from outside, as a learning agent would.
    public struct SteppingMeasurement: Sendable {
        /// Decisions per run (one a day).
        public var decisionsPerRun: Int
        /// Best wall time of one run, seconds.
        public var bestRunSeconds: Double
        /// Decisions per second on one core (best run).
        public var decisionsPerSecond: Double { Double(decisionsPerRun) / bestRunSeconds }
        /// Whether the stepped run's ledgers equal the ordinary run's (they must).
        public var matchesRun: Bool
    }

    /// Times stepping the benchmark world decision by decision.
    /// - Parameters:
    ///   - days: horizon of one run.
    ///   - repeats: single-run timings (the best is kept).
    /// - Returns: the measurement.
    public static func measureStepping(days: Int = 10_000, repeats: Int = 20) -> SteppingMeasurement {
        let configuration = world(days: days)
        let agent = SSPolicy(reorderPointUnits: 35, orderUpToUnits: 60)
        func episode(replication: Int) -> (decisions: Int, ledgers: [Ledger]) {
            let stepper = WorldStepper(configuration: configuration, controlledSKU: 0, otherPolicies: [], replication: replication, seed: 1)
            var decisions = 0
            while let observation = stepper.nextDecision() {
                stepper.act(agent.decide(observation))
                decisions += 1
            }
            return (decisions, stepper.ledgers)
        }
        var best = Double.infinity
        var last = episode(replication: 0)
        for r in 0..<repeats {
            best = min(best, seconds { last = episode(replication: r) })
        }
        let reference = InventorySimulator(configuration: configuration)
            .run(policies: [agent], replication: max(0, repeats - 1), seed: 1)
        return SteppingMeasurement(decisionsPerRun: last.decisions, bestRunSeconds: best, matchesRun: last.ledgers == reference.ledgers)
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - days: horizon of one run.
    ///   - repeats: single-run timings (the best is kept).
    ///   - replications: runs timed serially and in parallel.
    ///   - threads: threads for the parallel run.
    ///   - rounds: alternating serial/parallel timings; the median ratio is reported.
    /// - Returns: the measurement.
    public static func measure(days: Int = 10_000, repeats: Int = 20, replications: Int = 64,
                               threads: Int = ProcessInfo.processInfo.activeProcessorCount, rounds: Int = 5) -> Measurement {
        let simulator = InventorySimulator(configuration: world(days: days))
        let policy: [any Policy] = [SSPolicy(reorderPointUnits: 35, orderUpToUnits: 60)]
        var best = Double.infinity
        var last = simulator.run(policies: policy, replication: 0, seed: 1)
        for r in 0..<repeats {
            best = min(best, seconds { last = simulator.run(policies: policy, replication: r, seed: 1) })
        }
        var serialTimes: [Double] = [], parallelTimes: [Double] = []
        for _ in 0..<max(1, rounds) {
            serialTimes.append(seconds {
                for r in 0..<replications { _ = simulator.run(policies: policy, replication: r, seed: 1) }
            })
            parallelTimes.append(seconds {
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                    var r = worker
                    while r < replications {
                        _ = simulator.run(policies: [SSPolicy(reorderPointUnits: 35, orderUpToUnits: 60)], replication: r, seed: 1)
                        r += threads
                    }
                }
            })
        }
        let ledger = last.total
        return Measurement(eventsPerRun: last.processedEvents, customersPerRun: ledger.demandUnits, bestRunSeconds: best,
                           fillRate: ledger.value(of: .fillRate, measuredDays: days), serialSeconds: median(serialTimes),
                           parallelSeconds: median(parallelTimes), roundSpeedups: zip(serialTimes, parallelTimes).map { $0 / $1 },
                           threads: threads, replications: replications)
    }
}
