/// The orders of a seasonal ARIMA(p,d,q)(P,D,Q)[m] model (Box, Jenkins & Reinsel, *Time Series
/// Analysis*, ch. 9; Hyndman & Athanasopoulos, *FPP3* §9.9):
///
///     φ(B) Φ(Bᵐ) (1 − B)ᵈ (1 − Bᵐ)ᴰ y_t = θ(B) Θ(Bᵐ) ε_t
///
/// with `φ` of degree p, `θ` of degree q, `Φ` of degree P, `Θ` of degree Q.
public struct ARIMAOrder: Sendable, Hashable, CustomStringConvertible {
    /// Non-seasonal autoregressive order p.
    public var p: Int
    /// Non-seasonal differences d.
    public var d: Int
    /// Non-seasonal moving-average order q.
    public var q: Int
    /// Seasonal autoregressive order P.
    public var P: Int
    /// Seasonal differences D.
    public var D: Int
    /// Seasonal moving-average order Q.
    public var Q: Int
    /// Seasonal period m (1 when there is no seasonal part).
    public var period: Int

    /// Creates an order; negative entries are clamped to 0 and a period below 1 to 1.
    /// - Parameters:
    ///   - p: AR order.
    ///   - d: differences.
    ///   - q: MA order.
    ///   - P: seasonal AR order.
    ///   - D: seasonal differences.
    ///   - Q: seasonal MA order.
    ///   - period: seasonal period m; the seasonal orders are ignored (set to 0) when it is 1.
    /// - Complexity: O(1).
    public init(p: Int, d: Int, q: Int, P: Int = 0, D: Int = 0, Q: Int = 0, period: Int = 1) {
        self.p = max(0, p)
        self.d = max(0, d)
        self.q = max(0, q)
        self.period = max(1, period)
        let seasonal = self.period > 1
        self.P = seasonal ? max(0, P) : 0
        self.D = seasonal ? max(0, D) : 0
        self.Q = seasonal ? max(0, Q) : 0
    }

    /// Whether the model has any seasonal term or seasonal difference.
    public var isSeasonal: Bool { period > 1 && (P > 0 || D > 0 || Q > 0) }

    /// Total differencing d + D.
    public var totalDifferences: Int { d + D }

    /// Number of ARMA coefficients p + q + P + Q.
    public var armaCoefficientCount: Int { p + q + P + Q }

    /// Observations consumed by differencing, d + m·D.
    public var differencingLoss: Int { d + period * D }

    /// `ARIMA(p,d,q)` or `ARIMA(p,d,q)(P,D,Q)[m]`, R's notation.
    public var description: String {
        let base = "ARIMA(\(p),\(d),\(q))"
        return isSeasonal ? base + "(\(P),\(D),\(Q))[\(period)]" : base
    }
}
