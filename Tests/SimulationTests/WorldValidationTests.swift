import Simulation
import Stochastics
import Testing

/// One mistake made in a valid world, and the key path its error must name.
struct WorldMistake: Sendable, CustomTestStringConvertible {
    let name: String
    let keyPath: String
    let change: @Sendable (inout WorldConfiguration) -> Void
    var testDescription: String { name }
}

@Suite("WorldConfiguration.validate()")
struct WorldValidationTests {
    /// One SKU with per-day Poisson demand and one supplier, all settings valid.
    static func valid() -> WorldConfiguration {
        TestWorld.single(demand: .poisson(mean: 10), leadTimeDays: 2, holding: 0.1, shortage: .backorders(costPerUnitDay: 1),
                         fixedCost: 5, unitCost: 4, price: 10, initial: 20, horizonDays: 100, warmupDays: 10, capacity: 500)
    }

    /// A second SKU with two suppliers and forecast-style demand at four price levels.
    static func seasonal(sku: String = "D") -> ProductConfiguration {
        ProductConfiguration(sku: sku, sellingPrice: 59, holdingCostPerUnitDay: 0.02, shortage: .lostSales(penaltyPerUnit: 0),
                             initialOnHandUnits: 0,
                             customers: .dailyMeans(DailyMeanDemand(meanUnitsPerDay: [5, 6, 7], noise: .poisson,
                                                                    priceElasticity: -1.5, referencePrice: 59)),
                             suppliers: [SupplierConfiguration(name: "maker", leadTimeDays: .constant(0), unitCost: 20, lastOrderDay: 0),
                                         SupplierConfiguration(name: "fast", leadTimeDays: .gamma(mean: 3, sd: 1), unitCost: 25)],
                             priceLevels: [59, 47, 39, 29], salvageValuePerUnit: 8)
    }

