/// The three dense matrix products an LSTM needs, on raw row-major buffers, plus a small Cholesky solve.
///
/// For a batch of `b` windows, a layer with `k` inputs (layer input and previous hidden state side by
/// side) and `g = 4·hidden` gate pre-activations, one time step needs
///
/// - forward: `A (b×g) += Z (b×k) · W (k×g)`  — ``multiply(_:_:into:rows:columns:inner:)``
/// - weight gradient: `dW (k×g) += Zᵀ · dA`    — ``multiplyTransposedLeft(_:_:into:rows:columns:inner:)``
/// - input gradient: `dZ (b×k) = dA · Wᵀ`     — ``multiplyTransposedRight(_:_:into:rows:columns:inner:)``
///
/// These are plain Swift loops, not GSL's CBLAS. Measured on the 12-series weekly training set (20 epochs;
/// hidden 16 and 32, one and two layers), `cblas_dgemm` from GSL's reference `libgslcblas` took 1.2–1.7×
/// the CPU time of these loops in release builds, and using it for the dot-product form alone was slower
/// too: the matrices are small (tens of rows) and the axpy loops below vectorise. CBLAS was faster only in
/// unoptimised debug builds (about 3.5× on the test file), which is not where training time matters, and
/// one code path keeps what the tests check identical to what ships.
enum NeuralMatrix {
    /// `c (rows×columns) += a (rows×inner) · b (inner×columns)`.
    /// - Complexity: O(rows · columns · inner); no allocation.
    @inline(__always)
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                         rows: Int, columns: Int, inner: Int) {
        // i-p-j order: the innermost loop is a contiguous axpy, which the compiler vectorises.
        for i in 0..<rows {
            let cRow = c + i * columns
            let aRow = a + i * inner
            for p in 0..<inner {
                let factor = aRow[p]
                let bRow = b + p * columns
                for j in 0..<columns { cRow[j] += factor * bRow[j] }
            }
        }
    }

    /// `c (rows×columns) += aᵀ · b` with `a` stored `inner×rows` and `b` stored `inner×columns`.
    /// - Complexity: O(rows · columns · inner); no allocation.
    @inline(__always)
    static func multiplyTransposedLeft(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                       rows: Int, columns: Int, inner: Int) {
        // A sum of outer products, one per batch row; again a contiguous axpy innermost.
        for p in 0..<inner {
            let aRow = a + p * rows
            let bRow = b + p * columns
            for i in 0..<rows {
                let factor = aRow[i]
                let cRow = c + i * columns
                for j in 0..<columns { cRow[j] += factor * bRow[j] }
            }
        }
    }

    /// `c (rows×columns) = a · bᵀ` with `a` stored `rows×inner` and `b` stored `columns×inner` (overwrites `c`).
    /// - Complexity: O(rows · columns · inner); no allocation.
    @inline(__always)
    static func multiplyTransposedRight(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                        rows: Int, columns: Int, inner: Int) {
        // Dot products of contiguous rows; four accumulators break the floating-point add dependency chain.
        for i in 0..<rows {
            let aRow = a + i * inner
            for j in 0..<columns {
                let bRow = b + j * inner
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var p = 0
                while p + 4 <= inner {
                    s0 += aRow[p] * bRow[p]; s1 += aRow[p + 1] * bRow[p + 1]
                    s2 += aRow[p + 2] * bRow[p + 2]; s3 += aRow[p + 3] * bRow[p + 3]
                    p += 4
                }
                while p < inner { s0 += aRow[p] * bRow[p]; p += 1 }
                c[i * columns + j] = (s0 + s1) + (s2 + s3)
            }
        }
    }

    /// Solves `(A + ridge·I) x = b` for a small symmetric positive semi-definite `A` (`size × size`,
    /// row-major) by Cholesky factorisation; `nil` when the factorisation breaks down (not positive
    /// definite even with the ridge, or non-finite input).
    /// - Complexity: O(size³).
    static func solveSymmetric(_ a: [Double], _ b: [Double], size n: Int, ridge: Double) -> [Double]? {
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
}
