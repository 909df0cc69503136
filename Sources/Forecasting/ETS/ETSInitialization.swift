/// Heuristic starting states for ETS fitting, following Hyndman et al. (2002, §2.6.1) and
/// `forecast::ets`: seasonal states from a classical decomposition of the first cycles, then the
/// initial level (and trend) from the first observations of the seasonally adjusted series.
///
/// The optimiser refines these (all of them for short seasons; level and trend only for long ones,
/// see ``ETSEstimator``), so they need to be sensible, not optimal.
enum ETSInitialization {
    /// Starting states.
    struct Start {
        var level: Double
        var trend: Double
        /// One cycle, slot k for observation k (the filter's ring order); empty when non-seasonal.
        var seasonal: [Double]
    }

    /// Computes starting states.
    /// - Parameters:
    ///   - y: the observations (finite; at least two full cycles for seasonal forms, at least two
    ///     points otherwise — the callers' length checks guarantee both).
    ///   - spec: the model form.
    ///   - seasonLength: periods per cycle.
    /// - Returns: the level, trend (0 without a trend) and seasonal states.
    /// - Complexity: O(n + m·min(n, 3m)) time, O(n + m) memory.
    static func start(_ y: [Double], spec: ETSSpec, seasonLength: Int) -> Start {
        let n = y.count
        let m = spec.isSeasonal ? seasonLength : 1
        var seasonal: [Double] = []
        var adjusted = y
        if spec.isSeasonal {
            seasonal = decompositionSeasonals(y, seasonLength: m, multiplicative: spec.season == .multiplicative)
            for t in 0..<n {
                if spec.season == .multiplicative {
                    adjusted[t] = y[t] / seasonal[t % m]
                } else {
                    adjusted[t] = y[t] - seasonal[t % m]
                }
            }
        }
        // As in forecast::ets: the first max(10, 2m) points, fewer when the series is shorter.
        let window = min(max(10, 2 * m), n)
        var level: Double
        var trend = 0.0
        if spec.hasTrend && window >= 2 {
            // Least squares of adjusted[t] on t = 1…window; the intercept is the level at t = 0.
            let k = Double(window)
            let meanX = (k + 1) / 2
            var meanY = 0.0
            for t in 0..<window { meanY += adjusted[t] }
            meanY /= k
            var sxy = 0.0, sxx = 0.0
            for t in 0..<window {
                let dx = Double(t + 1) - meanX
                sxy += dx * (adjusted[t] - meanY)
                sxx += dx * dx
            }
            trend = sxx > 0 ? sxy / sxx : 0
            level = meanY - trend * meanX
        } else {
            level = 0
            for t in 0..<window { level += adjusted[t] }
            level /= Double(max(window, 1))
        }
        if spec.requiresPositiveData && (level <= 0 || level + trend <= 0) {
            // A steep early trend can put the regression's intercept at or below zero, where a
            // multiplicative form is undefined; start flat at the first adjusted value instead.
            level = max(adjusted[0], Double.leastNormalMagnitude)
            trend = 0
        }
        return Start(level: level, trend: trend, seasonal: seasonal)
    }

    /// Seasonal indices of a classical decomposition (centred 2×m moving average for even m, m-term
    /// for odd m) over the first `min(n, 3m)` observations, normalised to sum 0 (additive) or mean 1
    /// (multiplicative).
    /// - Parameters:
    ///   - y: the observations (at least 2m of them).
    ///   - seasonLength: m ≥ 2.
    ///   - multiplicative: ratios to the trend instead of differences.
    /// - Returns: m indices, slot k for observation k.
    /// - Complexity: O(m·min(n, 3m)) time, O(m) memory.
    static func decompositionSeasonals(_ y: [Double], seasonLength m: Int, multiplicative: Bool) -> [Double] {
        let neutral = multiplicative ? 1.0 : 0.0
        let length = min(y.count, 3 * m)
        guard m >= 2, length >= m + 1 else { return [Double](repeating: neutral, count: max(m, 0)) }
        var sums = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m)
        let half = m / 2
        let even = m % 2 == 0
        var t = half
        while t + half < length {
            var window = 0.0
            if even {
                window = 0.5 * (y[t - half] + y[t + half])
                for i in (t - half + 1)..<(t + half) { window += y[i] }
            } else {
                for i in (t - half)...(t + half) { window += y[i] }
            }
            let movingAverage = window / Double(m)
            if multiplicative {
                if movingAverage > 0 {
                    sums[t % m] += y[t] / movingAverage
                    counts[t % m] += 1
                }
            } else {
                sums[t % m] += y[t] - movingAverage
                counts[t % m] += 1
            }
            t += 1
        }
        var indices = [Double](repeating: neutral, count: m)
        var total = 0.0
        for k in 0..<m {
            if counts[k] > 0 { indices[k] = sums[k] / Double(counts[k]) }
            total += indices[k]
        }
        let mean = total / Double(m)
        for k in 0..<m {
            if multiplicative {
                indices[k] = mean > 0 ? indices[k] / mean : 1
            } else {
                indices[k] -= mean
            }
        }
        return indices
    }
}
