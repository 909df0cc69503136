import Foundation
import Stochastics

/// One SKU alone, reviewed daily, as the exact methods see it: the one model behind `restock solve`
/// (its dynamic program, `InventoryMDP(model:)`), `restock train`'s model environment
/// (`StationaryConfiguration(model:)` in Learning) and the grading of agents trained on it.
///
/// One period is one day. Orders go to one supplier with a constant lead time of `leadTimeDays`
/// (0 to ``maxLeadTimeDays``), cost `fixedCostPerOrder + unitCost × units`, and the SKU sells at
/// `sellingPrice`. Demand per day is a stationary law given as an exact pmf. Holding is charged per
/// unit on hand at the end of the day, shortages by `shortage`.
///
/// The sizes a finite model needs are computed once, here: ``batchUnits`` (the EOQ batch, room above
/// the protection level when ordering costs a fixed fee), ``orderLimitUnits`` (the largest order an
/// agent may place) and ``positionCapUnits`` (the largest inventory position the dynamic program
/// tracks). Build one from a scenario's product with `SingleSKUModel(world:skuIndex:)` (Simulation).
///
/// ```swift
/// let model = try SingleSKUModel(leadTimeDays: 2, dailyDemand: DiscretePMF.poisson(mean: 5),
///                                holdingCostPerUnitDay: 1, shortage: .lostSales(penaltyPerUnit: 9))
/// let optimum = try RelativeValueIteration.solve(InventoryMDP(model: model))
/// ```
public struct SingleSKUModel: Sendable, Equatable {
    /// The longest lead time the model accepts, in days (the learning environments' limit too).
    /// Longer ones are refused here; within the range the dynamic program may still refuse an instance
    /// whose state space is too large (`InventoryMDP.defaultMaxStates`).
    public static let maxLeadTimeDays = 8
    /// The largest ``orderLimitUnits``.
    public static let maxOrderLimitUnits = 100_000
    /// The demand quantile the default sizes cover.
    static let coveredProbability = 0.9999
    /// Extra positions above the protection level and batch, so that the cap rarely binds.
    static let positionMarginUnits = 5

    /// `L`: days from order to receipt, `0 ... maxLeadTimeDays`.
    public let leadTimeDays: Int
    /// Units demanded per day.
    public let dailyDemand: DiscretePMF
    /// `h`, currency per unit on hand at the end of a day.
    public let holdingCostPerUnitDay: Double
    /// Lost sales or backorders, with their cost as the scenario states it (revenue not included).
    public let shortage: ShortageRule
    /// `K`, currency per order placed.
    public let fixedCostPerOrder: Double
    /// `c`, currency per unit ordered.
    public let unitCost: Double
    /// `r`, currency per unit sold.
    public let sellingPrice: Double
    /// The EOQ batch `√(2 K μ / h)` rounded up to whole units (`EOQ.optimal`); 0 when ordering has no
    /// fixed cost or holding costs nothing.
    public let batchUnits: Int
    /// The 99.99% quantile of demand over `L + 1` days (the protection interval), units.
    public let protectionQuantileUnits: Int
    /// The largest order an agent may place: by default the 99.99% quantile of a day's demand plus
    /// ``batchUnits``, within `1 ... maxOrderLimitUnits`. Settable, e.g. from `--max-order`; the
    /// setter keeps the range.
    public var orderLimitUnits: Int {
        get { storedOrderLimitUnits }
        set { storedOrderLimitUnits = min(max(newValue, 1), Self.maxOrderLimitUnits) }
    }
    private var storedOrderLimitUnits: Int
    /// The largest inventory position after ordering the dynamic program tracks: the protection
    /// quantile plus ``batchUnits`` plus 5 units.
    public var positionCapUnits: Int { protectionQuantileUnits + batchUnits + Self.positionMarginUnits }
    /// Backorders only: the lowest net inventory the dynamic program tracks, minus the protection
    /// quantile (deeper backlogs are truncated; their cost is still charged). Nil under lost sales.
    public var netInventoryFloorUnits: Int? { shortage.isLostSales ? nil : -protectionQuantileUnits }

    /// The shortage rule of the cost-equivalent model without revenue or unit cost. Under lost sales
    /// profit per day = `(r − c) × sales − costs`, and in the long run units ordered equal units
    /// sold, so maximising profit is minimising holding, ordering and `p + r − c` per unit lost
    /// (floored at 0). Under backorders every demand is eventually sold and ordered, so revenue and
    /// unit cost do not depend on the policy and the rule is unchanged.
    public var costEquivalentShortage: ShortageRule {
        switch shortage {
        case .lostSales(let penalty): return .lostSales(penaltyPerUnit: max(penalty + sellingPrice - unitCost, 0))
        case .backorders: return shortage
        }
    }

    /// Profit per day that the cost-equivalent model (``costEquivalentShortage``, no revenue or unit
    /// cost) leaves out: `(r − c) × mean demand`, so profit per day = this − cost per day.
    public var profitOffsetPerDay: Double { (sellingPrice - unitCost) * dailyDemand.mean }

