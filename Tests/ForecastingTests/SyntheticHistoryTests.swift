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
