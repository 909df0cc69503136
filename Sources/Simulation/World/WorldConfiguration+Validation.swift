// WorldConfiguration.validate(): the checks a scenario file gets, for a world built in Swift.
import Stochastics

/// A problem with a ``WorldConfiguration``: which setting (named like the scenario file's key), what is
/// wrong and what is allowed.
public struct WorldConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted key path such as `products[0].holdingCostPerUnitDay`, following the scenario file's key names.
    public var keyPath: String
    /// What is wrong, as a sentence.
    public var message: String
    /// What would be accepted, as a phrase.
    public var allowed: String

    /// Creates an error.
    public init(keyPath: String, message: String, allowed: String) {
        self.keyPath = keyPath
        self.message = message
        self.allowed = allowed
    }

    /// `at 'key.path': message. Allowed: ….`
    public var description: String {
        var text = "at '\(keyPath)': \(message)"
        if !text.hasSuffix(".") { text += "." }
        if !allowed.isEmpty { text += " Allowed: \(allowed)" + (allowed.hasSuffix(".") ? "" : ".") }
        return text
    }
}

extension WorldConfiguration {
    /// Largest unit count accepted anywhere (keeps stock arithmetic far from integer overflow).
    public static let maximumUnits = 1_000_000_000_000
    /// Longest horizon accepted, days.
    public static let maximumHorizonDays = 10_000_000
    /// Largest mean demand accepted, units a day (keeps stock counts far from integer overflow).
    public static let maximumMeanDemandPerDay = 10_000_000.0

    /// Checks the world as a scenario file is checked: horizon and warm-up, review, capacity, and for each
    /// product its prices, costs, demand law and suppliers.
    /// - Throws: ``WorldConfigurationError`` for the first problem, with its key path.
    public func validate() throws {
        guard horizonDays >= 1, horizonDays <= Self.maximumHorizonDays else {
            throw fail("horizonDays", "the horizon of \(horizonDays) days is out of range", allowed: "1…\(Self.maximumHorizonDays) days")
        }
        guard warmupDays >= 0, warmupDays < horizonDays else {
            throw fail("warmupDays", "the warm-up (\(warmupDays) days) must be >= 0 and shorter than the horizon (\(horizonDays) days)",
                       allowed: "0…\(horizonDays - 1)")
        }
        if case .periodic(let every) = review, !(1...100_000).contains(every) {
            throw fail("review.everyDays", "the review period of \(every) days is out of range", allowed: "a whole number from 1 to 100000")
        }
        if let capacity = storageCapacityUnits, !(1...Self.maximumUnits).contains(capacity) {
            throw fail("storageCapacityUnits", "the storage capacity \(capacity) is out of range",
                       allowed: "a whole number from 1 to \(Self.maximumUnits), or no capacity (nil) for unlimited space")
        }
        guard !products.isEmpty else {
            throw fail("products", "the product list is empty", allowed: "at least one product")
        }
        var skus = Set<String>()
        for (index, product) in products.enumerated() {
            let path = "products[\(index)]"
            guard !product.sku.isEmpty else { throw fail("\(path).sku", "the SKU code is empty", allowed: "a non-empty code") }
            guard skus.insert(product.sku).inserted else {
                throw fail("\(path).sku", "the SKU '\(product.sku)' appears twice", allowed: "unique SKU codes")
            }
            try validate(product, path: path)
        }
    }

