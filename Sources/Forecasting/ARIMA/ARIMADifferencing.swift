import Foundation

/// Differencing and the tests that choose how much of it to do (Hyndman & Khandakar 2008, §3.2;
/// *FPP3* §9.1).
///
/// - d: repeated KPSS tests (Kwiatkowski, Phillips, Schmidt & Shin 1992) of level stationarity at
///   5%, differencing while the test rejects, up to `maxD` — Hyndman & Khandakar's rule, with the
///   lag truncation ⌊3√n/13⌋ that statsforecast uses.
/// - D: the seasonal-strength heuristic of R's `nsdiffs(test = "seas")` and statsforecast
///   (difference seasonally when F_S = max(0, 1 − Var(R)/Var(S + R)) > 0.64, *FPP3* §4.3), with one
///   documented simplification: S and R come from a classical additive decomposition
///   (*FPP3* §3.4) rather than STL. On strongly or weakly seasonal series both give the same
///   decision; they can differ only near the 0.64 threshold.
enum ARIMADifferencing {
    /// KPSS 5% critical value for level stationarity (Kwiatkowski et al. 1992, Table 1).
    static let kpssCritical5Percent = 0.463
    /// Seasonal strength above which one seasonal difference is taken.
    static let seasonalStrengthThreshold = 0.64

    /// Applies `(1 − B^lag)` `times` times.
    /// - Parameters:
    ///   - values: the series.
    ///   - lag: 1 or the season length.
    ///   - times: how many differences.
    /// - Returns: the differenced series, `times·lag` shorter (empty if too short).
    /// - Complexity: O(n·times).
    static func difference(_ values: [Double], lag: Int, times: Int) -> [Double] {
        var x = values
        for _ in 0..<times {
            guard x.count > lag else { return [] }
            x = (lag..<x.count).map { x[$0] - x[$0 - lag] }
        }
        return x
    }

    /// Applies the full differencing operator `(1 − B)^d (1 − Bᵐ)^D`.
    /// - Complexity: O(n·(d + D)).
    static func difference(_ values: [Double], order: ARIMAOrder) -> [Double] {
        difference(difference(values, lag: order.period, times: order.D), lag: 1, times: order.d)
    }

    /// Whether every value equals the first (statsforecast's `is_constant`).
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }

    /// The KPSS level-stationarity statistic with a Bartlett-weighted long-run variance.
    /// - Parameters:
    ///   - values: the series (at least 2 values).
    ///   - lags: Newey–West truncation lag.
    /// - Returns: the statistic η/σ̂², or `nil` when the long-run variance is not positive.
    /// - Complexity: O(n·lags).
    static func kpssStatistic(_ values: [Double], lags: Int) -> Double? {
        let n = values.count
        guard n >= 2 else { return nil }
        let mean = values.reduce(0, +) / Double(n)
        let residuals = values.map { $0 - mean }
        var partial = 0.0
        var eta = 0.0
        for e in residuals {
            partial += e
            eta += partial * partial
        }
        eta /= Double(n) * Double(n)
        var longRun = residuals.reduce(0) { $0 + $1 * $1 }
        if lags > 0 {
            for lag in 1...min(lags, n - 1) {
                var sum = 0.0
                for t in lag..<n { sum += residuals[t] * residuals[t - lag] }
                longRun += 2 * (1 - Double(lag) / Double(lags + 1)) * sum
            }
        }
        longRun /= Double(n)
        guard longRun > 0, longRun.isFinite else { return nil }
        return eta / longRun
    }

    /// Number of first differences by repeated KPSS tests at 5% (Hyndman & Khandakar 2008, §3.2).
    /// - Parameters:
    ///   - values: the (seasonally differenced, if applicable) series.
    ///   - maxD: the most differences allowed.
    /// - Returns: d in 0…maxD.
    /// - Complexity: O(n^1.5·maxD).
    static func nonSeasonalDifferences(_ values: [Double], maxD: Int) -> Int {
        var x = values
        var d = 0
        while d < maxD {
            guard x.count >= 3, !isConstant(x) else { return d }
            let lags = Int((3 * Double(x.count).squareRoot() / 13).rounded(.down))
            guard let statistic = kpssStatistic(x, lags: lags), statistic > kpssCritical5Percent else { return d }
            d += 1
            x = difference(x, lag: 1, times: 1)
            if isConstant(x) { return d }
        }
        return d
    }

    /// Seasonal strength F_S = max(0, 1 − Var(R)/Var(S + R)) from a classical additive
    /// decomposition (centred 2×m moving-average trend, seasonal means of the detrended series).
    /// - Parameters:
    ///   - values: the series (at least 2m values).
    ///   - period: m ≥ 2.
    /// - Returns: F_S in [0, 1], or `nil` when the series is too short or degenerate.
    /// - Complexity: O(n·m).
    static func seasonalStrength(_ values: [Double], period m: Int) -> Double? {
        let n = values.count
        guard m >= 2, n >= 2 * m else { return nil }
        // Centred moving average: 2×m for even m, m for odd m.
        let half = m / 2
        var trend = [Double?](repeating: nil, count: n)
        for t in half..<(n - half) {
            var sum = 0.0
            if m % 2 == 0 {
                for j in (t - half)...(t + half) {
                    let weight = (j == t - half || j == t + half) ? 0.5 : 1
                    sum += weight * values[j]
                }
            } else {
                for j in (t - half)...(t + half) { sum += values[j] }
            }
            trend[t] = sum / Double(m)
        }
        var seasonSums = [Double](repeating: 0, count: m)
        var seasonCounts = [Int](repeating: 0, count: m)
        for t in 0..<n {
            guard let level = trend[t] else { continue }
            seasonSums[t % m] += values[t] - level
            seasonCounts[t % m] += 1
        }
        guard seasonCounts.allSatisfy({ $0 > 0 }) else { return nil }
        var seasonal = (0..<m).map { seasonSums[$0] / Double(seasonCounts[$0]) }
        let centre = seasonal.reduce(0, +) / Double(m)
        seasonal = seasonal.map { $0 - centre }
        var remainder: [Double] = []
        var seasonalPlusRemainder: [Double] = []
        for t in 0..<n {
            guard let level = trend[t] else { continue }
            let detrended = values[t] - level
            remainder.append(detrended - seasonal[t % m])
            seasonalPlusRemainder.append(detrended)
        }
        let denominator = variance(seasonalPlusRemainder)
        guard denominator > 0 else { return nil }
        return max(0, min(1, 1 - variance(remainder) / denominator))
    }

    /// Number of seasonal differences (0 or up to `maxD`) by the seasonal-strength rule.
    /// - Parameters:
    ///   - values: the series.
    ///   - period: m.
    ///   - maxD: the most seasonal differences allowed.
    /// - Returns: D.
    /// - Complexity: O(n·m·maxD).
    static func seasonalDifferences(_ values: [Double], period: Int, maxD: Int) -> Int {
        guard period > 1, values.count > period, !isConstant(values) else { return 0 }
        var x = values
        var D = 0
        while D < maxD {
            guard let strength = seasonalStrength(x, period: period), strength > seasonalStrengthThreshold else { return D }
            D += 1
            x = difference(x, lag: period, times: 1)
            if isConstant(x) || x.count < 2 * period { return D }
        }
        return D
    }

    /// Sample variance (n − 1 denominator).
    static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }
}
