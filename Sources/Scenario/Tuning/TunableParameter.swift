import Simulation

/// A numeric setting of a heuristic policy that `restock tune` searches by simulation: the policy's
/// ``PolicyParameter``s in units, the service level of the forecast-driven families, and the markdown
/// rule's and calendar's settings. The raw value is the key a scenario writes (in a policy and in its
/// `tune:` map).
public enum TunableParameter: String, CaseIterable, Sendable, Comparable {
    case orderUpToUnits, reorderPointUnits, orderQuantityUnits, expeditedOrderUpToUnits, regularOrderUpToUnits, regularCapUnits
    /// Probability of covering the protection interval (forecast-driven families), in (0, 1).
    case serviceLevel
    /// `markdownRule`: days between price reviews (a multiple of the scenario's review period).
    case priceReviewDays
    /// `markdownRule`: fixed cover threshold in weeks.
    case maxWeeksOfCover
    /// `markdownRule`: cover threshold as a multiple of the weeks left in the season.
    case seasonCoverRatio
    /// `markdownSchedule`: the day each markdown starts (one coordinate per markdown, strictly ascending).
    case markdownDays

    /// The same parameter as a ``PolicyParameter`` (the whole-unit ones), else nil.
    public var unitsParameter: PolicyParameter? { PolicyParameter(rawValue: rawValue) }

    /// Whether the parameter takes whole numbers (units or days).
    public var isInteger: Bool {
        switch self {
        case .serviceLevel, .maxWeeksOfCover, .seasonCoverRatio: return false
        default: return true
        }
    }

    /// Whether each SKU has its own value (else one value for the whole policy).
    public var isPerSKU: Bool { unitsParameter != nil || self == .serviceLevel }

    /// The parameters of a family that can be tuned (none for `trained` and `custom`: a trained policy's
    /// numbers are network weights, a custom one's are Swift code; none for `bayesMarkdown`, whose buy
    /// and prices come from its own dynamic program).
    /// - Parameter kind: the policy family.
    /// - Returns: the parameters, in the family's order.
    public static func tunable(for kind: PolicyKind) -> [TunableParameter] {
        switch kind {
        case .baseStock, .periodicOrderUpTo: return [.orderUpToUnits]
        case .sS: return [.reorderPointUnits, .orderUpToUnits]
        case .sQ: return [.reorderPointUnits, .orderQuantityUnits]
        case .dualIndex: return [.expeditedOrderUpToUnits, .regularOrderUpToUnits]
        case .cappedDualIndex: return [.expeditedOrderUpToUnits, .regularOrderUpToUnits, .regularCapUnits]
        case .forecastOrderUpTo: return [.serviceLevel]
        case .markdownRule: return [.serviceLevel, .priceReviewDays, .maxWeeksOfCover, .seasonCoverRatio]
        case .markdownSchedule: return [.serviceLevel, .markdownDays]
        case .trained, .custom, .bayesMarkdown: return []
        }
    }

    public static func < (a: TunableParameter, b: TunableParameter) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// The closed range a tuned parameter is searched in, from a policy's `tune:` map (`[low, high]`).
public struct TuningRange: Sendable, Equatable {
    /// Smallest value tried.
    public var lower: Double
    /// Largest value tried.
    public var upper: Double

    /// Creates a range (`lower` ≤ `upper`; equal bounds pin the parameter).
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// One number of a policy definition: a parameter, for one SKU (per-SKU parameters) and, for
/// `markdownDays`, one markdown.
public struct TuningCoordinate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The parameter.
    public var parameter: TunableParameter
    /// SKU index for per-SKU parameters, else nil.
    public var sku: Int?
    /// Position in `markdownDays`, else nil.
    public var index: Int?

    /// Creates a coordinate.
    public init(_ parameter: TunableParameter, sku: Int? = nil, index: Int? = nil) {
        self.parameter = parameter
        self.sku = sku
        self.index = index
    }

    /// `orderUpToUnits`, `orderUpToUnits[MUG]` style label without SKU codes: `orderUpToUnits@1`, `markdownDays[0]`.
    public var description: String {
        var text = parameter.rawValue
        if let index { text += "[\(index)]" }
        if let sku { text += "@\(sku)" }
        return text
    }

    /// The label with the SKU's code, e.g. `orderUpToUnits[MUG-COFFEE]` (the code is left out for one SKU).
    /// - Parameter skuCodes: the scenario's SKU codes in product order.
    /// - Returns: the label.
    public func label(skuCodes: [String]) -> String {
        var text = parameter.rawValue
        if let index { text += "[\(index)]" }
        if let sku, skuCodes.count > 1, sku < skuCodes.count { text += "[\(skuCodes[sku])]" }
        return text
    }

