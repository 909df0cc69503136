import Foundation
import Stochastics

extension SyntheticHistory {
    /// The recipe of the fashion history: a summer dress sold in a fixed season each year (a trickle
    /// sells all year), with end-of-season markdowns whose timing varied from season to season, so that
    /// a regression can tell the price response from the season's rise and fall.
    ///
    /// Demand per day is negative binomial around
    /// `peak × exp(κ·(cos(2π(d − peak day)/364) − 1)) × weekday × (price / full price)^elasticity`:
    /// the log of the season factor is one cosine, which the regression's Fourier terms hold exactly.
    ///
    /// Every season's style sells alike here. Had the weak styles been marked down early — as shops do —
    /// a regression without a term for the style would read their weak sales at low prices as a weak
    /// price response: with style levels ±10% around such a markdown calendar it estimates about −1.1
    /// instead of −1.5.
    public enum Fashion {
        /// The SKU code.
        public static let sku = "DRESS-SUMMER"
        /// The price levels, currency per unit: full price and three markdowns (−20%, −34%, −51%).
        public static let priceLevels: [Double] = [59, 47, 39, 29]
        /// Units per day at full price at the peak of an average season.
        public static let peakUnitsPerDay = 24.0
        /// Concentration κ of the yearly season (peak / trough = e^(2κ)).
        public static let seasonConcentration = 2.0
        /// Day of the 364-day year (0-based, from the first Monday of January) with the most demand.
        public static let peakDay = 84
        /// The selling season: first day of the year (0-based) and length in days (18 weeks from mid-February).
        public static let seasonStartDay = 49
        public static let seasonDays = 126
        /// Price elasticity of demand.
        public static let elasticity = -1.5
        /// Saturday/Sunday multiplier − 1.
        public static let weekendLift = 0.25
        /// Negative binomial dispersion of a day's units.
        public static let dispersion = 5.0
        /// Per past season, its markdowns (week of the season from 0, new price): early and deep in 2024,
        /// late and shallow in 2025.
        public static let markdowns: [[(week: Int, price: Double)]] = [
            [(10, 47), (13, 39), (16, 29)],
            [(6, 47), (9, 39), (13, 29)],
            [(12, 47), (15, 39)],
        ]
        /// Days of history: three years up to the eve of the fourth season, whole weeks, so that a
        /// scenario's day 0 is the first day of the new season (Monday 2026-02-16).
        public static let days = 3 * 364 + seasonStartDay
    }

    /// Generates the fashion SKU's daily history (`Fashion.days` days from ``startDay``).
    /// - Parameter seed: seed of the GSL streams (the same seed as ``daily(seed:)``; its own substream).
    /// - Returns: one row per day. Outside the season, and in the season before the first markdown, the
    ///   dress sells at full price.
    public static func fashionDaily(seed: UInt64) -> [Row] {
        let stream = RandomStream(scenarioSeed: seed, replication: 0, sku: profiles.count, purpose: .demand)
        let fullPrice = Fashion.priceLevels[0]
        return (0..<Fashion.days).map { t in
            let date = startDay.adding(days: t)
            let year = t / 364, dayOfYear = t % 364
            let markdowns = year < Fashion.markdowns.count ? Fashion.markdowns[year] : []
            let seasonWeek = (dayOfYear - Fashion.seasonStartDay) / 7
            let inSeason = dayOfYear >= Fashion.seasonStartDay && dayOfYear < Fashion.seasonStartDay + Fashion.seasonDays
            var price = fullPrice
            if inSeason { for markdown in markdowns where seasonWeek >= markdown.week { price = markdown.price } }
            let shape = exp(Fashion.seasonConcentration * (cos(2 * Double.pi * Double(dayOfYear - Fashion.peakDay) / 364) - 1))
            let weekend = date.weekday >= 6 ? 1 + Fashion.weekendLift : 1
            let mean = Fashion.peakUnitsPerDay * shape * weekend * pow(price / fullPrice, Fashion.elasticity)
            let units = Int(Distribution.negativeBinomial(mean: mean, dispersion: Fashion.dispersion).sample(using: stream))
            return Row(day: date, sku: Fashion.sku, units: units, price: price, promotion: false)
        }
    }
}
