import Foundation
import Stochastics

/// A realistic synthetic e-commerce sales history, for examples, workshops and tests: twelve SKUs over
/// three years of days, each with its own story — steady sellers with a weekly rhythm, trends up and
/// down, winter and summer seasons, a Christmas-only item, intermittent spare parts, promotion-driven
/// electronics and price changes with a known elasticity.
///
/// Demand per day is negative binomial around
/// `base × trend × yearly season × weekday × (price / list price)^elasticity × promotion lift`
/// (intermittent SKUs: a Bernoulli occurrence times 1 + Poisson size). Everything is drawn from GSL
/// streams seeded from `seed`, so the files are reproducible byte for byte.
public enum SyntheticHistory {
    /// One SKU's recipe.
    public struct Profile: Sendable {
        public var sku: String
        /// Units per day at list price, before season and trend.
        public var baseUnitsPerDay: Double
        /// Growth per year (0.3 = +30%/year; negative for decline).
        public var trendPerYear: Double
        /// Amplitude of the yearly cycle (0…1) and the day of year of its peak.
        public var yearlyAmplitude: Double
        public var peakDayOfYear: Int
        /// Weekend uplift (Saturday/Sunday multiplier − 1).
        public var weekendLift: Double
        /// List price in currency per unit, and dated price changes (day index, new list price).
        public var listPrice: Double
        public var priceChanges: [(day: Int, price: Double)]
        /// Price elasticity of demand (negative).
        public var elasticity: Double
        /// Promotion windows (first day, days), discount share and demand lift beyond the price effect.
        public var promotions: [(start: Int, days: Int)]
        public var promotionDiscount: Double
        public var promotionLift: Double
        /// Negative binomial dispersion (smaller = noisier).
        public var dispersion: Double
        /// For intermittent SKUs: probability of any sale on a day (nil = not intermittent).
        public var occurrence: Double?
        /// Christmas-only items sell only between these days of year (nil = all year).
        public var sellingWindow: ClosedRange<Int>?
    }

    /// First day of the generated history.
    public static let startDay = CalendarDay(year: 2023, month: 1, day: 2) ?? CalendarDay(daysSinceEpoch: 19_359)
    /// Days generated (three years, whole weeks).
    public static let days = 156 * 7

