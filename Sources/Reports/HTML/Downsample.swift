/// Deterministic min/max downsampling of long series for drawing.
///
/// A year of daily stock has 365 points, a long run thousands; a path with more points than the chart
/// has pixels only makes the page heavy. For a series of `n > maxPoints` values the path keeps:
/// - the first and the last point, and
/// - for each of `(maxPoints − 2) / 2` equal buckets of the points in between (bucket `b` holds indices
///   `1 + b·m/B ..< 1 + (b+1)·m/B` with `m = n − 2`, integer division), the index of the smallest and of
///   the largest value (the first one on ties), in index order, once if they coincide.
///
/// So at most `maxPoints` points, every peak and trough survives (the drawn envelope equals the true
/// one at bucket resolution), and the result depends on the values alone. The full, un-downsampled
/// values stay in the chart's `data-values` attribute. Non-finite values are never chosen as extremes.
enum Downsample {
    /// Default point budget of a drawn series.
    static let maxPoints = 600

    /// Indices of the points to draw, ascending.
    /// - Parameters:
    ///   - values: the series.
    ///   - maxPoints: budget (at least 4).
    /// - Returns: all indices when `values.count <= maxPoints`, else the min/max selection above.
    /// - Complexity: O(n).
    static func minMaxIndices(_ values: [Double], maxPoints: Int = Downsample.maxPoints) -> [Int] {
        let count = values.count
        let budget = max(maxPoints, 4)
        guard count > budget else { return Array(0..<count) }
        let interior = count - 2
        let buckets = (budget - 2) / 2
        var kept: [Int] = [0]
        kept.reserveCapacity(budget)
        for b in 0..<buckets {
            let start = 1 + b * interior / buckets
            let end = 1 + (b + 1) * interior / buckets
            guard start < end else { continue }
            var minIndex = -1, maxIndex = -1
            for i in start..<end {
                let v = values[i]
                guard v.isFinite else { continue }
                if minIndex < 0 || v < values[minIndex] { minIndex = i }
                if maxIndex < 0 || v > values[maxIndex] { maxIndex = i }
            }
            if minIndex < 0 { continue }   // bucket of non-finite values only
            if minIndex == maxIndex {
                kept.append(minIndex)
            } else {
                kept.append(min(minIndex, maxIndex))
                kept.append(max(minIndex, maxIndex))
            }
        }
        kept.append(count - 1)
        return kept
    }
}
