import Policies
import Testing

/// An observation of a seasonal SKU: season ends on day 70, price levels 59/47/39/29, a forecast from
/// day 0 of `perDay` units a day (sd 0) for the whole season.
func seasonal(day: Int, onHand: Int, price: Double = 59, perDay: [Double] = Array(repeating: 10, count: 70),
              lastOrderDays: [Int?] = []) -> Observation {
    Observation(sku: 0, day: Double(day), onHandUnits: onHand, backorderedUnits: 0, pipeline: [], price: price,
                forecast: DemandForecast(issuedDay: 0, meanUnitsPerDay: perDay, sdUnitsPerDay: Array(repeating: 0, count: perDay.count)),
                priceLevels: [59, 47, 39, 29], seasonEndDay: 70, lastOrderDays: lastOrderDays)
}

@Suite("Markdown policies")
struct MarkdownPolicyTests {
    /// Orders nothing: no forecast-driven order is due (review period longer than the season).
    static let noOrders = ForecastOrderUpToPolicy(serviceLevel: 0.5, leadTimeDays: 0, reviewPeriodDays: 1000)

    @Test("price levels: the nearest level (ties to the higher) and the next one down")
    func levels() {
        let levels: [Double] = [59, 47, 39, 29]
        #expect(PriceLevels.nearest(to: 45, in: levels) == 47)
        #expect(PriceLevels.nearest(to: 34, in: levels) == 39)   // 5 from 39 and from 29: the higher
        #expect(PriceLevels.nearest(to: 100, in: levels) == 59)
        #expect(PriceLevels.nearest(to: 12.5, in: []) == 12.5)
        #expect(PriceLevels.nextLower(than: 59, in: levels) == 47)
        #expect(PriceLevels.nextLower(than: 40, in: levels) == 39)
        #expect(PriceLevels.nextLower(than: 29, in: levels) == nil)
    }

    @Test("the rule cuts exactly when the cover passes seasonCoverRatio × the weeks left")
    func seasonTrigger() {
        let rule = MarkdownRulePolicy(ordering: Self.noOrders, priceReviewDays: 7, seasonCoverRatio: 1.25)
        // Day 14: 56 days = 8 weeks left, forecast 70 units a week: the threshold is 1.25 × 8 = 10 weeks = 700 units.
        #expect(rule.thresholdWeeks(seasonal(day: 14, onHand: 0)) == 10)
        #expect(rule.weeksOfCover(seasonal(day: 14, onHand: 700)) == 10)
        #expect(rule.decide(seasonal(day: 14, onHand: 700)).price == nil)
        #expect(rule.decide(seasonal(day: 14, onHand: 701)).price == 47)
        // One level per review, from wherever the price is; never above it.
        #expect(rule.decide(seasonal(day: 14, onHand: 701, price: 39)).price == 29)
        #expect(rule.decide(seasonal(day: 14, onHand: 5000, price: 29)).price == nil)
        // Only on review days after day 0.
        #expect(rule.decide(seasonal(day: 15, onHand: 5000)).price == nil)
        #expect(rule.decide(seasonal(day: 0, onHand: 5000)).price == nil)
    }

    @Test("the weekly rate is the forecast's average over the rest of the season")
    func fadingSeason() {
        // 20 a day until day 42, then 4 a day: from day 28, 14 × 20 + 28 × 4 = 392 units are left to sell in 6 weeks.
        let perDay = (0..<70).map { $0 < 42 ? 20.0 : 4.0 }
        let rule = MarkdownRulePolicy(ordering: Self.noOrders, priceReviewDays: 7, seasonCoverRatio: 1)
        #expect(rule.decide(seasonal(day: 28, onHand: 392, perDay: perDay)).price == nil)
        #expect(rule.decide(seasonal(day: 28, onHand: 393, perDay: perDay)).price == 47)
    }

