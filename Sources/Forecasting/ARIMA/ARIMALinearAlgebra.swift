import Foundation

/// The small dense linear algebra the ARIMA code needs: a pivoted linear solve and ordinary least
/// squares with standard errors. Systems here have at most a few dozen unknowns, so plain
/// Gaussian elimination is both fast and accurate enough.
enum ARIMALinearAlgebra {
    /// Solves `A x = b` by Gaussian elimination with partial pivoting.
    /// - Parameters:
    ///   - matrix: `A`, row-major, `size × size`.
    ///   - rhs: `b`.
    ///   - size: the dimension.
    /// - Returns: `x`, or `nil` when `A` is singular to working precision.
    /// - Complexity: O(size³).
    static func solve(_ matrix: [Double], _ rhs: [Double], size: Int) -> [Double]? {
        var a = matrix
        var b = rhs
        var scale = 0.0
        for value in a { scale = max(scale, abs(value)) }
        guard scale.isFinite, scale > 0 else { return nil }
        for column in 0..<size {
            var pivot = column
            for row in (column + 1)..<max(column + 1, size) where abs(a[row * size + column]) > abs(a[pivot * size + column]) {
                pivot = row
            }
            let pivotValue = a[pivot * size + column]
            // Relative threshold: an exactly collinear design gives round-off-sized pivots.
            guard abs(pivotValue) > 1e-13 * scale else { return nil }
            if pivot != column {
                for k in 0..<size { a.swapAt(pivot * size + k, column * size + k) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<max(column + 1, size) {
                let factor = a[row * size + column] / pivotValue
                if factor == 0 { continue }
                for k in column..<size { a[row * size + k] -= factor * a[column * size + k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: size)
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(row + 1, size) { sum -= a[row * size + k] * x[k] }
            x[row] = sum / a[row * size + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// Ordinary least squares `y ≈ Xβ` through the normal equations.
    /// - Parameters:
    ///   - columns: the regressors, each as long as `y`.
    ///   - y: the response.
    /// - Returns: coefficients and their classical standard errors, or `nil` when the design is
    ///   rank deficient.
    /// - Complexity: O(n·k² + k⁴) for n observations and k columns (k is tiny here).
    static func leastSquares(columns: [[Double]], y: [Double]) -> (coefficients: [Double], standardErrors: [Double])? {
        let k = columns.count
        let n = y.count
        guard k > 0, n > 0 else { return nil }
        var gram = [Double](repeating: 0, count: k * k)
        var xty = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in i..<k {
                var sum = 0.0
                for t in 0..<n { sum += columns[i][t] * columns[j][t] }
                gram[i * k + j] = sum
                gram[j * k + i] = sum
            }
            var sum = 0.0
            for t in 0..<n { sum += columns[i][t] * y[t] }
            xty[i] = sum
        }
        guard let beta = solve(gram, xty, size: k) else { return nil }
        var ssr = 0.0
        for t in 0..<n {
            var fitted = 0.0
            for i in 0..<k { fitted += columns[i][t] * beta[i] }
            ssr += (y[t] - fitted) * (y[t] - fitted)
        }
        let variance = n > k ? ssr / Double(n - k) : 0
        var errors = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var unit = [Double](repeating: 0, count: k)
            unit[i] = 1
            // The i-th diagonal of (XᵀX)⁻¹, one column at a time; k is at most a dozen or so.
            if let column = solve(gram, unit, size: k) { errors[i] = (max(0, column[i]) * variance).squareRoot() }
        }
        return (beta, errors)
    }
}