    /// The twelve SKUs.
    public static let profiles: [Profile] = {
        // Promotions: Black Friday weeks, a spring sale and a summer sale each year (day indices from 2023-01-02).
        let blackFriday = [(326, 4), (690, 4), (1054, 4)]
        let seasonalSales = [(75, 10), (180, 14), (440, 10), (545, 14)]
        return [
            Profile(sku: "MUG-COFFEE", baseUnitsPerDay: 18, trendPerYear: 0.05, yearlyAmplitude: 0.15, peakDayOfYear: 350,
                    weekendLift: 0.35, listPrice: 12.9, priceChanges: [], elasticity: -1.2, promotions: blackFriday,
                    promotionDiscount: 0.2, promotionLift: 0.3, dispersion: 8, occurrence: nil, sellingWindow: nil),
            Profile(sku: "TEAPOT-GLASS", baseUnitsPerDay: 4, trendPerYear: 0.45, yearlyAmplitude: 0.2, peakDayOfYear: 340,
                    weekendLift: 0.25, listPrice: 29, priceChanges: [(500, 31)], elasticity: -1.5, promotions: blackFriday,
                    promotionDiscount: 0.15, promotionLift: 0.2, dispersion: 5, occurrence: nil, sellingWindow: nil),
            Profile(sku: "PAN-CASTIRON", baseUnitsPerDay: 1.4, trendPerYear: 0, yearlyAmplitude: 0.25, peakDayOfYear: 345,
                    weekendLift: 0.1, listPrice: 64, priceChanges: [], elasticity: -1.1, promotions: blackFriday,
                    promotionDiscount: 0.25, promotionLift: 0.5, dispersion: 3, occurrence: nil, sellingWindow: nil),
            Profile(sku: "SCARF-WOOL", baseUnitsPerDay: 6, trendPerYear: 0.1, yearlyAmplitude: 0.9, peakDayOfYear: 15,
                    weekendLift: 0.3, listPrice: 39, priceChanges: [], elasticity: -1.6, promotions: [(40, 14), (404, 14), (768, 14)],
                    promotionDiscount: 0.4, promotionLift: 0.2, dispersion: 4, occurrence: nil, sellingWindow: nil),
            Profile(sku: "SUNGLASSES", baseUnitsPerDay: 5, trendPerYear: 0.0, yearlyAmplitude: 0.85, peakDayOfYear: 190,
                    weekendLift: 0.5, listPrice: 49, priceChanges: [], elasticity: -1.4, promotions: seasonalSales,
                    promotionDiscount: 0.2, promotionLift: 0.3, dispersion: 4, occurrence: nil, sellingWindow: nil),
            Profile(sku: "CANDLE-XMAS", baseUnitsPerDay: 9, trendPerYear: 0.15, yearlyAmplitude: 0.6, peakDayOfYear: 352,
                    weekendLift: 0.4, listPrice: 14, priceChanges: [], elasticity: -1.3, promotions: blackFriday,
                    promotionDiscount: 0.2, promotionLift: 0.4, dispersion: 3, occurrence: nil, sellingWindow: 305...365),
            Profile(sku: "PHONE-CASE-X12", baseUnitsPerDay: 14, trendPerYear: -0.55, yearlyAmplitude: 0.1, peakDayOfYear: 340,
                    weekendLift: 0.2, listPrice: 19, priceChanges: [(300, 15), (650, 11), (900, 8)], elasticity: -2.0,
                    promotions: blackFriday, promotionDiscount: 0.3, promotionLift: 0.2, dispersion: 6, occurrence: nil, sellingWindow: nil),
            Profile(sku: "HEADPHONES-BT", baseUnitsPerDay: 3, trendPerYear: 0.2, yearlyAmplitude: 0.2, peakDayOfYear: 350,
                    weekendLift: 0.3, listPrice: 89, priceChanges: [], elasticity: -1.8,
                    promotions: blackFriday + [(120, 7), (230, 7), (485, 7), (600, 7), (850, 7), (960, 7)],
                    promotionDiscount: 0.25, promotionLift: 1.5, dispersion: 4, occurrence: nil, sellingWindow: nil),
            Profile(sku: "SPARE-FILTER", baseUnitsPerDay: 2.5, trendPerYear: 0, yearlyAmplitude: 0, peakDayOfYear: 1,
                    weekendLift: -0.3, listPrice: 7.5, priceChanges: [], elasticity: -0.5, promotions: [],
                    promotionDiscount: 0, promotionLift: 0, dispersion: 2, occurrence: 0.12, sellingWindow: nil),
            Profile(sku: "YOGA-MAT", baseUnitsPerDay: 3.5, trendPerYear: 0.25, yearlyAmplitude: 0.5, peakDayOfYear: 10,
                    weekendLift: 0.15, listPrice: 34, priceChanges: [], elasticity: -1.5,
                    promotions: [(0, 14), (364, 14), (728, 14)] + blackFriday, promotionDiscount: 0.2, promotionLift: 0.8,
                    dispersion: 4, occurrence: nil, sellingWindow: nil),
            Profile(sku: "BOARD-GAME", baseUnitsPerDay: 2, trendPerYear: 0.1, yearlyAmplitude: 0.7, peakDayOfYear: 355,
                    weekendLift: 0.6, listPrice: 45, priceChanges: [], elasticity: -1.7, promotions: blackFriday,
                    promotionDiscount: 0.3, promotionLift: 1.0, dispersion: 3, occurrence: nil, sellingWindow: nil),
            Profile(sku: "WATER-BOTTLE", baseUnitsPerDay: 10, trendPerYear: 0.1, yearlyAmplitude: 0.4, peakDayOfYear: 200,
                    weekendLift: 0.25, listPrice: 22, priceChanges: [(250, 19), (520, 24), (800, 17.5)], elasticity: -1.8,
                    promotions: seasonalSales, promotionDiscount: 0.2, promotionLift: 0.2, dispersion: 6, occurrence: nil, sellingWindow: nil),
        ]
    }()

    /// One generated day of one SKU.
    public struct Row: Sendable, Equatable {
        public var day: CalendarDay
        public var sku: String
        public var units: Int
        public var price: Double
        public var promotion: Bool
    }

