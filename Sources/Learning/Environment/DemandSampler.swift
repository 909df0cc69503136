import Policies
import Stochastics

/// Exact inverse-cdf sampling of a finite-support pmf from one uniform variate.
///
/// `cumulative[k] = P(D <= k)` with the last entry forced to 1, so every `u` in `[0, 1)` maps to
/// the smallest `k` with `u < cumulative[k]`. A guide table (Chen & Asau's indexed search) gives
/// the search a start no further left than the answer, so a draw costs O(1) comparisons on
/// average.
struct DemandSampler: Sendable {
    /// `P(D <= k)`, nondecreasing, last entry exactly 1.
    let cumulative: [Double]
    /// `guide[j]` = smallest `k` with `cumulative[k] > j / guide.count`.
    let guide: [Int]
    /// `Double(guide.count)`.
    let guideScale: Double

    /// Builds the tables.
    /// - Parameter pmf: Demand per period (units).
    init(pmf: DiscretePMF) {
        let n = pmf.probabilities.count
        var cdf = [Double](repeating: 0, count: n)
        var acc = 0.0
        for k in 0..<n {
            acc += pmf.probabilities[k]
            cdf[k] = min(acc, 1)
        }
        cdf[n - 1] = 1
        let m = n
        var guide = [Int](repeating: 0, count: m)
        var k = 0
        for j in 0..<m {
            let threshold = Double(j) / Double(m)
            while cdf[k] <= threshold { k += 1 }
            guide[j] = k
        }
        self.cumulative = cdf
        self.guide = guide
        self.guideScale = Double(m)
    }

    /// The demand for uniform variate `u`.
    /// - Parameter u: A value in `[0, 1)`.
    /// - Returns: Demand in units.
    @inline(__always)
    func sample(_ u: Double) -> Int {
        cumulative.withUnsafeBufferPointer { cdf in
            guide.withUnsafeBufferPointer { g in
                var k = g[min(Int(u * guideScale), g.count - 1)]
                while cdf[k] <= u { k += 1 }
                return k
            }
        }
    }
}
