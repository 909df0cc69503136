import Foundation

/// The deterministic regressors of a regression with ARIMA errors: a mean, a drift and Fourier
/// terms for long seasons (Hyndman & Athanasopoulos, *FPP3* §10.5 "Dynamic harmonic regression").
///
/// Columns are in the order intercept, drift, then sin/cos for k = 1…K; time runs t = 1, 2, … from
/// the first observation, as in R's `forecast::fourier` and the drift of `forecast::Arima`. The
/// sine at k = m/2 is dropped because it is identically zero.
struct ARIMARegression: Sendable, Equatable {
    /// Include a constant column (the mean; only sensible when d + D = 0).
    var intercept: Bool
    /// Include the column t (the drift; only sensible when d + D = 1).
    var drift: Bool
    /// Period of the Fourier terms.
    var fourierPeriod: Int
    /// Number of Fourier pairs K (0: none).
    var fourierPairs: Int

    /// No regressors.
    static let none = ARIMARegression(intercept: false, drift: false, fourierPeriod: 1, fourierPairs: 0)

    /// The Fourier (k, isSine) columns actually used.
    var fourierTerms: [(k: Int, sine: Bool)] {
        guard fourierPairs > 0, fourierPeriod > 1 else { return [] }
        var terms: [(k: Int, sine: Bool)] = []
        for k in 1...fourierPairs {
            if 2 * k != fourierPeriod { terms.append((k, true)) }
            terms.append((k, false))
        }
        return terms
    }

    /// Number of columns.
    var width: Int { (intercept ? 1 : 0) + (drift ? 1 : 0) + fourierTerms.count }

    /// Whether there are Fourier columns.
    var hasFourier: Bool { !fourierTerms.isEmpty }

    /// The design columns for time indices `offset ..< offset + count` (0-based; t = index + 1).
    /// - Parameters:
    ///   - offset: 0-based index of the first row.
    ///   - count: rows.
    /// - Returns: `width` columns of `count` values each.
    /// - Complexity: O(width·count).
    func columns(offset: Int, count: Int) -> [[Double]] {
        var result: [[Double]] = []
        if intercept { result.append([Double](repeating: 1, count: count)) }
        if drift { result.append((0..<count).map { Double(offset + $0 + 1) }) }
        for term in fourierTerms {
            let frequency = 2 * Double.pi * Double(term.k) / Double(fourierPeriod)
            result.append((0..<count).map { i in
                let angle = frequency * Double(offset + i + 1)
                return term.sine ? sin(angle) : cos(angle)
            })
        }
        return result
    }

    /// `values` minus `columns · beta`, row by row.
    /// - Complexity: O(width·count).
    static func remove(_ beta: [Double], columns: [[Double]], from values: [Double]) -> [Double] {
        var result = values
        for (j, column) in columns.enumerated() where beta[j] != 0 {
            for t in result.indices { result[t] -= beta[j] * column[t] }
        }
        return result
    }
}
