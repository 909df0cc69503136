import Stochastics

/// Classical multiplicative seasonal decomposition, and the autocorrelation test that decides
/// whether to use it, as the Theta method applies them.
///
/// The trend is a centred moving average of order m (a 2×m MA when m is even); the seasonal index
/// of each phase is the mean of y/trend over that phase, rescaled so the m indices average 1
/// (Kendall & Stuart; Hyndman & Athanasopoulos, *FPP* 3rd ed., §3.4; R's `stats::decompose`).
struct ClassicalDecomposition: Sendable, Equatable {
    /// Season length m.
    let period: Int
    /// One index per phase; phase 0 is the series' first observation. They average 1.
    let indices: [Double]

    /// The seasonal index for time `t` (0-based, may run past the series for forecasts).
    /// - Complexity: O(1).
    func index(at t: Int) -> Double { indices[t % period] }

    /// The 90% seasonality test of Assimakopoulos & Nikolopoulos (2000) as coded in the M3 Theta
    /// method and `forecast::thetaf`: seasonal when |r(m)| exceeds 1.645 times its large-sample
    /// standard error √((1 + 2 Σ_{k<m} r(k)²)/n) under an MA(m−1) null (Bartlett's formula).
    /// - Parameters:
    ///   - values: the series.
    ///   - period: m ≥ 2.
    /// - Returns: whether the lag-m autocorrelation is significant; false for a constant series or
    ///   when n ≤ m.
    /// - Complexity: O(n·m).
    static func isSeasonal(_ values: [Double], period m: Int) -> Bool {
        let n = values.count
        guard m >= 2, n > m else { return false }
        let mean = values.reduce(0, +) / Double(n)
        let centred = values.map { $0 - mean }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        guard denominator > 0 else { return false }
        var r = [Double](repeating: 0, count: m + 1)
        for k in 1...m {
            var s = 0.0
            for t in 0..<(n - k) {
                s += centred[t] * centred[t + k]
            }
            r[k] = s / denominator
        }
        var sumSquares = 0.0
        for k in 1..<m {
            sumSquares += r[k] * r[k]
        }
        let standardError = ((1 + 2 * sumSquares) / Double(n)).squareRoot()
        return abs(r[m]) / standardError > StandardNormal.quantile(0.95)
    }

    /// Decomposes `values` multiplicatively.
    /// - Parameters:
    ///   - values: the series (all > 0).
    ///   - period: m ≥ 2.
    /// - Returns: the seasonal indices, or nil when the decomposition is not meaningful: fewer than
    ///   two full cycles, a non-positive value (ratios to trend would change sign), or an index
    ///   within 1e-4 of zero (the guard `forecast::thetaf` uses before dividing by it).
    /// - Complexity: O(n·m).
    static func multiplicative(_ values: [Double], period m: Int) -> ClassicalDecomposition? {
        let n = values.count
        // n / 2 ≥ m is n ≥ 2m without the overflow 2m could hit for an absurd season length.
        guard m >= 2, n / 2 >= m, values.allSatisfy({ $0 > 0 }) else { return nil }
        // Weights of the centred MA: m equal weights for odd m; for even m a 2×m MA, i.e. m+1
        // weights with halves at both ends, so the average stays centred on a time point.
        let weights: [Double] =
            m % 2 == 0
            ? [0.5] + [Double](repeating: 1, count: m - 1) + [0.5]
            : [Double](repeating: 1, count: m)
        let half = weights.count / 2
        var ratioSums = [Double](repeating: 0, count: m)
        var ratioCounts = [Int](repeating: 0, count: m)
        for t in half..<(n - half) {
            var trend = 0.0
            for (j, w) in weights.enumerated() {
                trend += w * values[t - half + j]
            }
            trend /= Double(m)
            ratioSums[t % m] += values[t] / trend
            ratioCounts[t % m] += 1
        }
        guard ratioCounts.allSatisfy({ $0 > 0 }) else { return nil }
        var figure = zip(ratioSums, ratioCounts).map { $0 / Double($1) }
        let scale = figure.reduce(0, +) / Double(m)
        guard scale > 0 else { return nil }
        figure = figure.map { $0 / scale }
        guard figure.allSatisfy({ abs($0) >= 1e-4 && $0.isFinite }) else { return nil }
        return ClassicalDecomposition(period: m, indices: figure)
    }
}