    /// Generates the daily history.
    /// - Parameter seed: seed of the GSL streams (one substream per SKU).
    /// - Returns: rows ordered by date, then SKU.
    public static func daily(seed: UInt64) -> [Row] {
        var bySKU: [[Row]] = []
        for (index, profile) in profiles.enumerated() {
            let stream = RandomStream(scenarioSeed: seed, replication: 0, sku: index, purpose: .demand)
            var rows: [Row] = []
            rows.reserveCapacity(days)
            for t in 0..<days {
                let date = startDay.adding(days: t)
                let dayOfYear = t % 364 + 1
                var listPrice = profile.listPrice
                for change in profile.priceChanges where t >= change.day { listPrice = change.price }
                let onPromotion = profile.promotions.contains { t >= $0.start && t < $0.start + $0.days }
                let price = (onPromotion ? listPrice * (1 - profile.promotionDiscount) : listPrice)
                let season = 1 + profile.yearlyAmplitude * cos(2 * Double.pi * Double(dayOfYear - profile.peakDayOfYear) / 364)
                let weekend = date.weekday >= 6 ? 1 + profile.weekendLift : 1
                let trend = pow(1 + profile.trendPerYear, Double(t) / 364)
                let priceEffect = pow(price / profile.listPrice, profile.elasticity)
                var mean = profile.baseUnitsPerDay * trend * season * weekend * priceEffect * (onPromotion ? 1 + profile.promotionLift : 1)
                if let window = profile.sellingWindow, !window.contains(dayOfYear) { mean = 0 }
                var units = 0
                if let p = profile.occurrence {
                    if stream.uniform() < p { units = 1 + stream.poisson(mean: max(0, mean - 1)) }
                } else if mean > 0 {
                    units = Int(Distribution.negativeBinomial(mean: mean, dispersion: profile.dispersion).sample(using: stream))
                }
                rows.append(Row(day: date, sku: profile.sku, units: units, price: (price * 100).rounded() / 100, promotion: onPromotion))
            }
            bySKU.append(rows)
        }
        return (0..<days).flatMap { t in bySKU.map { $0[t] } }
    }

    /// Sums daily rows into weeks starting on Monday (the start day is a Monday); price is the
    /// unit-weighted average (list price when nothing sold), promotion is 1 if any day was on promotion.
    /// - Parameter daily: rows from ``daily(seed:)``.
    /// - Returns: weekly rows ordered by week, then SKU.
    public static func weekly(_ daily: [Row]) -> [Row] {
        var weeks: [Row] = []
        var order: [String] = []
        var current: [String: (units: Int, revenue: Double, priceSum: Double, days: Int, promotion: Bool, start: CalendarDay)] = [:]
        func flush() {
            for sku in order {
                guard let w = current[sku] else { continue }
                let price = w.units > 0 ? w.revenue / Double(w.units) : w.priceSum / Double(w.days)
                weeks.append(Row(day: w.start, sku: sku, units: w.units, price: (price * 100).rounded() / 100, promotion: w.promotion))
            }
            current = [:]
            order = []
        }
        var week = -1
        for row in daily {
            let index = (row.day.daysSinceEpoch - startDay.daysSinceEpoch) / 7
            if index != week { flush(); week = index }
            let start = startDay.adding(days: index * 7)
            if current[row.sku] == nil { order.append(row.sku) }
            var w = current[row.sku] ?? (0, 0, 0, 0, false, start)
            w.units += row.units
            w.revenue += Double(row.units) * row.price
            w.priceSum += row.price
            w.days += 1
            w.promotion = w.promotion || row.promotion
            current[row.sku] = w
        }
        flush()
        return weeks
    }

    /// Sums daily rows into calendar months dated on their last day (month ends), keeping only the months
    /// the daily rows cover completely (a month cut by the first or last day would read as a slump);
    /// price and promotion as in ``weekly(_:)``.
    /// - Parameter daily: rows from ``daily(seed:)``, ordered by date.
    /// - Returns: monthly rows ordered by month, then SKU in the order of the daily rows.
    public static func monthly(_ daily: [Row]) -> [Row] {
        struct Month { var units = 0; var revenue = 0.0; var priceSum = 0.0; var days = 0; var promotion = false }
        var order: [String] = []
        var months: [Int: [String: Month]] = [:]
        for row in daily {
            let month = row.day.monthIndex
            if months[month]?[row.sku] == nil, !order.contains(row.sku) { order.append(row.sku) }
            var m = months[month, default: [:]][row.sku, default: Month()]
            m.units += row.units
            m.revenue += Double(row.units) * row.price
            m.priceSum += row.price
            m.days += 1
            m.promotion = m.promotion || row.promotion
            months[month, default: [:]][row.sku] = m
        }
        var rows: [Row] = []
        for month in months.keys.sorted() {
            let end = CalendarDay(monthIndex: month, dayOfMonth: 31)
            let length = end.civil.day
            for sku in order {
                guard let m = months[month]?[sku], m.days == length else { continue }
                let price = m.units > 0 ? m.revenue / Double(m.units) : m.priceSum / Double(m.days)
                rows.append(Row(day: end, sku: sku, units: m.units, price: (price * 100).rounded() / 100, promotion: m.promotion))
            }
        }
        return rows
    }

    /// CSV text (date,sku,units,price,promo) of rows.
    public static func csv(_ rows: [Row]) -> String {
        var out = "date,sku,units,price,promo\n"
        out.reserveCapacity(rows.count * 36)
        for row in rows {
            out += "\(row.day),\(row.sku),\(row.units),\(String(format: "%.2f", row.price)),\(row.promotion ? 1 : 0)\n"
        }
        return out
    }
}