    /// Creates a model.
    /// - Parameters:
    ///   - leadTimeDays: `L`, `0 ... maxLeadTimeDays`.
    ///   - dailyDemand: Units demanded per day.
    ///   - protectionDemand: Units demanded over `L + 1` days, when it is known more exactly than
    ///     the `(L + 1)`-fold convolution of `dailyDemand` (a closed form); nil to convolve.
    ///   - holdingCostPerUnitDay: `h`.
    ///   - shortage: Lost sales or backorders with the scenario's cost.
    ///   - fixedCostPerOrder: `K`; 0 by default.
    ///   - unitCost: `c`; 0 by default.
    ///   - sellingPrice: `r`; 0 by default.
    /// - Throws: `SingleSKUModelError` for a lead time out of range; `OptimizerError` when the
    ///   convolution is too wide.
    /// - Complexity: O(support of the protection demand), plus the convolution when it is computed.
    public init(
        leadTimeDays: Int, dailyDemand: DiscretePMF, protectionDemand: DiscretePMF? = nil, holdingCostPerUnitDay: Double,
        shortage: ShortageRule, fixedCostPerOrder: Double = 0, unitCost: Double = 0, sellingPrice: Double = 0
    ) throws {
        guard (0...Self.maxLeadTimeDays).contains(leadTimeDays) else {
            throw SingleSKUModelError.leadTime("\(leadTimeDays)")
        }
        self.leadTimeDays = leadTimeDays
        self.dailyDemand = dailyDemand
        self.holdingCostPerUnitDay = holdingCostPerUnitDay
        self.shortage = shortage
        self.fixedCostPerOrder = fixedCostPerOrder
        self.unitCost = unitCost
        self.sellingPrice = sellingPrice
        let batch = Self.batchUnits(fixedCostPerOrder: fixedCostPerOrder, holdingCostPerUnitDay: holdingCostPerUnitDay,
                                    meanDemandPerDay: dailyDemand.mean)
        self.batchUnits = batch
        let protection = try protectionDemand ?? OptimizerError.leadTimeDemand(dailyDemand, periods: leadTimeDays + 1)
        self.protectionQuantileUnits = Self.coveringQuantile(of: protection)
        self.storedOrderLimitUnits = min(max(Self.coveringQuantile(of: dailyDemand) + batch, 1), Self.maxOrderLimitUnits)
    }

    /// The EOQ batch `√(2 K μ / h)` (`EOQ.optimal`) rounded up to whole units: room above a
    /// protection level for batch orders when ordering costs a fixed fee.
    /// - Parameters:
    ///   - fixedCostPerOrder: `K`.
    ///   - holdingCostPerUnitDay: `h`.
    ///   - meanDemandPerDay: `μ`.
    /// - Returns: The batch in units; 0 when `K`, `h` or `μ` is not positive.
    /// - Complexity: O(1).
    public static func batchUnits(fixedCostPerOrder: Double, holdingCostPerUnitDay: Double, meanDemandPerDay: Double) -> Int {
        guard fixedCostPerOrder > 0, holdingCostPerUnitDay > 0, meanDemandPerDay > 0,
              let eoq = try? EOQ.optimal(fixedCostPerOrder: fixedCostPerOrder, holdingCostPerUnitPeriod: holdingCostPerUnitDay,
                                         demandPerPeriod: meanDemandPerDay),
              eoq.orderQuantity.isFinite, eoq.orderQuantity < Double(Int32.max) else { return 0 }
        return Int(eoq.orderQuantity.rounded(.up))
    }

    /// The smallest value whose cdf reaches 99.99% (or the largest value of the support).
    static func coveringQuantile(of pmf: DiscretePMF) -> Int {
        var top = 0
        while pmf.cdf(top) < coveredProbability && top < pmf.maxValue { top += 1 }
        return top
    }
}

/// A SKU that does not fit the single-SKU model: what is wrong and what is allowed.
public struct SingleSKUModelError: Error, Sendable, CustomStringConvertible {
    /// The SKU concerned, when the problem is the SKU's (nil for the scenario as a whole).
    public let sku: String?
    /// What is wrong, without the SKU.
    public let problem: String
    /// Creates an error.
    public init(_ problem: String, sku: String? = nil) {
        self.problem = problem
        self.sku = sku
    }
    /// The problem, naming the SKU.
    public var message: String { sku.map { "SKU '\($0)': \(problem)" } ?? problem }
    public var description: String { message }

    /// The lead time is not a constant whole number of days within `0 ... SingleSKUModel.maxLeadTimeDays`.
    /// - Parameters:
    ///   - days: The lead time found, as text.
    ///   - supplier: The supplier's name, when the model was built from a scenario.
    ///   - sku: The SKU.
    /// - Returns: The error, in the one wording every user of the model shows.
    public static func leadTime(_ days: String, supplier: String? = nil, sku: String? = nil) -> SingleSKUModelError {
        let from = supplier.map { " from the first supplier '\($0)'" } ?? ""
        return SingleSKUModelError("the single-SKU model needs a constant whole-day lead time of 0 to \(SingleSKUModel.maxLeadTimeDays) days\(from); it has \(days) days", sku: sku)
    }
}
