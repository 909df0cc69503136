import Foundation
import Scenario
import Simulation

/// The box a policy's parameters are searched in: one ``Dimension`` per tuned number (a parameter for
/// one SKU, or one markdown day), each with its range, grid and starting value.
///
/// Ranges come from the policy's `tune:` map, else from the SKU's demand (``DemandScale``, a normal
/// approximation): with H = 3 × (mean + 3 sd of demand over lead time + review period) and B the EOQ
/// batch (over the whole horizon when a supplier has a last order day: one buy for the season), order-up-to levels and reorder points in [0, H] (plus 2B for the S of (s,S)), batches in
/// [1, max(H, 3B)], dual-index levels in [0, H] for their own lead times, the regular cap in [0, 3 × (mean
/// + 3 sd of a review period's demand)], service levels in [0.05, 0.995], price reviews every 1–4 weeks,
/// cover thresholds in [0.5, 26] weeks, season cover ratios in [0.25, 4] and markdown days within the
/// horizon. A default range is widened to hold the starting value; a `tune:` range is not (the start is
/// moved into it).
public struct TuningSpace: Sendable {
    /// One searched number.
    public struct Dimension: Sendable, Equatable {
        /// Which number of the policy.
        public var coordinate: TuningCoordinate
        /// Label with the SKU code, e.g. `orderUpToUnits[MUG-COFFEE]`.
        public var label: String
        /// Smallest value.
        public var lower: Double
        /// Largest value.
        public var upper: Double
        /// Grid spacing: values are multiples of it (1 for units and days, the review period for price
        /// reviews, 0.001 for service levels, 0.01 for cover thresholds and ratios).
        public var resolution: Double
        /// Whether values are whole numbers.
        public var isInteger: Bool
        /// The starting value (the scenario's, or an optimiser's), in the range.
        public var start: Double
        /// Whether the range came from the policy's `tune:` map.
        public var rangeFromScenario: Bool

        /// The nearest grid value inside the range.
        public func snap(_ value: Double) -> Double {
            let low = (lower / resolution).rounded(.up) * resolution, high = (upper / resolution).rounded(.down) * resolution
            let onGrid = (value / resolution).rounded() * resolution
            return Self.tidy(min(high, max(low, onGrid)), resolution: resolution)
        }

        /// Removes binary noise from a grid value (0.1 × 7 → 0.7), so it prints and compares as written.
        static func tidy(_ value: Double, resolution: Double) -> Double {
            guard resolution < 1 else { return value.rounded() }
            let digits = Int((-log10(resolution)).rounded(.up))
            var scale = 1.0
            for _ in 0..<max(0, digits) { scale *= 10 }
            return (value * scale).rounded() / scale
        }
    }

    /// The dimensions, in the order of the coordinates given.
    public var dimensions: [Dimension]

    /// The starting point.
    public var start: [Double] { dimensions.map(\.start) }

    /// The space of the given coordinates of a definition.
    /// - Parameters:
    ///   - definition: the policy, with the values to start from.
    ///   - world: the scenario's world (demand, lead times, review, horizon).
    ///   - coordinates: the numbers to search (see ``PolicyDefinition/tunableCoordinates(skuCount:)``).
    public init(definition: PolicyDefinition, world: WorldConfiguration, coordinates: [TuningCoordinate]) {
        let codes = world.products.map(\.sku)
        dimensions = coordinates.map { coordinate in
            let parameter = coordinate.parameter
            let resolution = Self.resolution(parameter, world: world)
            var (lower, upper) = Self.defaultRange(coordinate, definition: definition, world: world)
            let given = definition.tuningRanges[parameter]
            if let given { (lower, upper) = (given.lower, given.upper) }
            var start = definition.value(at: coordinate) ?? lower
            if !start.isFinite { start = upper }
            if given == nil { lower = min(lower, start); upper = max(upper, start) }
            // The start stays exactly the scenario's value (moved into a tune: range if outside it), even off the
            // grid, so the comparison against it is against what the scenario runs; moves land on the grid.
            start = min(upper, max(lower, start))
            if parameter.isInteger { start = start.rounded() }
            return Dimension(coordinate: coordinate, label: coordinate.label(skuCodes: codes), lower: lower, upper: upper,
                             resolution: resolution, isInteger: parameter.isInteger, start: start, rangeFromScenario: given != nil)
        }
    }

    static func resolution(_ parameter: TunableParameter, world: WorldConfiguration) -> Double {
        switch parameter {
        case .serviceLevel: return 0.001
        case .maxWeeksOfCover, .seasonCoverRatio: return 0.01
        case .priceReviewDays:
            if case .periodic(let every) = world.review { return Double(every) }
            return 1
        default: return 1
        }
    }

    static func defaultRange(_ coordinate: TuningCoordinate, definition: PolicyDefinition, world: WorldConfiguration) -> (Double, Double) {
        switch coordinate.parameter {
        case .serviceLevel: return (0.05, 0.995)
        case .priceReviewDays:
            let every = resolution(.priceReviewDays, world: world)
            return (every, max(every, (28 / every).rounded(.down) * every))
        case .maxWeeksOfCover: return (0.5, 26)
        case .seasonCoverRatio: return (0.25, 4)
        case .markdownDays: return (1, Double(max(1, world.horizonDays - 1)))
        default: break
        }
        guard let sku = coordinate.sku, sku < world.products.count else { return (0, 0) }
        let product = world.products[sku]
        let scale = DemandScale(product)
        let review: Double
        if definition.kind == .periodicOrderUpTo {
            review = Double(definition.reviewPeriodDays)
        } else if case .periodic(let every) = world.review {
            review = Double(every)
        } else {
            review = 1
        }
        let suppliers = product.suppliers
        let supplier = suppliers[min(max(0, sku < definition.supplierIndex.count ? definition.supplierIndex[sku] : 0), suppliers.count - 1)]
        let leads = suppliers.map(\.leadTimeDays.mean)
        // A supplier with a last order day sells one buy over the season: the buy must cover the horizon.
        let season = suppliers.contains { $0.lastOrderDay != nil }
        func high(lead: Double) -> Double {
            Double(max(10, 3 * scale.level(days: season ? Double(world.horizonDays) : lead + review, z: 3)))
        }
        let batch = Double(scale.batchUnits(fixedCostPerOrder: supplier.fixedCostPerOrder, holdingCostPerUnitDay: product.holdingCostPerUnitDay))
        let level = high(lead: supplier.leadTimeDays.mean)
        switch coordinate.parameter {
        case .orderUpToUnits: return definition.kind == .sS ? (1, level + 2 * batch) : (0, level)
        case .reorderPointUnits: return (0, level)
        case .orderQuantityUnits: return (1, max(level, 3 * batch))
        case .expeditedOrderUpToUnits: return (0, high(lead: leads.min() ?? 0))
        case .regularOrderUpToUnits: return (0, high(lead: leads.max() ?? 0))
        case .regularCapUnits: return (0, Double(max(10, 3 * scale.level(days: review, z: 3))))
        default: return (0, level)
        }
    }

    /// The definition with a point's values.
    /// - Parameters:
    ///   - point: one value per dimension.
    ///   - definition: the policy to change.
    /// - Returns: the changed definition.
    public func apply(_ point: [Double], to definition: PolicyDefinition) -> PolicyDefinition {
        var out = definition
        for (dimension, value) in zip(dimensions, point) { out.setValue(value, at: dimension.coordinate) }
        return out
    }
}