    static let mistakes: [WorldMistake] = [
        WorldMistake(name: "no products", keyPath: "products") { $0.products = [] },
        WorldMistake(name: "horizon 0", keyPath: "horizonDays") { $0.horizonDays = 0; $0.warmupDays = 0 },
        WorldMistake(name: "negative warm-up", keyPath: "warmupDays") { $0.warmupDays = -1 },
        WorldMistake(name: "warm-up as long as the horizon", keyPath: "warmupDays") { $0.warmupDays = 100 },
        WorldMistake(name: "review every 0 days", keyPath: "review.everyDays") { $0.review = .periodic(everyDays: 0) },
        WorldMistake(name: "capacity 0", keyPath: "storageCapacityUnits") { $0.storageCapacityUnits = 0 },
        WorldMistake(name: "empty SKU", keyPath: "products[0].sku") { $0.products[0].sku = "" },
        WorldMistake(name: "duplicate SKU", keyPath: "products[1].sku") { $0.products.append($0.products[0]) },
        WorldMistake(name: "negative holding", keyPath: "products[0].holdingCostPerUnitDay") { $0.products[0].holdingCostPerUnitDay = -0.1 },
        WorldMistake(name: "NaN holding", keyPath: "products[0].holdingCostPerUnitDay") { $0.products[0].holdingCostPerUnitDay = .nan },
        WorldMistake(name: "infinite price", keyPath: "products[0].sellingPrice") { $0.products[0].sellingPrice = .infinity },
        WorldMistake(name: "negative backorder cost", keyPath: "products[0].shortage.costPerUnitDay") {
            $0.products[0].shortage = .backorders(costPerUnitDay: -1)
        },
        WorldMistake(name: "NaN lost-sales penalty", keyPath: "products[0].shortage.penaltyPerUnit") {
            $0.products[0].shortage = .lostSales(penaltyPerUnit: .nan)
        },
        WorldMistake(name: "negative initial stock", keyPath: "products[0].initialOnHandUnits") { $0.products[0].initialOnHandUnits = -5 },
        WorldMistake(name: "negative salvage", keyPath: "products[0].salvageValuePerUnit") { $0.products[0].salvageValuePerUnit = -1 },
        WorldMistake(name: "salvage above cost", keyPath: "products[0].salvageValuePerUnit") { $0.products[0].salvageValuePerUnit = 5 },
        WorldMistake(name: "no suppliers", keyPath: "products[0].suppliers") { $0.products[0].suppliers = [] },
        WorldMistake(name: "duplicate supplier name", keyPath: "products[0].suppliers[1].name") {
            $0.products[0].suppliers.append($0.products[0].suppliers[0])
        },
        WorldMistake(name: "negative unit cost", keyPath: "products[0].suppliers[0].unitCost") { $0.products[0].suppliers[0].unitCost = -4 },
        WorldMistake(name: "infinite fixed cost", keyPath: "products[0].suppliers[0].fixedCostPerOrder") {
            $0.products[0].suppliers[0].fixedCostPerOrder = .infinity
        },
        WorldMistake(name: "negative lead time", keyPath: "products[0].suppliers[0].leadTimeDays") {
            $0.products[0].suppliers[0].leadTimeDays = .constant(-2)
        },
        WorldMistake(name: "NaN lead-time mean", keyPath: "products[0].suppliers[0].leadTimeDays") {
            $0.products[0].suppliers[0].leadTimeDays = .gamma(mean: .nan, sd: 1)
        },
        WorldMistake(name: "negative minimum order", keyPath: "products[0].suppliers[0].minimumOrderUnits") {
            $0.products[0].suppliers[0].minimumOrderUnits = -1
        },
        WorldMistake(name: "order multiple 0", keyPath: "products[0].suppliers[0].orderMultipleUnits") {
            $0.products[0].suppliers[0].orderMultipleUnits = 0
        },
        WorldMistake(name: "negative last order day", keyPath: "products[0].suppliers[0].lastOrderDay") {
            $0.products[0].suppliers[0].lastOrderDay = -1
        },
        WorldMistake(name: "invalid demand law", keyPath: "products[0].demand.unitsPerDay") {
            $0.products[0].customers = .perDay(demandUnits: .negativeBinomial(mean: 5, dispersion: 0))
        },
        WorldMistake(name: "demand law with negative values", keyPath: "products[0].demand.unitsPerDay") {
            $0.products[0].customers = .perDay(demandUnits: .uniform(low: -3, high: 3))
        },
        WorldMistake(name: "arrival rate 0", keyPath: "products[0].demand.customersPerDay") {
            $0.products[0].customers = .poissonArrivals(customersPerDay: 0, unitsPerCustomer: .constant(1))
        },
        WorldMistake(name: "invalid units per customer", keyPath: "products[0].demand.unitsPerCustomer") {
            $0.products[0].customers = .poissonArrivals(customersPerDay: 3, unitsPerCustomer: .uniformInteger(low: 4, high: 2))
        },
        WorldMistake(name: "demand too large", keyPath: "products[0].demand") {
            $0.products[0].customers = .perDay(demandUnits: .poisson(mean: 1e8))
        },
        WorldMistake(name: "negative daily mean", keyPath: "products[1].demand.meanUnitsPerDay[2]") {
            $0.products.append(seasonal())
            if case .dailyMeans(var demand) = $0.products[1].customers {
                demand.meanUnitsPerDay[2] = -1
                $0.products[1].customers = .dailyMeans(demand)
            }
        },
        WorldMistake(name: "price levels ascending", keyPath: "products[1].priceLevels[1]") {
            $0.products.append(seasonal())
            $0.products[1].priceLevels = [29, 39, 47, 59]
            $0.products[1].sellingPrice = 29
        },
        WorldMistake(name: "price level repeated", keyPath: "products[1].priceLevels[2]") {
            $0.products.append(seasonal())
            $0.products[1].priceLevels = [59, 47, 47]
        },
        WorldMistake(name: "price level 0", keyPath: "products[1].priceLevels[3]") {
            $0.products.append(seasonal())
            $0.products[1].priceLevels[3] = 0
        },
        WorldMistake(name: "selling price off the levels", keyPath: "products[1].sellingPrice") {
            $0.products.append(seasonal())
            $0.products[1].sellingPrice = 50
        },
        WorldMistake(name: "price levels without price-responsive demand", keyPath: "products[0].priceLevels") {
            $0.products[0].priceLevels = [10, 8]
        },
    ]

    @Test("a valid world passes, with one SKU or with a seasonal second SKU")
    func validWorldPasses() throws {
        var world = Self.valid()
        try world.validate()
        world.products.append(Self.seasonal())
        world.review = .continuous
        world.storageCapacityUnits = nil
        try world.validate()
    }

    @Test("each mistake is named by its key path", arguments: mistakes)
    func mistakeIsNamed(_ mistake: WorldMistake) {
        var world = Self.valid()
        mistake.change(&world)
        let error = #expect(throws: WorldConfigurationError.self) { try world.validate() }
        #expect(error?.keyPath == mistake.keyPath)
        #expect(error?.message.isEmpty == false)
        #expect(error?.allowed.isEmpty == false)
        #expect(error?.description.hasPrefix("at '\(mistake.keyPath)': ") == true)
    }
}
