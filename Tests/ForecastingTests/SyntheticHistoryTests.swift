import Forecasting
import Foundation
import Testing

@Suite("Synthetic e-commerce history")
struct SyntheticHistoryTests {
    static let daily = SyntheticHistory.daily(seed: 20230102)

    @Test("the same seed gives the same bytes; another seed does not")
    func reproducible() {
        #expect(SyntheticHistory.csv(SyntheticHistory.daily(seed: 20230102)) == SyntheticHistory.csv(Self.daily))
        #expect(SyntheticHistory.csv(SyntheticHistory.daily(seed: 1)) != SyntheticHistory.csv(Self.daily))
    }

    @Test("the shipped files are what the generator writes")
    func shippedFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let daily = try String(contentsOf: root.appendingPathComponent("scenarios/data/ecommerce_daily.csv"), encoding: .utf8)
        let weekly = try String(contentsOf: root.appendingPathComponent("scenarios/data/ecommerce_weekly.csv"), encoding: .utf8)
        #expect(daily == SyntheticHistory.csv(Self.daily))
        #expect(weekly == SyntheticHistory.csv(SyntheticHistory.weekly(Self.daily)))
        let monthly = try String(contentsOf: root.appendingPathComponent("scenarios/data/ecommerce_monthly.csv"), encoding: .utf8)
        #expect(monthly == SyntheticHistory.csv(SyntheticHistory.monthly(Self.daily)))
        let fashion = try String(contentsOf: root.appendingPathComponent("scenarios/data/fashion_weekly.csv"), encoding: .utf8)
        #expect(fashion == SyntheticHistory.csv(SyntheticHistory.weekly(SyntheticHistory.fashionDaily(seed: 20230102))))
    }

    @Test("the fashion history: whole weeks up to the eve of the season, past markdowns on the price levels, full price otherwise")
    func fashion() throws {
        let daily = SyntheticHistory.fashionDaily(seed: 20230102)
        #expect(SyntheticHistory.csv(daily) != SyntheticHistory.csv(SyntheticHistory.fashionDaily(seed: 1)))
        let history = try SalesHistory.parse(text: SyntheticHistory.csv(SyntheticHistory.weekly(daily)), file: "fashion.csv")
        let dress = try #require(history.skus.first)
        #expect(history.frequency == .weekly && history.skus.count == 1 && dress.sku == "DRESS-SUMMER")
        #expect(dress.count == 163)
        // The day after the last week is the first day of the 2026 season, a Monday.
        let next = dress.date(at: dress.count)
        #expect(next.description == "2026-02-16" && next.weekday == 1)
        let prices = (dress.prices ?? []).compactMap { $0 }
        #expect(Set(prices) == [59, 47, 39, 29])
        // Each past season has its first markdown where the recipe says: weeks 10, 6 and 12 of seasons starting in week 7.
        for (year, week) in [(0, 10), (1, 6), (2, 12)] {
            let first = year * 52 + 7 + week
            #expect(prices[first - 1] == 59 && prices[first] == 47, "season \(year)")
        }
        // The same weeks of the season (9…11) sold at 39 in 2024 and at 59 in 2025: (39/59)^−1.5 = 1.86 times as many.
        let units = dress.units.map { $0 ?? 0 }
        let weeks2024: ClosedRange<Int> = 68...70, weeks2025: ClosedRange<Int> = 120...122   // 52·year + 7 + (9…11)
        let at39 = weeks2024.map { units[$0] }.reduce(0, +)
        let at59 = weeks2025.map { units[$0] }.reduce(0, +)
        #expect(weeks2024.allSatisfy { prices[$0] == 39 } && weeks2025.allSatisfy { prices[$0] == 59 })
        #expect(at39 > 1.4 * at59, "\(at39) vs \(at59)")
    }

    @Test("daily and weekly files load cleanly, with weekly sums equal to daily sums")
    func loads() throws {
        let daily = try SalesHistory.parse(text: SyntheticHistory.csv(Self.daily), file: "daily.csv")
        let weekly = try SalesHistory.parse(text: SyntheticHistory.csv(SyntheticHistory.weekly(Self.daily)), file: "weekly.csv")
        #expect(daily.frequency == .daily && weekly.frequency == .weekly)
        #expect(daily.skus.count == 12 && weekly.skus.count == 12)
        for (d, w) in zip(daily.skus, weekly.skus) {
            #expect(d.sku == w.sku)
            #expect(w.count == 156)
            #expect(d.units.reduce(0) { $0 + ($1 ?? 0) } == w.units.reduce(0) { $0 + ($1 ?? 0) })
        }
    }

    @Test("the monthly file: the 34 whole months, dated on month ends, each the sum of its days")
    func monthly() throws {
        let monthly = try SalesHistory.parse(text: SyntheticHistory.csv(SyntheticHistory.monthly(Self.daily)), file: "monthly.csv")
        #expect(monthly.frequency == .monthly && monthly.skus.count == 12 && monthly.warnings.allSatisfy { !$0.contains("without a row") })
        for sku in monthly.skus {
            #expect(sku.calendar.step == .months(1, dayOfMonth: 31))
            #expect(sku.count == 34 && sku.start.description == "2023-02-28" && sku.date(at: 33).description == "2025-11-30")
            // The days from 2023-02-01 to 2025-11-30 (the first and last months of the daily history are cut).
            let days = Self.daily.filter { $0.sku == sku.sku && $0.day.monthIndex >= sku.start.monthIndex && $0.day <= sku.date(at: 33) }
            #expect(Double(days.reduce(0) { $0 + $1.units }) == sku.units.reduce(0) { $0 + ($1 ?? 0) }, "\(sku.sku)")
        }
    }

    @Test("promotions lift sales and intermittent SKUs have many zero days")
    func stories() throws {
        let headphones = Self.daily.filter { $0.sku == "HEADPHONES-BT" }
        func mean(_ rows: [SyntheticHistory.Row]) -> Double { Double(rows.reduce(0) { $0 + $1.units }) / Double(max(1, rows.count)) }
        // Lift 2.5 × price effect 0.75^-1.8 ≈ 4.2 on the promotion days.
        #expect(mean(headphones.filter(\.promotion)) > 2.5 * mean(headphones.filter { !$0.promotion }))
        let filters = Self.daily.filter { $0.sku == "SPARE-FILTER" }
        #expect(Double(filters.filter { $0.units == 0 }.count) / Double(filters.count) > 0.8)
        let candles = Self.daily.filter { $0.sku == "CANDLE-XMAS" }
        #expect(candles.filter { $0.day.civil.month >= 3 && $0.day.civil.month <= 9 }.allSatisfy { $0.units == 0 })
    }
}
