/// Sample mean and unbiased sample variance of a batch of draws (two-pass, for accuracy).
struct SampleMoments {
    let count: Int
    let mean: Double
    let variance: Double

    init(_ values: [Double]) {
        count = values.count
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    }

    /// Four standard errors of the sample mean: sigma / sqrt(n) is exact for i.i.d. draws,
    /// and the CLT makes a 4-sigma miss a ~6e-5 event per check.
    static func meanTolerance(variance: Double, count: Int) -> Double {
        4 * (variance / Double(count)).squareRoot()
    }

    /// Four standard errors of the unbiased sample variance.
    ///
    /// For i.i.d. draws Var(s^2) = mu4 / n - sigma^4 (n - 3) / (n (n - 1)) exactly, with
    /// mu4 = sigma^4 (excess kurtosis + 3) the fourth central moment; s^2 is then close to
    /// normal at n = 200,000 for the light-tailed laws tested.
    static func varianceTolerance(variance: Double, excessKurtosis: Double, count: Int) -> Double {
        let n = Double(count)
        let mu4 = variance * variance * (excessKurtosis + 3)
        let varianceOfS2 = mu4 / n - variance * variance * (n - 3) / (n * (n - 1))
        return 4 * varianceOfS2.squareRoot()
    }
}
