import Testing
import Stochastics

/// The shared matrix kernels against textbook triple loops, in `Float` and `Double`.
@Suite("DenseMatrix")
struct DenseMatrixTests {
    /// Small integers (some zero), so every product and sum is exact and any order gives the same answer.
    private func values<T: BinaryFloatingPoint>(_ count: Int, seed: Int) -> [T] {
        (0..<count).map { T(((($0 + 1) * 7 + seed * 13) % 11) - 4) }
    }

    private func check<T: BinaryFloatingPoint>(_: T.Type) {
        let rows = 3, columns = 5, inner = 6  // inner not a multiple of 4: the dot-product tail runs
        let a: [T] = values(rows * inner, seed: 1), b: [T] = values(inner * columns, seed: 2), bias: [T] = values(columns, seed: 3)
        for skipping in [false, true] {
            var c = [T](repeating: 99, count: rows * columns)
            DenseMatrix.affine(a, b, bias: bias, into: &c, rows: rows, columns: columns, inner: inner, skippingZeros: skipping)
            for i in 0..<rows {
                for j in 0..<columns {
                    var s = bias[j]
                    for p in 0..<inner { s += a[i * inner + p] * b[p * columns + j] }
                    #expect(c[i * columns + j] == s)
                }
            }
        }
        // aᵀ b with a stored inner×rows: accumulate onto a non-zero start.
        let at: [T] = values(inner * rows, seed: 4)
        for skipping in [false, true] {
            var c = [T](repeating: 1, count: rows * columns)
            DenseMatrix.accumulateTransposedLeft(at, b, into: &c, rows: rows, columns: columns, inner: inner, skippingZeros: skipping)
            for i in 0..<rows {
                for j in 0..<columns {
                    var s: T = 1
                    for p in 0..<inner { s += at[p * rows + i] * b[p * columns + j] }
                    #expect(c[i * columns + j] == s)
                }
            }
        }
        var sums = [T](repeating: 2, count: inner)
        DenseMatrix.accumulateColumnSums(a, into: &sums, rows: rows, columns: inner)
        for j in 0..<inner { #expect(sums[j] == 2 + (0..<rows).reduce(0) { $0 + a[$1 * inner + j] }) }
        // a bᵀ with b stored columns×inner.
        let bt: [T] = values(columns * inner, seed: 5)
        var c = [T](repeating: 99, count: rows * columns)
        DenseMatrix.multiplyTransposedRight(a, bt, into: &c, rows: rows, columns: columns, inner: inner)
        for i in 0..<rows {
            for j in 0..<columns {
                #expect(c[i * columns + j] == (0..<inner).reduce(0) { $0 + a[i * inner + $1] * bt[j * inner + $1] })
            }
        }
    }

    @Test("the four kernels match the definitions in Float and Double")
    func kernels() {
        check(Float.self)
        check(Double.self)
    }
}