    private func validate(_ product: ProductConfiguration, path: String) throws {
        try Self.nonNegative(product.sellingPrice, "\(path).sellingPrice")
        try Self.validatePriceLevels(product, path: path)
        try Self.nonNegative(product.salvageValuePerUnit, "\(path).salvageValuePerUnit")
        try Self.nonNegative(product.holdingCostPerUnitDay, "\(path).holdingCostPerUnitDay")
        try Self.nonNegative(product.initialOnHandUnits, "\(path).initialOnHandUnits")
        for (index, order) in product.openOrders.enumerated() {
            let opath = "\(path).openOrders[\(index)]"
            guard product.suppliers.indices.contains(order.supplier) else {
                throw fail("\(opath).supplier", "there is no supplier \(order.supplier)", allowed: "one of the SKU's suppliers")
            }
            guard order.quantityUnits > 0, order.quantityUnits <= 1_000_000_000 else {
                throw fail("\(opath).units", "\(order.quantityUnits) units is out of range", allowed: "1 to 1,000,000,000 units")
            }
            guard order.dueDay.isFinite, order.dueDay >= 0 else {
                throw fail("\(opath).dueDay", "the due day \(order.dueDay) is out of range", allowed: "a day of the run, 0 or later")
            }
        }
        switch product.shortage {
        case .backorders(let cost): try Self.nonNegative(cost, "\(path).shortage.costPerUnitDay")
        case .lostSales(let penalty): try Self.nonNegative(penalty, "\(path).shortage.penaltyPerUnit")
        }
        try Self.validateDemand(product.customers, path: "\(path).demand")
        if !product.priceLevels.isEmpty {
            guard case .dailyMeans = product.customers else {
                throw fail("\(path).priceLevels", "price levels need demand that responds to price, but this demand does not",
                           allowed: "dailyMeans demand (with a price elasticity), or no price levels")
            }
        }
        guard (1...64).contains(product.suppliers.count) else {
            throw fail("\(path).suppliers", "the SKU has \(product.suppliers.count) suppliers", allowed: "1 to 64 suppliers")
        }
        var names = Set<String>()
        for (index, supplier) in product.suppliers.enumerated() {
            let spath = "\(path).suppliers[\(index)]"
            guard names.insert(supplier.name).inserted else {
                throw fail("\(spath).name", "the supplier name '\(supplier.name)' is used twice for this SKU", allowed: "unique names")
            }
            try Self.validateLaw(supplier.leadTimeDays, "\(spath).leadTimeDays")
            try Self.nonNegative(supplier.unitCost, "\(spath).unitCost")
            try Self.nonNegative(supplier.fixedCostPerOrder, "\(spath).fixedCostPerOrder")
            try Self.nonNegative(supplier.minimumOrderUnits, "\(spath).minimumOrderUnits")
            if let cutoff = supplier.lastOrderDay { try Self.nonNegative(cutoff, "\(spath).lastOrderDay") }
            guard (1...Self.maximumUnits).contains(supplier.orderMultipleUnits) else {
                throw fail("\(spath).orderMultipleUnits", "the order multiple \(supplier.orderMultipleUnits) is out of range",
                           allowed: "a whole number from 1 to \(Self.maximumUnits)")
            }
        }
        // Salvage above the purchase price would make buying to salvage a money machine.
        if let cheapest = product.suppliers.map(\.unitCost).min(), product.salvageValuePerUnit > cheapest {
            throw fail("\(path).salvageValuePerUnit", "the salvage value \(product.salvageValuePerUnit) is above the unit cost \(cheapest)",
                       allowed: "0…\(cheapest) (at most the lowest unit cost)")
        }
    }

    /// Price levels: 1 to 100 positive prices, strictly descending (full price first), the selling price among them.
    private static func validatePriceLevels(_ product: ProductConfiguration, path: String) throws {
        let levels = product.priceLevels
        guard !levels.isEmpty else { return }
        guard levels.count <= 100 else {
            throw fail("\(path).priceLevels", "\(levels.count) price levels", allowed: "1 to 100 prices, full price first")
        }
        for (index, level) in levels.enumerated() {
            guard level.isFinite, level > 0 else {
                throw fail("\(path).priceLevels[\(index)]", "the price level \(level) is not a positive number", allowed: "prices > 0 in currency per unit")
            }
            if index > 0, level >= levels[index - 1] {
                throw fail("\(path).priceLevels[\(index)]", "the price level \(level) is not below the level before it (\(levels[index - 1]))",
                           allowed: "strictly descending prices, full price first, e.g. [59, 47, 39, 29]")
            }
        }
        guard levels.contains(product.sellingPrice) else {
            throw fail("\(path).sellingPrice", "the selling price \(product.sellingPrice) is not one of the price levels",
                       allowed: levels.map { "\($0)" }.joined(separator: ", "))
        }
    }

