import Foundation

/// An axis range with "nice" round tick values: steps of 1, 2, 2.5 or 5 times a power of ten (the
/// first entries of Wilkinson's preference list, *The Grammar of Graphics* §6.2), the smallest such
/// step that covers the data with at most `maxTicks` ticks.
struct NiceScale: Equatable {
    /// First tick (≤ the data minimum).
    let lower: Double
    /// Last tick (≥ the data maximum).
    let upper: Double
    /// Distance between ticks.
    let step: Double
    /// Decimals needed to print every tick exactly.
    let decimals: Int

    /// Creates a scale covering `minimum ... maximum`, rounded outwards to whole steps.
    /// - Parameters:
    ///   - minimum: smallest data value (non-finite values are the caller's to drop).
    ///   - maximum: largest data value.
    ///   - maxTicks: most ticks wanted (at least 2).
    ///   - includeZero: stretch the range to contain 0 (bar charts must start at zero).
    ///   - integerSteps: only whole-number steps (day numbers, episodes, category indices).
    init(minimum: Double, maximum: Double, maxTicks: Int = 8, includeZero: Bool = false, integerSteps: Bool = false) {
        var low = minimum.isFinite ? minimum : 0
        var high = maximum.isFinite ? maximum : 1
        if low > high { swap(&low, &high) }
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low == high {
            // With includeZero, low ≤ 0 ≤ high, so equal ends mean 0.
            if low == 0 { high = 1 } else { let pad = abs(low) * 0.1; low -= pad; high += pad }
        }
        let intervals = Double(max(maxTicks, 2) - 1)
        let rough = (high - low) / intervals
        let exponent = Int(log10(rough).rounded(.down))
        var chosen: (step: Double, decimals: Int)?
        search: for e in (exponent - 1)...(exponent + 2) {
            for fraction in [1.0, 2.0, 2.5, 5.0] {
                // Dividing by an exact power of ten keeps 0.1, 0.2, 0.05 as the closest doubles.
                let power = pow(10, Double(abs(e)))
                let step = e >= 0 ? fraction * power : fraction / power
                if integerSteps, step < 1 || step != step.rounded() { continue }
                let count = (high / step - 1e-9).rounded(.up) - (low / step + 1e-9).rounded(.down)
                if count <= intervals {
                    chosen = (step, max(0, -e + (fraction == 2.5 ? 1 : 0)))
                    break search
                }
            }
        }
        let (step, decimals) = chosen ?? (pow(10, Double(exponent + 3)), 0)
        self.step = step
        self.decimals = decimals
        self.lower = Self.clean((low / step + 1e-9).rounded(.down) * step, decimals: decimals)
        self.upper = Self.clean((high / step - 1e-9).rounded(.up) * step, decimals: decimals)
    }

    /// A scale spanning exactly `minimum ... maximum` (no rounding outwards) with ticks at the nice
    /// multiples of the step inside it: for x axes of series, which should not start before the
    /// first point or end after the last.
    init(exactMinimum minimum: Double, maximum: Double, maxTicks: Int = 10, integerSteps: Bool = false) {
        let nice = NiceScale(minimum: minimum, maximum: maximum, maxTicks: maxTicks, integerSteps: integerSteps)
        var low = minimum.isFinite ? minimum : nice.lower
        var high = maximum.isFinite ? maximum : nice.upper
        if low > high { swap(&low, &high) }
        if low == high { low = nice.lower; high = nice.upper }
        self.lower = low
        self.upper = high
        self.step = nice.step
        self.decimals = nice.decimals
    }

    /// The multiples of `step` from `lower` to `upper`, cleaned of floating-point noise
    /// (0.30000000000000004 becomes 0.3).
    var ticks: [Double] {
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 10_000 else { return [] }
        return (0...Int(last - first)).map { Self.clean((first + Double($0)) * step, decimals: decimals) }
    }

    /// Tick label text (locale-independent, ASCII digits, typographic minus).
    func label(_ tick: Double) -> String {
        NumberText.display(tick, decimals: decimals)
    }

    private static func clean(_ value: Double, decimals: Int) -> Double {
        let p = pow(10, Double(decimals))
        let cleaned = (value * p).rounded() / p
        return cleaned == 0 ? 0 : cleaned
    }
}

/// A linear map from data values to SVG coordinates.
struct LinearMap {
    let domainLow: Double, domainHigh: Double
    let rangeLow: Double, rangeHigh: Double

    init(domain: (Double, Double), range: (Double, Double)) {
        domainLow = domain.0; domainHigh = domain.1
        rangeLow = range.0; rangeHigh = range.1
    }

    init(scale: NiceScale, range: (Double, Double)) {
        self.init(domain: (scale.lower, scale.upper), range: range)
    }

    func callAsFunction(_ value: Double) -> Double {
        let span = domainHigh - domainLow
        guard span != 0 else { return (rangeLow + rangeHigh) / 2 }
        return rangeLow + (value - domainLow) / span * (rangeHigh - rangeLow)
    }
}
