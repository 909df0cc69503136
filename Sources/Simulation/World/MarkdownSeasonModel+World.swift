import Policies
import Stochastics

extension MarkdownSeasonModel {
    /// The markdown season of a world's product, at level factor 1: its daily means at the reference
    /// price (with promotion lifts) over the horizon, its noise, price levels, costs and salvage.
    ///
    /// The world must be a one-buy season the program represents exactly: lost sales, demand that
    /// follows a mean path (not per-replication sample paths), price levels, every supplier delivering
    /// with lead time 0 and taking no orders after day 0 (holding is charged on end-of-day stock, as with
    /// `costAccounting: endOfPeriod`; a bound on the simulated profit also needs no warm-up, see
    /// ``isComparable(with:)``). Prices move
    /// to any level at any review, as in the simulator (``PriceMoves/anyLevel``; the program lets the
    /// price change every day, so it bounds every review schedule). What the program leaves out only
    /// loosens the bound: the cheapest supplier's unit and fixed costs, no minimum order or multiple, no
    /// storage capacity.
    /// - Parameters:
    ///   - world: the world.
    ///   - skuIndex: index of the product.
    /// - Throws: `MarkdownModelError` saying which condition fails.
    public init(world: WorldConfiguration, skuIndex: Int) throws {
        guard world.products.indices.contains(skuIndex) else { throw MarkdownModelError("there is no SKU \(skuIndex)") }
        let product = world.products[skuIndex]
        guard case .dailyMeans(let demand) = product.customers, demand.variation?.pathSampler == nil else {
            throw MarkdownModelError("SKU \(product.sku): demand does not follow a forecast's mean path")
        }
        guard case .lostSales(let penalty) = product.shortage else {
            throw MarkdownModelError("SKU \(product.sku): a markdown season loses the sales it cannot serve (shortage: lostSales)")
        }
        guard !product.priceLevels.isEmpty else { throw MarkdownModelError("SKU \(product.sku) has no price levels") }
        guard !product.suppliers.isEmpty, product.suppliers.allSatisfy({ supplier in
            guard case .constant(let days) = supplier.leadTimeDays, days == 0 else { return false }
            return supplier.lastOrderDay == 0
        }) else {
            throw MarkdownModelError("SKU \(product.sku): not a one-buy season (every supplier must deliver at once and take no orders after day 0)")
        }
        let levels = product.priceLevels
        self.init(meanUnitsPerDay: (0..<world.horizonDays).map { demand.mean(day: $0, price: demand.referencePrice) },
                  priceElasticity: demand.priceElasticity, referencePrice: demand.referencePrice, priceLevels: levels,
                  startingPriceIndex: PriceLevels.nearestIndex(to: product.sellingPrice, in: levels) ?? 0, priceMoves: .anyLevel,
                  noise: demand.noise, unitCostPerUnit: product.suppliers.map(\.unitCost).min() ?? 0,
                  fixedCostPerOrder: product.suppliers.map(\.fixedCostPerOrder).min() ?? 0,
                  salvageValuePerUnit: product.salvageValuePerUnit, holdingCostPerUnitDay: product.holdingCostPerUnitDay,
                  lostSalePenaltyPerUnit: penalty, initialOnHandUnits: max(0, product.initialOnHandUnits))
        try validate()
    }

    /// Whether the program's expected profit is the simulator's profit of the same season: the ledger
    /// counts from day 0 (no warm-up) and charges holding on end-of-day stock.
    /// - Parameter world: the world.
    /// - Returns: true when a bound from the program applies to the world's profit.
    public static func isComparable(with world: WorldConfiguration) -> Bool {
        world.warmupDays == 0 && world.costAccounting == .endOfPeriod
    }

    /// The level factor of replication `replication` of the world's product `skuIndex` (1 when its
    /// demand has none).
    /// - Parameters:
    ///   - world: the world.
    ///   - skuIndex: index of the product.
    ///   - replication: replication index.
    /// - Returns: the factor.
    public static func levelFactor(world: WorldConfiguration, skuIndex: Int, replication: Int) -> Double {
        guard world.products.indices.contains(skuIndex), case .dailyMeans(let demand) = world.products[skuIndex].customers else { return 1 }
        return demand.levelFactor(replication: replication)
    }
}
