/// The dense matrix products of a neural network's forward and backward passes, on raw row-major
/// buffers, for `Float` (PPO's policy and value MLPs) and `Double` (the LSTM forecaster).
///
/// For a batch of `b` rows through a layer with `n` inputs, `k` outputs, weights `W (n×k)` stored
/// input-major and bias `c (k)`:
///
/// - forward: `Y (b×k) = c + X (b×n) · W`           — ``affine(_:_:bias:into:rows:columns:inner:skippingZeros:)``
/// - weight gradient: `dW (n×k) += Xᵀ · dY`         — ``accumulateTransposedLeft(_:_:into:rows:columns:inner:skippingZeros:)``
/// - bias gradient: `dc (k) += Σ_rows dY`             — ``accumulateColumnSums(_:into:rows:columns:)``
/// - input gradient: `dX (b×n) = dY · Wᵀ`            — ``multiplyTransposedRight(_:_:into:rows:columns:inner:)``
///
/// These are plain Swift loops, not GSL's CBLAS. Measured on the LSTM's 12-series weekly training set
/// (20 epochs; hidden 16 and 32, one and two layers), `cblas_dgemm` from GSL's reference `libgslcblas`
/// took 1.2–1.7× the CPU time of these loops in release builds, and using it for the dot-product form
/// alone was slower too: the matrices are small (tens of rows) and the axpy loops vectorise. CBLAS was
/// faster only in unoptimised debug builds, which is not where training time matters.
///
/// Every sum runs in a fixed order (the compiler vectorises the axpy loops across columns without
/// reassociating any sum), so results are the same on every run and every machine. The functions are
/// `@inlinable` so that each caller gets code specialised for its scalar type.
public enum DenseMatrix {
    /// `c (rows×columns) = bias + a (rows×inner) · b (inner×columns)`, with `bias` (columns) added to
    /// every row; overwrites `c`.
    /// - Parameters:
    ///   - a: Left factor, row-major (e.g. a batch of inputs).
    ///   - b: Right factor, row-major (e.g. weights, input-major).
    ///   - bias: `columns` values each row of `c` starts from.
    ///   - c: The result.
    ///   - rows: Rows of `a` and `c`.
    ///   - columns: Columns of `b` and `c`.
    ///   - inner: Columns of `a`, rows of `b`.
    ///   - skippingZeros: Skip the terms whose entry of `a` is exactly 0 (faster for sparse inputs such as
    ///     ReLU outputs). The result is the same unless `b` holds NaN or infinities, or for the sign of a zero.
    /// - Complexity: O(rows · columns · inner); no allocation.
    @inlinable
    public static func affine<Scalar: BinaryFloatingPoint>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>,
        rows: Int, columns: Int, inner: Int, skippingZeros: Bool = false
    ) {
        // i-p-j order: the innermost loop is a contiguous axpy, which the compiler vectorises.
        for i in 0..<rows {
            let cRow = c + i * columns
            cRow.update(from: bias, count: columns)
            let aRow = a + i * inner
            for p in 0..<inner {
                let factor = aRow[p]
                if skippingZeros && factor == 0 { continue }
                let bRow = b + p * columns
                for j in 0..<columns { cRow[j] += factor * bRow[j] }
            }
        }
    }

    /// `c (rows×columns) += aᵀ · b` with `a` stored `inner×rows` and `b` stored `inner×columns`: a sum of
    /// outer products, one per row of `a` and `b`, accumulated in row order.
    /// - Parameters:
    ///   - a: Stored `inner×rows` (e.g. a batch of layer inputs).
    ///   - b: Stored `inner×columns` (e.g. the batch's output gradients).
    ///   - c: Accumulator (e.g. the weight gradient, input-major); not zeroed here.
    ///   - rows: Columns of `a`, rows of `c`.
    ///   - columns: Columns of `b` and `c`.
    ///   - inner: Rows of `a` and `b` (e.g. the batch size).
    ///   - skippingZeros: Skip the outer-product rows whose entry of `a` is exactly 0 (see
    ///     ``affine(_:_:bias:into:rows:columns:inner:skippingZeros:)``).
    /// - Complexity: O(rows · columns · inner); no allocation.
    @inlinable
    public static func accumulateTransposedLeft<Scalar: BinaryFloatingPoint>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>,
        rows: Int, columns: Int, inner: Int, skippingZeros: Bool = false
    ) {
        for p in 0..<inner {
            let aRow = a + p * rows
            let bRow = b + p * columns
            for i in 0..<rows {
                let factor = aRow[i]
                if skippingZeros && factor == 0 { continue }
                let cRow = c + i * columns
                for j in 0..<columns { cRow[j] += factor * bRow[j] }
            }
        }
    }

    /// `c (columns) += Σ_rows a (rows×columns)`, summed in row order (e.g. a bias gradient).
    /// - Parameters:
    ///   - a: Row-major.
    ///   - c: Accumulator; not zeroed here.
    ///   - rows: Rows of `a`.
    ///   - columns: Columns of `a`, entries of `c`.
    /// - Complexity: O(rows · columns); no allocation.
    @inlinable
    public static func accumulateColumnSums<Scalar: BinaryFloatingPoint>(
        _ a: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int
    ) {
        for r in 0..<rows {
            let aRow = a + r * columns
            for j in 0..<columns { c[j] += aRow[j] }
        }
    }

    /// `c (rows×columns) = a · bᵀ` with `a` stored `rows×inner` and `b` stored `columns×inner`; overwrites `c`.
    /// - Parameters:
    ///   - a: Row-major `rows×inner` (e.g. a batch of output gradients).
    ///   - b: Row-major `columns×inner` (e.g. weights, input-major).
    ///   - c: The result.
    ///   - rows: Rows of `a` and `c`.
    ///   - columns: Rows of `b`, columns of `c`.
    ///   - inner: Columns of `a` and `b`.
    /// - Complexity: O(rows · columns · inner); no allocation.
    @inlinable
    public static func multiplyTransposedRight<Scalar: BinaryFloatingPoint>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>,
        rows: Int, columns: Int, inner: Int
    ) {
        // Dot products of contiguous rows; four accumulators break the floating-point add dependency chain.
        for i in 0..<rows {
            let aRow = a + i * inner
            for j in 0..<columns {
                let bRow = b + j * inner
                var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
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
}
