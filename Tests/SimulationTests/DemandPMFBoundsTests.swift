import Policies
@testable import Simulation
import Stochastics
import Testing

@Suite("Demand tables for the exact optimisers")
struct DemandPMFBoundsTests {
    @Test("compound Poisson: Panjer's recursion matches the direct mixture, and a rare huge order is refused by the work it would take")
    func compoundPoisson() throws {
        // 0.7 customers a day, each buying 1–3 units: P(total = k) by conditioning on the number of customers.
        let table = try DemandPMF.over(days: 2, .poissonArrivals(customersPerDay: 0.7, unitsPerCustomer: .uniformInteger(low: 1, high: 3)))
        let arrivals = try DiscretePMF.poisson(mean: 1.4), size = DiscretePMF(unnormalized: [0, 1, 1, 1])
        var direct = [Double](repeating: 0, count: 40)
        var convolution = DiscretePMF(unnormalized: [1])
        for n in 0..<min(arrivals.probabilities.count, 12) {
            for (k, p) in convolution.probabilities.enumerated() where k < direct.count { direct[k] += arrivals.probabilities[n] * p }
            convolution = convolution.convolved(with: size)
        }
        for k in 0..<20 { #expect(abs(table.probability(k) - direct[k]) < 1e-9, "k = \(k)") }
        // Rare customers buying up to 50,000 units: the recursion runs for tens of thousands of terms; its own count stops it
        // (at a lower limit here than the 2e9 of a real run, to keep the test short).
        do {
            let huge = DiscretePMF(unnormalized: [Double](repeating: 1, count: 50_001))
            _ = try DemandPMF.compoundPoisson(rate: 1e-9, size: huge, maximumOperations: 1e7)
            Issue.record("expected a refusal")
        } catch let error as OptimizerError {
            #expect(error.message.contains("more than 1e+07 operations"), "\(error)")
        }
    }
}
