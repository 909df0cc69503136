import Foundation
import Policies

/// The inputs of a network that acts on what any simulator policy sees (`Observation`): stock,
/// pipeline, the demand forecast, the price and the calendar. Used for SKUs whose demand follows a
/// forecast or whose price is chosen, where the exact model's state (`InventoryFeatures`) is not enough.
///
/// Features, in order (all dimensionless; `μ` = `demandScale` units per day, `P = L + R` days):
/// on hand / (μP), backorders / (μP), one per pipeline bucket (orders due in days `(kR, (k+1)R]`,
/// the last bucket also takes anything later) / (μR), inventory position / (μP), forecast mean over
/// the next `C` days / (μC) (1 without a forecast), its standard deviation / (μ√C) (0 without), where
/// `C = protectionDays(_:)` (`P`, or the rest of the season at a supplier's last order day), forecast
/// mean over the next 7 days / (7μ) (1 without), price level (0 = first level … 1 = last; 0 without
/// levels), days left in the season / horizon, `sin`/`cos` of the day of the week and of the year
/// (day 0 = the first simulated day), whether today is a planned promotion day (0/1), and the share of
/// the next 7 days that are. With `seasonSignals` (new policy files; files from before it have
/// none), four more that let an agent infer how the season is going, which the heuristics cannot: the
/// demand level so far against the pre-run forecast at the prices charged
/// (``SeasonToDate/levelEstimate(priorUnits:)`` with a week of demand as prior weight; 1 without a
/// forecaster), stock on hand against the forecast of the rest of the season, the same scaled by the level
/// so far, and the share of the season's forecast demand already past.
public struct ObservationFeatures: Sendable, Equatable, Codable {
    /// `L`, days (the controlled supplier's lead time, rounded up).
    public var leadTimeDays: Int
    /// `R`, days between reviews.
    public var reviewDays: Int
    /// Pipeline buckets of `R` days.
    public var pipelineBuckets: Int
    /// `μ`, units per day.
    public var demandScale: Double
    /// Days in the season (the run's horizon).
    public var horizonDays: Int
    /// Whether the four season-to-date features follow the others.
    public var seasonSignals: Bool

    /// Creates the map.
    public init(leadTimeDays: Int, reviewDays: Int, demandScale: Double, horizonDays: Int, seasonSignals: Bool = true) {
        self.seasonSignals = seasonSignals
        self.leadTimeDays = max(leadTimeDays, 0)
        self.reviewDays = max(reviewDays, 1)
        self.pipelineBuckets = min(max(1, (self.leadTimeDays + self.reviewDays - 1) / self.reviewDays), 16)
        self.demandScale = max(demandScale, 1e-6)
        self.horizonDays = max(horizonDays, 1)
    }

    /// Days of the protection interval `L + R`.
    public var protectionDays: Int { leadTimeDays + reviewDays }

    /// Number of features.
    public var count: Int { pipelineBuckets + 14 + (seasonSignals ? 4 : 0) }

    enum CodingKeys: String, CodingKey {
        case leadTimeDays, reviewDays, pipelineBuckets, demandScale, horizonDays, seasonSignals
    }

