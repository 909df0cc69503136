import Foundation

/// The standard normal distribution N(0, 1): density, distribution function and its
/// inverse, in pure Swift (Foundation's `erfc`): the closed-form normal newsvendor and forecast prediction intervals.
public enum StandardNormal {
    /// The density `phi(z) = exp(-z^2 / 2) / sqrt(2 pi)`.
    /// - Parameters:
    ///   - z: Any real number.
    /// - Returns: `phi(z)`.
    /// - Complexity: O(1).
    public static func pdf(_ z: Double) -> Double {
        Foundation.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    }

    /// The distribution function `Phi(z) = erfc(-z / sqrt 2) / 2`; `erfc` rather than
    /// `1 + erf` keeps full relative accuracy in the lower tail.
    /// - Parameters:
    ///   - z: Any real number.
    /// - Returns: `Phi(z)`.
    /// - Complexity: O(1).
    public static func cdf(_ z: Double) -> Double {
        0.5 * Foundation.erfc(-z / 2.0.squareRoot())
    }

    /// The quantile function `Phi^{-1}(p)`.
    ///
    /// Source: P. J. Acklam, "An algorithm for computing the inverse normal cumulative
    /// distribution function" (2003): a rational approximation with relative error
    /// below 1.15e-9, followed by one step of Halley's method on `Phi(z) - p`, which
    /// brings it to full double precision. The upper half is obtained by symmetry,
    /// `Phi^{-1}(p) = -Phi^{-1}(1 - p)`, because `1 - p` is exact for `p >= 1/2` and the
    /// Halley residual is then always computed in the accurate lower tail.
    /// - Parameters:
    ///   - p: A probability in [0, 1]; 0 and 1 give -infinity and +infinity.
    /// - Returns: `z` with `Phi(z) = p`, or NaN if `p` is outside [0, 1] or NaN.
    /// - Complexity: O(1).
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -lowerHalfQuantile(1 - p) }
        return lowerHalfQuantile(p)
    }

    // p in (0, 0.5].
    private static func lowerHalfQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        let pLow = 0.02425
        var x: Double
        if p < pLow {
            let q = (-2 * Foundation.log(p)).squareRoot()
            let num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
            let den = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
            x = num / den
        } else {
            let q = p - 0.5
            let r = q * q
            let num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            let den = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
            x = num / den
        }
        // One Halley step: e = Phi(x) - p, u = e / phi(x).
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(0.5 * x * x)
        x -= u / (1 + 0.5 * x * u)
        return x
    }
}