    public static func < (a: TuningCoordinate, b: TuningCoordinate) -> Bool {
        if a.parameter != b.parameter { return a.parameter < b.parameter }
        if a.index != b.index { return (a.index ?? -1) < (b.index ?? -1) }
        return (a.sku ?? -1) < (b.sku ?? -1)
    }
}

extension PolicyDefinition {
    /// Every number of the definition that can be tuned, in a fixed order (by SKU, then parameter): the
    /// family's ``TunableParameter/tunable(for:)``; `maxWeeksOfCover` only when it is set (finite) or has a
    /// `tune:` range, since "none" is a setting of its own.
    /// - Parameter skuCount: SKUs of the scenario.
    /// - Returns: the coordinates.
    public func tunableCoordinates(skuCount: Int) -> [TuningCoordinate] {
        var out: [TuningCoordinate] = []
        let parameters = TunableParameter.tunable(for: kind)
        for sku in 0..<skuCount {
            for parameter in parameters where parameter.isPerSKU { out.append(TuningCoordinate(parameter, sku: sku)) }
        }
        for parameter in parameters where !parameter.isPerSKU {
            switch parameter {
            case .markdownDays:
                out += markdown.markdownDays.indices.map { TuningCoordinate(.markdownDays, index: $0) }
            case .maxWeeksOfCover where !markdown.maxWeeksOfCover.isFinite && tuningRanges[.maxWeeksOfCover] == nil:
                break
            default:
                out.append(TuningCoordinate(parameter))
            }
        }
        return out
    }

    /// The value of one coordinate (units, days, a probability or a ratio; `maxWeeksOfCover` may be infinite).
    /// - Parameter coordinate: which number.
    /// - Returns: its value, or nil when the definition has no such number.
    public func value(at coordinate: TuningCoordinate) -> Double? {
        switch coordinate.parameter {
        case .serviceLevel:
            guard let sku = coordinate.sku, sku < serviceLevels.count else { return nil }
            return serviceLevels[sku]
        case .priceReviewDays: return Double(markdown.priceReviewDays)
        case .maxWeeksOfCover: return markdown.maxWeeksOfCover
        case .seasonCoverRatio: return markdown.seasonCoverRatio
        case .markdownDays:
            guard let index = coordinate.index, index < markdown.markdownDays.count else { return nil }
            return Double(markdown.markdownDays[index])
        default:
            guard let parameter = coordinate.parameter.unitsParameter, let sku = coordinate.sku, sku < parameters.count,
                  let value = parameters[sku].values[parameter] else { return nil }
            return Double(value)
        }
    }

    /// Sets one coordinate (whole-number parameters are rounded).
    /// - Parameters:
    ///   - value: the new value.
    ///   - coordinate: which number; ignored when the definition has no such number.
    public mutating func setValue(_ value: Double, at coordinate: TuningCoordinate) {
        let bound = Double(WorldConfiguration.maximumUnits)
        let whole = Int(max(-bound, min(bound, value.rounded())))
        switch coordinate.parameter {
        case .serviceLevel:
            guard let sku = coordinate.sku, sku < serviceLevels.count else { return }
            serviceLevels[sku] = value
        case .priceReviewDays: markdown.priceReviewDays = whole
        case .maxWeeksOfCover: markdown.maxWeeksOfCover = value
        case .seasonCoverRatio: markdown.seasonCoverRatio = value
        case .markdownDays:
            guard let index = coordinate.index, index < markdown.markdownDays.count else { return }
            markdown.markdownDays[index] = whole
        default:
            guard let parameter = coordinate.parameter.unitsParameter, let sku = coordinate.sku, sku < parameters.count else { return }
            parameters[sku].values[parameter] = whole
        }
    }

    /// Whether the numbers obey the family's relations: s < S for (s,S), Q ≥ 1, order-up-to levels and
    /// caps ≥ 0 (S may be negative only for (s,S)), the expedited level at most the regular one, a service
    /// level strictly between 0 and 1, positive markdown settings and strictly ascending markdown days ≥ 1.
    public var satisfiesRelations: Bool {
        for sku in parameters.indices {
            let p = parameters[sku].values
            if kind == .sS, let s = p[.reorderPointUnits], let bigS = p[.orderUpToUnits], s >= bigS { return false }
            if let q = p[.orderQuantityUnits], q < 1 { return false }
            if let up = p[.orderUpToUnits], up < 0, kind != .sS { return false }
            if let cap = p[.regularCapUnits], cap < 0 { return false }
            if let e = p[.expeditedOrderUpToUnits], let r = p[.regularOrderUpToUnits], e > r || e < 0 { return false }
        }
        if kind.usesForecasts, serviceLevels.contains(where: { !($0 > 0 && $0 < 1) }) { return false }
        if kind == .markdownRule {
            if markdown.priceReviewDays < 1 || !(markdown.maxWeeksOfCover > 0) || !(markdown.seasonCoverRatio > 0) { return false }
        }
        let days = markdown.markdownDays
        if kind == .markdownSchedule, days.indices.contains(where: { days[$0] < 1 || ($0 > 0 && days[$0] <= days[$0 - 1]) }) { return false }
        return true
    }
}