    /// Reads a map; files written before the season signals existed have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        leadTimeDays = try c.decode(Int.self, forKey: .leadTimeDays)
        reviewDays = try c.decode(Int.self, forKey: .reviewDays)
        pipelineBuckets = try c.decode(Int.self, forKey: .pipelineBuckets)
        demandScale = try c.decode(Double.self, forKey: .demandScale)
        horizonDays = try c.decode(Int.self, forKey: .horizonDays)
        seasonSignals = try c.decodeIfPresent(Bool.self, forKey: .seasonSignals) ?? false
    }

    /// Names, in order.
    public var names: [String] {
        ["onHand", "backorders"] + (0..<pipelineBuckets).map { "pipeline_bucket\($0 + 1)" }
            + ["inventoryPosition", "forecastMeanProtection", "forecastSDProtection", "forecastMeanWeek", "priceLevel",
               "seasonLeft", "weekdaySin", "weekdayCos", "yearSin", "yearCos", "promotionToday", "promotionDaysNextWeek"]
            + (seasonSignals ? ["stockOverRestOfSeason", "levelToDate", "stockOverRestOfSeasonAtLevel", "seasonElapsedShare"] : [])
    }

    /// Days an order placed now must cover: `L + R`, or, when the supplier takes no orders after today
    /// (its last order day), the rest of the season (at least `L + R`).
    public func protectionDays(_ o: Observation, supplier: Int = 0) -> Int {
        let day = Int(o.day.rounded(.down))
        if let last = o.lastOrderDay(supplier: supplier), day >= last, let end = o.seasonEndDay {
            return max(end - day, protectionDays)
        }
        return protectionDays
    }

    /// The forecast mean over `protectionDays(_:)`, units (`μ` per day without a forecast).
    public func protectionDemand(_ o: Observation, supplier: Int = 0) -> Double {
        let day = Int(o.day.rounded(.down))
        let days = protectionDays(o, supplier: supplier)
        guard let f = o.forecast else { return demandScale * Double(days) }
        return f.total(fromDay: day, days: days).mean
    }

    /// The demand level of the season so far against the pre-run forecast, shrunk toward 1 by a week of
    /// demand (``SeasonToDate/levelEstimate(priorUnits:)``); 1 without a forecaster.
    public func levelEstimate(_ o: Observation) -> Double {
        o.seasonToDate?.levelEstimate(priorUnits: 7 * demandScale) ?? 1
    }

    /// Writes the features of an observation.
    public func write(_ o: Observation, into x: UnsafeMutablePointer<Float>) {
        let mu = demandScale
        let p = Double(protectionDays)
        let r = Double(reviewDays)
        var k = 0
        func put(_ v: Double) { x[k] = Float(v.isFinite ? max(min(v, 1e6), -1e6) : 0); k += 1 }
        put(Double(o.onHandUnits) / (mu * p))
        put(Double(o.backorderedUnits) / (mu * p))
        let start = k
        for _ in 0..<pipelineBuckets { put(0) }
        for order in o.pipeline where order.quantityUnits > 0 {
            let ahead = max(order.dueDay - o.day, 0)
            let bucket = Int((ahead - 1e-9) / r).clamped(0, pipelineBuckets - 1)
            x[start + bucket] += Float(Double(order.quantityUnits) / (mu * r))
        }
        put(Double(o.inventoryPositionUnits) / (mu * p))
        let day = Int(o.day.rounded(.down))
        let cover = Double(protectionDays(o))
        if let f = o.forecast {
            let total = f.total(fromDay: day, days: Int(cover))
            put(total.mean / (mu * cover))
            put(total.sd / (mu * cover.squareRoot()))
            put(f.total(fromDay: day, days: 7).mean / (7 * mu))
        } else {
            put(1); put(0); put(1)
        }
        if o.priceLevels.count >= 2, let index = o.priceLevels.firstIndex(where: { abs($0 - o.price) < 1e-9 }) {
            put(Double(index) / Double(o.priceLevels.count - 1))
        } else {
            put(0)
        }
        put(Double(max((o.seasonEndDay ?? horizonDays) - day, 0)) / Double(horizonDays))
        let week = 2 * Double.pi * o.day / 7
        let year = 2 * Double.pi * o.day / 365.25
        put(sin(week)); put(cos(week)); put(sin(year)); put(cos(year))
        put(Double(o.promotionDays(from: day, days: 1)))
        put(Double(o.promotionDays(from: day, days: 7)) / 7)
        guard seasonSignals else { return }
        let level = levelEstimate(o)
        let daysLeft = max((o.seasonEndDay ?? horizonDays) - day, 0)
        let rest = max(o.forecast.map { $0.total(fromDay: day, days: daysLeft).mean } ?? mu * Double(daysLeft), 1e-9)
        put(min(Double(o.onHandUnits) / rest, 20))
        put(level)
        put(min(Double(o.onHandUnits) / (rest * level), 20))
        let past = o.seasonToDate?.forecastUnits ?? mu * Double(day)
        put(past / max(past + rest, 1e-9))
    }
}

