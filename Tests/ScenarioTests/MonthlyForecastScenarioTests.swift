import Forecasting
import Foundation
import RestockTestSupport
@testable import Scenario
import Simulation
import Testing

/// A scenario in a fresh temporary folder whose one product's demand follows `airline_month_ends.csv`
/// (copied next to it as `history.csv`; monthly, ending 2024-11-30).
func monthlyScenario(demand: String = "model: seasonal-naive", horizonDays: Int = 151) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restock-monthly-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: try Fixtures.url("airline_month_ends.csv"), to: folder.appendingPathComponent("history.csv"))
    let yaml = """
    name: monthly
    seed: 7
    horizonDays: \(horizonDays)
    replications: 2
    review: {type: periodic, everyDays: 1}
    products:
      - sku: AIRLINE
        sellingPrice: 10
        holdingCostPerUnitDay: 0.01
        shortage: {type: lostSales, penaltyPerUnit: 2}
        initialOnHandUnits: 100
        demand: {type: forecast, history: history.csv, \(demand)}
        suppliers:
          - {name: regular, leadTimeDays: 3, unitCost: 4}
    policies:
      - name: forecast
        type: forecastOrderUpTo
    """
    let path = folder.appendingPathComponent("monthly.yaml").path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Scenarios on monthly histories")
struct MonthlyForecastScenarioTests {
    @Test("each month's forecast is spread evenly over its real days: December 31, January 31, February 28, March 31, April 30")
    func monthsSplitOverTheirDays() throws {
        let path = try monthlyScenario()
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent()) }
        let scenario = try ScenarioLoader.load(path: path)
        guard case .dailyMeans(let demand) = scenario.world.products[0].customers else {
            Issue.record("expected forecast-driven demand")
            return
        }
        #expect(demand.meanUnitsPerDay.count == 151)
        // Seasonal naive with the default 12-month season: each month sells what it sold a year earlier.
        let history = try SalesHistory.load(path: try Fixtures.url("airline_month_ends.csv").path)
        let units = history.skus[0].units.compactMap { $0 }
        var day = 0
        for (month, days) in [31, 31, 28, 31, 30].enumerated() {
            let slice = demand.meanUnitsPerDay[day..<day + days]
            #expect(abs(slice.reduce(0, +) - units[132 + month]) < 1e-9, "month \(month)")
            #expect(slice.allSatisfy { abs($0 - units[132 + month] / Double(days)) < 1e-12 }, "month \(month) is not even")
            day += days
        }
        let note = try #require(scenario.demandModelNotes[0])
        #expect(note.contains("144 monthly periods"))
        #expect(note.contains("spread evenly over its days") && note.contains("from 2024-12-01") && note.contains("no daily profile"))
        let view = try #require(scenario.forecastViews[0])
        #expect(view.periodLabel == "month")
        #expect(Array(view.forecastDates.prefix(3)) == ["2024-12-31", "2025-01-31", "2025-02-28"])
    }

    @Test("frequency: monthly agrees; a contradicting or unknown frequency is a located error")
    func frequencyKey() throws {
        let agreeing = try monthlyScenario(demand: "model: naive, frequency: monthly", horizonDays: 40)
        #expect(try ScenarioLoader.load(path: agreeing).world.horizonDays == 40)
        func message(_ demand: String) throws -> String {
            let path = try monthlyScenario(demand: demand, horizonDays: 40)
            defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent()) }
            do {
                _ = try ScenarioLoader.load(path: path)
                return ""
            } catch {
                return "\(error)"
            }
        }
        // 2013-01-31 is 31 days after 2012-12-31: not on a weekly grid. Line 3 of the history.
        let weekly = try message("model: naive, frequency: weekly")
        #expect(weekly.contains("products[0].demand.history") || weekly.contains("products.0.demand.history"), "\(weekly)")
        #expect(weekly.contains("history.csv:3: column 'date': 2013-01-31 is not on the weekly grid"), "\(weekly)")
        let quarterly = try message("model: naive, frequency: quarterly")
        #expect(quarterly.contains("history.csv:3:") && quarterly.contains("quarterly grid"), "\(quarterly)")
        let unknown = try message("model: naive, frequency: fortnightly")
        #expect(unknown.contains("frequency") && unknown.contains("unknown frequency 'fortnightly'")
                && unknown.contains("Allowed: daily, weekly, monthly, quarterly"), "\(unknown)")
    }

    @Test("refits in the run add whole months of observed demand and spread the forecast over the days left")
    func providerOnMonths() throws {
        let log = FitLog()
        // Twelve month ends up to 2024-11-30: the run starts on 2024-12-01.
        let calendar = PeriodCalendar(start: try #require(CalendarDay(iso: "2023-12-31")), step: .months(1, dayOfMonth: 31))
        let periods = RunPeriods(after: 12, on: calendar)
        #expect((0..<4).map { periods.days(inPeriod: $0) } == [31, 31, 28, 31])
        #expect(periods.completePeriods(inDays: 62) == 2 && periods.completePeriods(inDays: 61) == 1)
        #expect(periods.periodsCovering(days: 63) == 3 && periods.periodsCovering(days: 62) == 2)
        let p = HistoryForecastProvider(history: Array(repeating: 10, count: 12), periods: periods, seasonLength: 12,
                                        forecaster: RecordingModel(log: log), refreshEveryDays: 7)
        // December sells 1 a day, January 2, the first 8 days of February 3.
        let observed = Array(repeating: 1.0, count: 31) + Array(repeating: 2.0, count: 31) + Array(repeating: 3.0, count: 8)
        let forecast = try #require(p.forecast(observedUnitsPerDay: observed, issuedDay: 70, horizonDays: 30))
        let fit = try #require(log.last)
        #expect(fit.values == Array(repeating: 10, count: 12) + [31, 62])
        let level = fit.values.reduce(0, +) / 14
        // The 20 days left of February, then March.
        #expect(forecast.meanUnitsPerDay.count >= 30)
        #expect(forecast.meanUnitsPerDay.prefix(20).allSatisfy { abs($0 - level / 28) < 1e-12 })
        #expect(forecast.meanUnitsPerDay[20..<30].allSatisfy { abs($0 - level / 31) < 1e-12 })
    }

    @Test("the refit window drops whole 12-month seasons from the front")
    func refitWindowInMonths() throws {
        let log = FitLog()
        let calendar = PeriodCalendar(start: try #require(CalendarDay(iso: "1980-01-01")), step: .months(1, dayOfMonth: 1))
        let periods = RunPeriods(after: 520, on: calendar)
        let p = HistoryForecastProvider(history: (0..<520).map { Double($0) + 0.5 }, periods: periods, seasonLength: 12,
                                        forecaster: RecordingModel(log: log), refreshEveryDays: 7)
        #expect(p.refitWindowPeriods == 528)
        let days = periods.startDay(ofPeriod: 20)
        _ = try #require(p.forecast(observedUnitsPerDay: Array(repeating: 1, count: days), issuedDay: days, horizonDays: 10))
        let fit = try #require(log.last)
        // 540 periods in all: one season of 12 dropped.
        #expect(fit.values.count == 528 && fit.values.first == 12.5)
        #expect(fit.values.last == Double(periods.days(inPeriod: 19)))
    }
}
