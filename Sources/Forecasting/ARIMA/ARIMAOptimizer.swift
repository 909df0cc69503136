import Foundation

/// Quasi-Newton minimisation (BFGS) with central-difference gradients, after Nash's variable
/// metric routine that R's `optim(method = "BFGS")` — and therefore R's `arima` — uses
/// (Nash, *Compact Numerical Methods for Computers*, 2nd ed., Algorithm 21).
///
/// The inverse-Hessian approximation starts at the identity and is reset whenever the update
/// would lose positive definiteness or the search direction points uphill. The line search
/// backtracks by a factor of 5 until the Armijo condition holds. Deterministic: the same objective
/// and start give the same answer.
struct ARIMAOptimizer: Sendable {
    /// What a minimisation found.
    struct Result: Sendable {
        /// The best point found.
        var point: [Double]
        /// The objective there.
        var value: Double
        /// Gradient evaluations (quasi-Newton iterations).
        var iterations: Int
        /// Whether the relative-change test stopped it (rather than the iteration cap).
        var converged: Bool
    }

    /// Iteration cap (R's default for `optim` is 100).
    var maxIterations = 100
    /// Stop when an accepted step changes the objective by less than this fraction
    /// (R's default, √ε).
    var relativeTolerance = 1.490116119384765625e-8
    /// Step of the central differences (R's `ndeps` is 1e-3; a smaller step costs nothing here
    /// and gives more accurate gradients near the optimum).
    var differenceStep = 1e-4

    /// Minimises `objective` from `start`.
    /// - Parameters:
    ///   - start: the initial point; the objective must be finite there.
    ///   - objective: the function; non-finite values are treated as "infeasible" and rejected by
    ///     the line search.
    /// - Returns: the best point, or `nil` when the objective is not finite at `start`.
    /// - Complexity: at most `maxIterations` iterations of (2n + a few) objective evaluations and
    ///   O(n²) algebra.
    func minimize(from start: [Double], _ objective: ([Double]) -> Double) -> Result? {
        let n = start.count
        var fmin = objective(start)
        guard fmin.isFinite else { return nil }
        if n == 0 { return Result(point: start, value: fmin, iterations: 0, converged: true) }
        let stepReduction = 0.2
        let acceptance = 1e-4
        let relativeTest = 10.0
        var b = start
        var g = gradient(at: b, value: fmin, objective)
        var inverse = [Double](repeating: 0, count: n * n)
        var iterations = 1
        var gradientCount = 1
        var lastReset = gradientCount
        var converged = false
        var x = b
        var c = g
        var t = [Double](repeating: 0, count: n)
        var count = 0
        repeat {
            if lastReset == gradientCount {
                for i in 0..<n { for j in 0..<n { inverse[i * n + j] = i == j ? 1 : 0 } }
            }
            x = b
            c = g
            var slope = 0.0
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s -= inverse[i * n + j] * g[j] }
                t[i] = s
                slope += s * g[i]
            }
            if slope < 0 {
                var step = 1.0
                var accepted = false
                var f = fmin
                repeat {
                    count = 0
                    for i in 0..<n {
                        b[i] = x[i] + step * t[i]
                        if relativeTest + x[i] == relativeTest + b[i] { count += 1 }
                    }
                    if count < n {
                        f = objective(b)
                        accepted = f.isFinite && f <= fmin + slope * step * acceptance
                        if !accepted { step *= stepReduction }
                    }
                } while !(count == n || accepted)
                if count == n { b = x }
                let enough = accepted && abs(f - fmin) > relativeTolerance * (abs(fmin) + relativeTolerance)
                if accepted { fmin = f }
                if !enough {
                    count = n
                    converged = true
                }
                if count < n {
                    g = gradient(at: b, value: fmin, objective)
                    gradientCount += 1
                    iterations += 1
                    var d1 = 0.0
                    for i in 0..<n {
                        t[i] *= step
                        c[i] = g[i] - c[i]
                        d1 += t[i] * c[i]
                    }
                    if d1 > 0 {
                        var hc = [Double](repeating: 0, count: n)
                        var d2 = 0.0
                        for i in 0..<n {
                            var s = 0.0
                            for j in 0..<n { s += inverse[i * n + j] * c[j] }
                            hc[i] = s
                            d2 += s * c[i]
                        }
                        d2 = 1 + d2 / d1
                        for i in 0..<n {
                            for j in 0..<n {
                                inverse[i * n + j] += (d2 * t[i] * t[j] - hc[i] * t[j] - t[i] * hc[j]) / d1
                            }
                        }
                    } else {
                        // Curvature condition failed: the update would not stay positive definite.
                        lastReset = gradientCount
                    }
                } else if lastReset < gradientCount {
                    // No progress with an aged metric: retry once from steepest descent.
                    count = 0
                    converged = false
                    lastReset = gradientCount
                }
            } else {
                // Uphill direction: reset unless we just did.
                count = 0
                if lastReset == gradientCount { count = n } else { lastReset = gradientCount }
            }
            if iterations >= maxIterations { break }
            if gradientCount - lastReset > 2 * n { lastReset = gradientCount }
        } while count != n || lastReset != gradientCount
        return Result(point: b, value: fmin, iterations: iterations, converged: converged)
    }

    /// Central-difference gradient; falls back to a one-sided difference where one side is
    /// infeasible and to 0 where both are.
    private func gradient(at point: [Double], value: Double, _ objective: ([Double]) -> Double) -> [Double] {
        var probe = point
        var g = [Double](repeating: 0, count: point.count)
        let h = differenceStep
        for i in point.indices {
            probe[i] = point[i] + h
            let up = objective(probe)
            probe[i] = point[i] - h
            let down = objective(probe)
            probe[i] = point[i]
            switch (up.isFinite, down.isFinite) {
            case (true, true): g[i] = (up - down) / (2 * h)
            case (true, false): g[i] = (up - value) / h
            case (false, true): g[i] = (value - down) / h
            case (false, false): g[i] = 0
            }
        }
        return g
    }
}
