import Forecasting
import Foundation
import RestockTestSupport
import Testing

/// A one-SKU history of `dates` selling 10, 11, 12, … units.
func datedHistory(_ dates: [String]) -> String {
    "date,sku,units\n" + dates.enumerated().map { "\($0.element),A,\(10 + $0.offset)\n" }.joined()
}

@Suite("Monthly and quarterly sales histories")
struct MonthlyHistoryTests {
    @Test("month starts, month ends, the 15th and the 30th are detected, with the day of the month kept", arguments: [
        (["2024-01-01", "2024-02-01", "2024-03-01"], 1, ["2024-04-01", "2024-05-01"]),
        // Month ends through a leap February: the 31st falls on each month's last day.
        (["2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31"], 31, ["2024-04-30", "2024-05-31"]),
        (["2024-12-31", "2025-01-31", "2025-02-28"], 31, ["2025-03-31", "2025-04-30"]),
        (["2024-01-15", "2024-02-15", "2024-03-15"], 15, ["2024-04-15", "2024-05-15"]),
        // The 30th is not month ends: a February falls on its last day, but March keeps the 30th.
        (["2024-01-30", "2024-02-29", "2024-03-30"], 30, ["2024-04-30", "2024-05-30"]),
        // Only month ends of 30-day months: still month ends, not the 30th.
        (["2024-04-30", "2024-05-31", "2024-06-30"], 31, ["2024-07-31", "2024-08-31"]),
    ])
    func monthly(_ dates: [String], _ dayOfMonth: Int, _ next: [String]) throws {
        let h = try history(datedHistory(dates))
        #expect(h.frequency == .monthly)
        let sku = try #require(h.skus.first)
        #expect(sku.calendar.step == .months(1, dayOfMonth: dayOfMonth))
        #expect(sku.units == dates.indices.map { Double(10 + $0) })
        #expect((0..<dates.count).map { sku.date(at: $0).description } == dates)
        #expect([sku.date(at: dates.count).description, sku.date(at: dates.count + 1).description] == next)
    }

    @Test("quarter ends and quarter starts are quarterly, season 4 by default")
    func quarterly() throws {
        let ends = try history(datedHistory(["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"]))
        #expect(ends.frequency == .quarterly && ends.frequency.defaultSeasonLength == 4)
        let sku = try #require(ends.skus.first)
        #expect(sku.calendar.step == .months(3, dayOfMonth: 31))
        #expect((5..<9).map { sku.date(at: $0).description } == ["2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"])
        // The quarter dated 2024-03-31 is January to March of a leap year: 91 days.
        #expect(sku.calendar.firstDay(ofPeriod: 4).description == "2024-01-01" && sku.calendar.days(inPeriod: 4) == 91)
        let starts = try history(datedHistory(["2024-01-01", "2024-04-01", "2024-07-01"]))
        #expect(starts.frequency == .quarterly)
        #expect(starts.skus[0].date(at: 3).description == "2024-10-01")
        #expect(starts.skus[0].calendar.days(inPeriod: 0) == 91)
    }

    @Test("the default season is 12 months; a missing month is zero or unknown as --missing says")
    func seasonAndMissing() throws {
        #expect(HistoryFrequency.monthly.defaultSeasonLength == 12)
        let text = datedHistory(["2024-01-31", "2024-02-29", "2024-04-30", "2024-05-31"])
        let unknown = try history(text, HistoryOptions(missingDates: .missing))
        #expect(unknown.frequency == .monthly)
        #expect(unknown.skus[0].units == [10, 11, nil, 12, 13])
        #expect(unknown.skus[0].date(at: 2).description == "2024-03-31")
        #expect(unknown.warnings.contains { $0.contains("1 month(s) without a row") })
        #expect(try history(text).skus[0].units == [10, 11, 0, 12, 13])
    }

    @Test("a given frequency that the dates contradict names the line of the first date off its grid", arguments: [
        // Monthly dates read as weekly: 2024-02-29 is 29 days after 2024-01-31.
        (["2024-01-31", "2024-02-29", "2024-03-31"], HistoryFrequency.weekly, 3, "weekly grid"),
        // Monthly dates read as quarterly: February is one month after January.
        (["2024-01-31", "2024-02-29", "2024-03-31"], .quarterly, 3, "quarterly grid"),
        // Weekly dates read as monthly: two dates in January.
        (["2024-01-01", "2024-01-08", "2024-01-15"], .monthly, 3, "monthly grid"),
        // A 15th among month ends.
        (["2024-01-31", "2024-02-29", "2024-03-15"], .monthly, 4, "every month on month ends from 2024-01-31"),
    ])
    func contradictingFrequency(_ dates: [String], _ frequency: HistoryFrequency, _ line: Int, _ expected: String) throws {
        let error = try #require(dataError(datedHistory(dates), HistoryOptions(frequency: frequency)))
        #expect(error.line == line && error.column == "date")
        #expect(error.problem.contains(expected), "\(error)")
        #expect(error.description.hasPrefix("sales.csv:\(line): column 'date'"))
        #expect(!error.allowed.isEmpty)
    }