    @Test("a fixed cover threshold fires below the season's; with neither trigger passed nothing changes")
    func fixedTrigger() {
        let rule = MarkdownRulePolicy(ordering: Self.noOrders, priceReviewDays: 7, maxWeeksOfCover: 6)
        // Day 14: the season trigger is 1 × 8 weeks, the fixed one 6 weeks = 420 units.
        #expect(rule.thresholdWeeks(seasonal(day: 14, onHand: 0)) == 6)
        #expect(rule.decide(seasonal(day: 14, onHand: 420)).price == nil)
        #expect(rule.decide(seasonal(day: 14, onHand: 421)).price == 47)
        // Day 63: one week left, the season trigger (70 units) is the lower one.
        #expect(rule.decide(seasonal(day: 63, onHand: 70)).price == nil)
        #expect(rule.decide(seasonal(day: 63, onHand: 71)).price == 47)
    }

    @Test("units ordered at the review count toward the cover")
    func orderCounts() {
        // Daily order-up-to 7 days of 10/day = 70 units; on hand 640 + 70 ordered > 700.
        let ordering = ForecastOrderUpToPolicy(serviceLevel: 0.5, leadTimeDays: 0, reviewPeriodDays: 7)
        let rule = MarkdownRulePolicy(ordering: ordering, priceReviewDays: 7, seasonCoverRatio: 1.25)
        let action = rule.decide(seasonal(day: 14, onHand: 0))
        #expect(action.orderUnits == [70] && action.price == nil)
        #expect(rule.decide(seasonal(day: 14, onHand: 640)).price == nil)   // orders 0: the position is 640 ≥ 70
        let lean = MarkdownRulePolicy(ordering: ordering, priceReviewDays: 7, seasonCoverRatio: 0.1)
        // Threshold 0.8 weeks = 56 units; the 70 ordered alone pass it.
        #expect(lean.decide(seasonal(day: 14, onHand: 0)) == Action(orderUnits: [70], price: 47))
    }

    @Test("the calendar rule lowers the price on its days and never raises it")
    func calendar() {
        let rule = ScheduledMarkdownPolicy(ordering: Self.noOrders, markdownDays: [21, 35, 49])
        #expect(rule.decide(seasonal(day: 20, onHand: 10)).price == nil)
        #expect(rule.decide(seasonal(day: 21, onHand: 10)).price == 47)
        #expect(rule.decide(seasonal(day: 40, onHand: 10, price: 47)).price == 39)
        #expect(rule.decide(seasonal(day: 60, onHand: 10, price: 47)).price == 29)
        #expect(rule.decide(seasonal(day: 40, onHand: 10, price: 29)).price == nil)
    }

    @Test("seasonal ordering: no order after the last order day; the last order covers the rest of the season")
    func seasonalOrdering() {
        let policy = ForecastOrderUpToPolicy(serviceLevel: 0.5, leadTimeDays: 3, reviewPeriodDays: 7)
        // Without a cut-off: lead time + review period = 10 days of 10 units.
        #expect(policy.decide(seasonal(day: 7, onHand: 0)).orderUnits == [100])
        // Cut-off on day 14: day 7's order is not the last (day 14 still is); day 14's must last to day 70.
        #expect(policy.decide(seasonal(day: 7, onHand: 0, lastOrderDays: [14])).orderUnits == [100])
        #expect(policy.decide(seasonal(day: 14, onHand: 0, lastOrderDays: [14])).orderUnits == [560])
        #expect(policy.decide(seasonal(day: 21, onHand: 0, lastOrderDays: [14])).orderUnits.isEmpty)
        // Close to the end of a season, orders cover only the days left (65 → 70).
        let daily = ForecastOrderUpToPolicy(serviceLevel: 0.5, leadTimeDays: 3, reviewPeriodDays: 7)
        #expect(daily.decide(seasonal(day: 63, onHand: 0, lastOrderDays: [100])).orderUnits == [70])
        // A buy on day 0 with the cut-off on day 0: the newsvendor of the whole season.
        let buy = ForecastOrderUpToPolicy(serviceLevel: 0.5, leadTimeDays: 0)
        #expect(buy.decide(seasonal(day: 0, onHand: 0, lastOrderDays: [0])).orderUnits == [700])
    }
}
