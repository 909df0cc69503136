internal import _CGSL
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Loader's saddle-point evaluation of Poisson and negative binomial probabilities.
///
/// The textbook form exp(k log(m) - log(k!) - m), which GSL's `gsl_ran_poisson_pdf` uses,
/// subtracts logarithms of size ~k log k: at mean 1e5 that leaves ~1e-10 relative error,
/// enough to make a pmf vector sum past 1 - 1e-12 while ~1e-11 of real tail is still
/// missing. Loader's form only ever adds small, accurately computed terms.
/// Reference: C. Loader, "Fast and Accurate Computation of Binomial Probabilities" (2000).
internal enum SaddlePoint {
    private static let logSqrtTwoPi = 0.918_938_533_204_672_741_78

    /// stirlerr(n) = log(n!) - [(n + 1/2) log(n) - n + log(sqrt(2 pi))], the error of
    /// Stirling's formula, for n > 0 (not necessarily an integer).
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            // All terms are below ~45 in size here, so direct evaluation keeps ~1e-14.
            return gsl_sf_lngamma(n + 1) - (n + 0.5) * log(n) + n - logSqrtTwoPi
        }
        // Asymptotic series 1/(12n) - 1/(360n^3) + 1/(1260n^5) - 1/(1680n^7) + 1/(1188n^9),
        // truncated where the next term is below double precision.
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// bd0(x, m) = x log(x / m) + m - x, the deviance term, for x >= 0 and m > 0.
    /// Near x = m the closed form cancels, so a series in v = (x - m) / (x + m) is summed.
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if x == 0 { return m }
        if abs(x - m) < 0.1 * (x + m) {
            var v = (x - m) / (x + m)
            var sum = (x - m) * v
            var term = 2 * x * v
            v *= v
            // |v| < 0.1, so each term shrinks by > 100x; a handful of terms suffices.
            for j in 1..<1_000 {
                term *= v
                let next = sum + term / Double(2 * j + 1)
                if next == sum { return next }
                sum = next
            }
            return sum
        }
        return x * log(x / m) + m - x
    }

    /// Poisson P(X = k) for an integer-valued k >= 0 and mean > 0.
    static func poisson(_ k: Double, mean: Double) -> Double {
        if k == 0 { return exp(-mean) }
        return exp(-stirlingError(k) - deviance(k, mean)) / (2 * Double.pi * k).squareRoot()
    }

    /// Negative binomial P(X = k) for an integer-valued k >= 0, mean m > 0, dispersion n > 0.
    ///
    /// Uses NB(k; n, p) = n / (n + k) Binomial(n; n + k, p) with p = n / (n + m), and
    /// Loader's binomial form, passing k itself where N - x would otherwise be recomputed.
    static func negativeBinomial(_ k: Double, mean m: Double, dispersion n: Double) -> Double {
        if k == 0 {
            // p^n; for n << m, log(n / (n + m)) is the accurate form, else log1p.
            return exp(n * (n < m ? log(n / (n + m)) : -log1p(m / n)))
        }
        let total = n + k
        let p = n / (n + m)
        let q = m / (n + m)
        let logCore = stirlingError(total) - stirlingError(n) - stirlingError(k)
            - deviance(n, total * p) - deviance(k, total * q)
        return exp(logCore) * (n / (2 * Double.pi * k * total)).squareRoot()
    }
}
