import Foundation
import Policies
import Stochastics

/// Exact demand over a number of days, as the optimisers need it.
public enum DemandPMF {
    /// Probability mass left out at the top of every table.
    public static let tail = 1e-12

    /// The pmf of whole units demanded over `days` days.
    /// - Throws: `OptimizerError` when the demand is not stationary or too wide for a table.
    public static func over(days: Int, _ customers: CustomerModel) throws -> DiscretePMF {
        guard days >= 1 else { return try DiscretePMF(probabilities: [1]) }
        switch customers {
        case .perDay(let law):
            // Sums of iid Poisson, negative binomial (same p) and constant draws stay in their family.
            switch law {
            case .poisson(let mean): return try unitLaw(.poisson(mean: mean * Double(days)))
            case .negativeBinomial(let mean, let dispersion):
                return try unitLaw(.negativeBinomial(mean: mean * Double(days), dispersion: dispersion * Double(days)))
            default: break
            }
            let unit = try unitLaw(law)
            // n-fold convolution costs about (days · support)² / 2 operations: refuse what would take minutes.
            let support = Double(unit.probabilities.count) * Double(days)
            guard support * support / 2 <= 4e9 else {
                throw OptimizerError("demand over \(days) days has too wide a support (about \(Int(support)) units) for the exact optimisers")
            }
            return try unit.power(days)
        case .poissonArrivals(let rate, let size):
            return try compoundPoisson(rate: rate * Double(days), size: unitLaw(size))
        case .dailyMeans:
            throw OptimizerError("demand that follows a forecast changes from day to day, and the exact optimisers need a stationary law; use the forecastOrderUpTo policy, or numbers")
        }
    }

    /// P(round(X) = k): the law of a draw as the simulator rounds it.
    public static func unitLaw(_ law: Distribution) throws -> DiscretePMF {
        do {
            return try DiscretePMF.roundedDraws(of: law, tailTolerance: tail)
        } catch {
            throw OptimizerError("the demand law is too wide for an exact optimiser")
        }
    }

    /// Compound Poisson by Panjer's recursion: g_k = (λ/k) Σ_j j f_j g_{k−j}.
    static func compoundPoisson(rate: Double, size: DiscretePMF, maximumOperations: Double = 2e9) throws -> DiscretePMF {
        let f = size.probabilities
        let exponent = rate * (1 - f[0])
        // Panjer needs about (support of the total) × (support of one order) operations.
        let totalMean = rate * size.mean
        let totalSD = (rate * f.enumerated().reduce(0) { $0 + Double($1.offset * $1.offset) * $1.element }).squareRoot()
        guard (totalMean + 12 * totalSD + 100) * Double(f.count) <= 2e9 else {
            throw OptimizerError("the compound-Poisson demand is too wide for the exact optimisers")
        }
        guard exponent < 700 else { throw OptimizerError("demand over the period is too large for the exact compound-Poisson pmf") }
        var g = [exp(-exponent)]
        var cumulative = g[0]
        var k = 0
        // The real work, counted as it is spent: a tiny arrival rate with a huge order size keeps the
        // cumulative mass short of 1 for millions of terms, which the estimate above does not see.
        var operations = 0.0
        while cumulative < 1 - tail && k < 2_000_000 {
            k += 1
            let terms = min(k, f.count - 1)
            operations += Double(terms)
            guard operations <= maximumOperations else {
                throw OptimizerError("the compound-Poisson demand is too wide for the exact optimisers (more than \(String(format: "%.0e", maximumOperations)) operations to tabulate it); "
                    + "write numbers instead of auto, or use fewer units per customer")
            }
            var sum = 0.0
            guard terms >= 1 else { g.append(0); continue }
            for j in 1...terms { sum += Double(j) * f[j] * g[k - j] }
            let value = rate / Double(k) * sum
            g.append(value)
            cumulative += value
        }
        return try DiscretePMF(probabilities: g)
    }
}
