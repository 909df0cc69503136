import Foundation

/// Adaptive 15-point Gauss–Kronrod quadrature (the G7–K15 pair of QUADPACK's `qk15`;
/// R. Piessens et al., *QUADPACK*, Springer 1983), used to integrate distribution
/// functions for the continuous newsvendor cost.
public enum GaussKronrod {
    // Kronrod abscissae on [-1, 1] (positive half, descending) and their weights;
    // odd-indexed abscissae (1, 3, 5) and the centre are the 7-point Gauss nodes.
    private static let nodes: [Double] = [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ]
    private static let kronrodWeights: [Double] = [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ]
    private static let gaussWeights: [Double] = [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ]

    /// Integrates `f` over [a, b] by recursive bisection until each panel's
    /// Kronrod–Gauss difference is below its share of the tolerance.
    /// - Parameters:
    ///   - f: The integrand.
    ///   - a: Lower limit.
    ///   - b: Upper limit (may be below `a`; the sign follows).
    ///   - absoluteTolerance: Target absolute error.
    ///   - relativeTolerance: Target error relative to the whole integral's estimate.
    /// - Returns: The integral estimate.
    /// - Complexity: O(15 × panels); at most 2^maxDepth panels.
    public static func integrate(
        _ f: (Double) -> Double, from a: Double, to b: Double,
        absoluteTolerance: Double = 1e-14, relativeTolerance: Double = 1e-13
    ) -> Double {
        if a == b { return 0 }
        let whole = panel(f, a, b)
        let tolerance = max(absoluteTolerance, relativeTolerance * abs(whole.kronrod))
        return refine(f, a, b, whole, tolerance, depth: 0)
    }

    private static func refine(
        _ f: (Double) -> Double, _ a: Double, _ b: Double,
        _ estimate: (kronrod: Double, gauss: Double), _ tolerance: Double, depth: Int
    ) -> Double {
        if abs(estimate.kronrod - estimate.gauss) <= tolerance || depth >= 40 {
            return estimate.kronrod
        }
        let mid = 0.5 * (a + b)
        let left = panel(f, a, mid)
        let right = panel(f, mid, b)
        return refine(f, a, mid, left, 0.5 * tolerance, depth: depth + 1)
            + refine(f, mid, b, right, 0.5 * tolerance, depth: depth + 1)
    }

    private static func panel(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> (kronrod: Double, gauss: Double) {
        let centre = 0.5 * (a + b)
        let halfLength = 0.5 * (b - a)
        let fc = f(centre)
        var kronrod = fc * kronrodWeights[7]
        var gauss = fc * gaussWeights[3]
        for j in 0..<7 {
            let dx = halfLength * nodes[j]
            let sum = f(centre - dx) + f(centre + dx)
            kronrod += kronrodWeights[j] * sum
            if j % 2 == 1 { gauss += gaussWeights[j / 2] * sum }
        }
        return (kronrod * halfLength, gauss * halfLength)
    }
}
