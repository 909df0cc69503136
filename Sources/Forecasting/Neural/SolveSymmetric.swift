/// Solves `(A + ridge·I) x = b` for a small symmetric positive semi-definite `A` (`size × size`,
/// row-major) by Cholesky factorisation; `nil` when the factorisation breaks down (not positive
/// definite even with the ridge, or non-finite input).
///
/// Used for the LSTM's warm-start head (a ridge regression on the last step's inputs); the systems have
/// a few dozen unknowns at most.
/// - Parameters:
///   - a: `A`, row-major `size × size`.
///   - b: The right-hand side.
///   - n: The dimension.
///   - ridge: Added to the diagonal.
/// - Returns: `x`, or `nil` as described.
/// - Complexity: O(size³).
func solveSymmetric(_ a: [Double], _ b: [Double], size n: Int, ridge: Double) -> [Double]? {
    guard a.count == n * n, b.count == n else { return nil }
    var l = a
    for i in 0..<n { l[i * n + i] += ridge }
    for j in 0..<n {
        var d = l[j * n + j]
        for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
        guard d > 0, d.isFinite else { return nil }
        let root = d.squareRoot()
        l[j * n + j] = root
        for i in (j + 1)..<max(j + 1, n) {
            var s = l[i * n + j]
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            l[i * n + j] = s / root
        }
    }
    var y = b
    for i in 0..<n {
        for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
        y[i] /= l[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<max(i + 1, n) { y[i] -= l[k * n + i] * y[k] }
        y[i] /= l[i * n + i]
    }
    return y.allSatisfy(\.isFinite) ? y : nil
}