    @Test("monthly data given as monthly, and daily data given as daily, load as before")
    func agreeingFrequency() throws {
        #expect(try history(datedHistory(["2024-01-15", "2024-02-15"]), HistoryOptions(frequency: .monthly)).skus[0].count == 2)
        // Any dates sit on the daily grid (zero-filled between), as before.
        #expect(try history(datedHistory(["2024-01-15", "2024-02-15"]), HistoryOptions(frequency: .daily)).skus[0].count == 32)
    }

    @Test("dates that fit no frequency, and SKUs that mix frequencies, are located errors")
    func undetectable() throws {
        // A 16th after two 15ths: neither months (nor weeks, nor days).
        let drifting = try #require(dataError(datedHistory(["2024-01-15", "2024-02-15", "2024-03-16"])))
        #expect(drifting.line == 4 && drifting.column == "date")
        #expect(drifting.problem.contains("cannot tell whether the data are daily, weekly, monthly or quarterly"))
        #expect(drifting.allowed.contains("--frequency"))
        // SKU A monthly, SKU B weekly.
        let mixed = try #require(dataError("""
        date,sku,units
        2024-01-31,A,1
        2024-02-29,A,2
        2024-03-31,A,3
        2024-01-01,B,1
        2024-01-08,B,2
        """))
        #expect(mixed.line == 6)
        #expect(mixed.problem.contains("mix frequencies") && mixed.problem.contains("'B' has weekly") && mixed.problem.contains("'A' monthly"))
    }

    @Test("a month-end history ending 2024-11-30 forecasts 2024-12-31, 2025-01-31, 2025-02-28 with a 12-month season")
    func forecastDates() throws {
        let h = try SalesHistory.load(path: try Fixtures.url("airline_month_ends.csv").path)
        #expect(h.frequency == .monthly && h.skus.count == 1)
        let sku = try #require(h.skus.first)
        #expect(sku.count == 144 && sku.date(at: 143).description == "2024-11-30")
        let results = try ForecastRun(horizon: 4, model: "seasonal-naive").run(h)
        let result = try #require(results.first)
        #expect(result.dates.map(\.description) == ["2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31"])
        // Season 12 by default: the forecast repeats the same months a year earlier.
        let units = sku.units.compactMap { $0 }
        #expect(result.forecast.mean == Array(units[132..<136]))
    }

    @Test("the calendar: month indices, month lengths and the days a period covers")
    func calendar() throws {
        let end = try #require(CalendarDay(iso: "2024-11-30"))
        #expect(end.isLastDayOfMonth && !(CalendarDay(iso: "2024-02-28")?.isLastDayOfMonth ?? true))
        #expect(CalendarDay(monthIndex: end.monthIndex + 3, dayOfMonth: 31).description == "2025-02-28")
        #expect(CalendarDay(monthIndex: end.monthIndex - 9, dayOfMonth: 31).description == "2024-02-29")
        let months = PeriodCalendar(start: end, step: .months(1, dayOfMonth: 31))
        // Month ends: period 1 (2024-12-31) covers December; month starts: period 0 covers its own month.
        #expect(months.firstDay(ofPeriod: 1).description == "2024-12-01")
        #expect((1...4).map { months.days(inPeriod: $0) } == [31, 31, 28, 31])
        let starts = PeriodCalendar(start: try #require(CalendarDay(iso: "2024-02-01")), step: .months(1, dayOfMonth: 1))
        #expect(starts.firstDay(ofPeriod: 0).description == "2024-02-01" && starts.days(inPeriod: 0) == 29)
        #expect(months.index(of: try #require(CalendarDay(iso: "2025-02-28"))) == 3)
        #expect(months.index(of: try #require(CalendarDay(iso: "2025-02-27"))) == nil)
        #expect(months.description == "every month on month ends from 2024-11-30")
    }
}