    private static func validateDemand(_ customers: CustomerModel, path: String) throws {
        switch customers {
        case .perDay(let law):
            try validateLaw(law, "\(path).unitsPerDay")
        case .poissonArrivals(let rate, let size):
            guard rate.isFinite, rate > 0, rate <= 1e7 else {
                throw fail("\(path).customersPerDay", "the arrival rate \(rate) must be positive and at most 10 million a day",
                           allowed: "a number in (0, 10000000]")
            }
            try validateLaw(size, "\(path).unitsPerCustomer")
        case .dailyMeans(let demand):
            if let day = demand.meanUnitsPerDay.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                throw fail("\(path).meanUnitsPerDay[\(day)]", "the mean \(demand.meanUnitsPerDay[day]) is negative or not a number",
                           allowed: "numbers >= 0")
            }
            if let levelCV = demand.variation?.levelCV, !(levelCV.isFinite && levelCV >= 0 && levelCV <= 2) {
                throw fail("\(path).levelCV", "the level uncertainty \(levelCV) is out of range", allowed: "a coefficient of variation from 0 to 2")
            }
            guard demand.priceElasticity.isFinite else {
                throw fail("\(path).priceElasticity", "the price elasticity \(demand.priceElasticity) is not a number", allowed: "a finite number, e.g. -1.5")
            }
            guard demand.referencePrice.isFinite, demand.referencePrice > 0 else {
                throw fail("\(path).referencePrice", "the reference price \(demand.referencePrice) is not a positive number", allowed: "a number > 0")
            }
            guard demand.promotionLift.isFinite, demand.promotionLift > 0 else {
                throw fail("\(path).promotionLift", "the promotion lift \(demand.promotionLift) is not a positive number", allowed: "a multiplier > 0, e.g. 1.8")
            }
        }
        guard customers.meanDemandPerDay <= maximumMeanDemandPerDay else {
            throw fail(path, "mean demand of \(customers.meanDemandPerDay) units a day is too large",
                       allowed: "at most 10,000,000 units a day on average")
        }
    }

    /// A law for a quantity that cannot be negative (demand units, lead-time days): valid parameters, values >= 0, a finite mean.
    private static func validateLaw(_ law: Distribution, _ path: String) throws {
        do { try law.validate() } catch let failure as DistributionError {
            throw fail(path, failure.message, allowed: "valid parameters for the law")
        }
        guard law.isNonNegative else {
            throw fail(path, "this quantity cannot be negative, but the distribution allows negative values", allowed: "a distribution on values >= 0")
        }
        guard law.mean.isFinite else {
            throw fail(path, "the distribution's mean is not a finite number", allowed: "a distribution with a finite mean")
        }
    }

    private static func nonNegative(_ value: Double, _ path: String) throws {
        guard value.isFinite, value >= 0 else {
            throw fail(path, "the value \(value) is negative or not a number", allowed: "a number >= 0")
        }
    }

    private static func nonNegative(_ value: Int, _ path: String) throws {
        guard value >= 0, value <= maximumUnits else {
            throw fail(path, "the value \(value) is out of range", allowed: "a whole number from 0 to \(maximumUnits)")
        }
    }

    private static func fail(_ keyPath: String, _ message: String, allowed: String) -> WorldConfigurationError {
        WorldConfigurationError(keyPath: keyPath, message: message, allowed: allowed)
    }

    private func fail(_ keyPath: String, _ message: String, allowed: String) -> WorldConfigurationError {
        Self.fail(keyPath, message, allowed: allowed)
    }
}
