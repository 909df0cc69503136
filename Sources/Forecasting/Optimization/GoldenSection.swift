/// Golden-section search for the minimum of a function of one variable on a closed interval.
///
/// Used to tune single smoothing constants (Theta's SES α, Croston's α, TSB's α and β one at a
/// time). Golden section needs no derivatives and shrinks the bracket by the same factor
/// (1/φ ≈ 0.618) at every step, so its cost is fixed in advance and its result is deterministic
/// (Kiefer 1953, "Sequential minimax search for a maximum", *Proc. AMS* 4:502–506; Press et al.,
/// *Numerical Recipes*, 3rd ed., §10.2).
public enum GoldenSection {
    /// The outcome of a search.
    public struct Result: Sendable, Equatable {
        /// The best argument found.
        public let x: Double
        /// The objective at `x`.
        public let value: Double
        /// How many times the objective was evaluated.
        public let evaluations: Int
    }

    /// Minimises `objective` on `[lower, upper]`.
    ///
    /// Golden section only finds a local minimum of a unimodal function. When `scanPoints` ≥ 2 the
    /// interval is first sampled on an even grid and the search runs inside the two grid cells around
    /// the best grid point, which guards against the gentle multimodality that exponential-smoothing
    /// objectives sometimes show. Both end points are always evaluated, so an optimum on the boundary
    /// (common for bounded smoothing constants) is returned exactly. A NaN objective value is treated
    /// as +∞ so that a parameter producing a degenerate fit is never chosen.
    /// - Parameters:
    ///   - lower: left end of the interval.
    ///   - upper: right end of the interval (≥ `lower`; the two are swapped otherwise).
    ///   - tolerance: stop when the bracket is narrower than this (absolute, > 0).
    ///   - scanPoints: size of the preliminary grid (0 or 1 skips the scan).
    ///   - maxIterations: hard cap on golden-section steps.
    ///   - objective: the function to minimise.
    /// - Returns: the best point seen and its value.
    /// - Complexity: O(`scanPoints` + log(width / `tolerance`)) objective evaluations, at most
    ///   `scanPoints` + `maxIterations` + 4.
    public static func minimize(
        lower: Double,
        upper: Double,
        tolerance: Double = 1e-6,
        scanPoints: Int = 0,
        maxIterations: Int = 200,
        _ objective: (Double) -> Double
    ) -> Result {
        var a = Swift.min(lower, upper)
        var b = Swift.max(lower, upper)
        var evaluations = 0
        // NaN compares false with everything, which would silently freeze the bracket.
        func f(_ x: Double) -> Double {
            evaluations += 1
            let value = objective(x)
            return value.isNaN ? .infinity : value
        }
        var bestX = a
        var bestValue = f(a)
        func consider(_ x: Double, _ value: Double) {
            if value < bestValue {
                bestX = x
                bestValue = value
            }
        }
        let upperValue = f(b)
        consider(b, upperValue)
        guard b > a else { return Result(x: bestX, value: bestValue, evaluations: evaluations) }

        if scanPoints >= 2 {
            let cells = scanPoints + 1
            let width = (b - a) / Double(cells)
            var gridBest = 0
            var gridBestValue = Double.infinity
            for i in 1..<cells {
                let x = a + Double(i) * width
                let value = f(x)
                consider(x, value)
                if value < gridBestValue {
                    gridBestValue = value
                    gridBest = i
                }
            }
            let centre = a + Double(gridBest) * width
            let newLower = Swift.max(a, centre - width)
            let newUpper = Swift.min(b, centre + width)
            a = newLower
            b = newUpper
        }

        let invPhi = (5.0.squareRoot() - 1) / 2
        var c = b - invPhi * (b - a)
        var d = a + invPhi * (b - a)
        var fc = f(c)
        var fd = f(d)
        consider(c, fc)
        consider(d, fd)
        var iterations = 0
        let tol = tolerance > 0 ? tolerance : 1e-6
        while b - a > tol, iterations < maxIterations {
            iterations += 1
            if fc < fd {
                b = d
                d = c
                fd = fc
                c = b - invPhi * (b - a)
                fc = f(c)
                consider(c, fc)
            } else {
                a = c
                c = d
                fc = fd
                d = a + invPhi * (b - a)
                fd = f(d)
                consider(d, fd)
            }
        }
        let mid = (a + b) / 2
        consider(mid, f(mid))
        return Result(x: bestX, value: bestValue, evaluations: evaluations)
    }
}