/// How a network's action index becomes an order (and a price) for an `Observation`: order up to a
/// multiple of the forecast demand `F` over the days the order must cover
/// (`ObservationFeatures.protectionDemand`), `order = max(0, round(m × F − IP))`
/// for `m` in `coverMultiples`, times the price levels (`index = orderChoice + count × priceLevel`).
/// With `scaleByLevelEstimate` the target is `m × L̂ × F`, `L̂` the season's level so far against the
/// pre-run forecast (``ObservationFeatures/levelEstimate(_:)``, the agent's `levelToDate` feature): one
/// multiple then follows a year whose level is off, which the weekly refitted forecast `F` learns only slowly.
public struct CoverActions: Sendable, Equatable, Codable {
    /// Multiples `m` of the protection-interval forecast `F` to order up to; 0 means order nothing.
    public var coverMultiples: [Double]
    /// Number of price levels the agent chooses among (1: it keeps the price).
    public var priceLevelCount: Int
    /// The agent decides on days that are multiples of this (day 0, D, 2D, …); on other review days it
    /// orders nothing and keeps the price. 1: at every review.
    public var decisionEveryDays: Int
    /// Whether the target is scaled by the season's level so far (`m × L̂ × F`); files from before this
    /// option have none (`m × F`).
    public var scaleByLevelEstimate: Bool

    /// Creates a mapping.
    public init(coverMultiples: [Double], priceLevelCount: Int, decisionEveryDays: Int = 1, scaleByLevelEstimate: Bool = false) {
        self.coverMultiples = coverMultiples
        self.priceLevelCount = max(priceLevelCount, 1)
        self.decisionEveryDays = max(decisionEveryDays, 1)
        self.scaleByLevelEstimate = scaleByLevelEstimate
    }

    enum CodingKeys: String, CodingKey {
        case coverMultiples, priceLevelCount, decisionEveryDays, scaleByLevelEstimate
    }

    /// Reads a mapping; files from before `scaleByLevelEstimate` keep `m × F`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        coverMultiples = try c.decode([Double].self, forKey: .coverMultiples)
        priceLevelCount = try c.decode(Int.self, forKey: .priceLevelCount)
        decisionEveryDays = try c.decode(Int.self, forKey: .decisionEveryDays)
        scaleByLevelEstimate = try c.decodeIfPresent(Bool.self, forKey: .scaleByLevelEstimate) ?? false
    }

    /// Writes the mapping; `scaleByLevelEstimate` only when set, so files without it are written as before.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(coverMultiples, forKey: .coverMultiples)
        try c.encode(priceLevelCount, forKey: .priceLevelCount)
        try c.encode(decisionEveryDays, forKey: .decisionEveryDays)
        if scaleByLevelEstimate { try c.encode(true, forKey: .scaleByLevelEstimate) }
    }

    /// Whether the agent decides at this observation (see `decisionEveryDays`).
    public func decides(at o: Observation) -> Bool {
        decisionEveryDays == 1 || Int(o.day.rounded(.down)) % decisionEveryDays == 0
    }

    /// `0, 0.25, …, 3` × F: the grid of policy files from before ``defaultMultiples``.
    public static let coarseMultiples = (0...12).map { Double($0) / 4 }

    /// 0 to 3 × F, in steps of 5% from 0.7 to 1.4 (where a season's one buy is decided: a step of 25%
    /// of the season's demand is far too coarse for it) and wider steps beyond.
    public static let defaultMultiples: [Double] = [0, 0.25, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15,
                                                    1.2, 1.25, 1.3, 1.35, 1.4, 1.5, 1.65, 1.8, 2, 2.5, 3]

    /// Number of actions.
    public var count: Int { coverMultiples.count * priceLevelCount }

    /// The action for index `k` in observation `o`.
    public func action(_ k: Int, observation o: Observation, features: ObservationFeatures, supplier: Int) -> Action {
        guard decides(at: o) else { return .none }
        let m = coverMultiples[k % coverMultiples.count]
        let priceLevel = k / coverMultiples.count
        let level = scaleByLevelEstimate ? features.levelEstimate(o) : 1
        let target = m * level * features.protectionDemand(o, supplier: supplier)
        let units = m > 0 ? max(0, Int((target - Double(o.inventoryPositionUnits)).rounded())) : 0
        var action = Action.order(min(units, 1_000_000_000), from: supplier)
        if priceLevelCount > 1, priceLevel < o.priceLevels.count { action.price = o.priceLevels[priceLevel] }
        return action
    }
}

extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
