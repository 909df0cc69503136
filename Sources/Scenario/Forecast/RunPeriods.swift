import Forecasting

/// How the days of a simulated run fall into the periods of the sales history its forecasts are fitted
/// to. Run period 0 is the period after the history's last one and starts on day 0 of the run: for weeks
/// the day after the last week, for months and quarters the first day of the next month or quarter in the
/// real calendar (a history ending 2024-11-30 runs from 2024-12-01: 31, 31, 28, 31, … days).
struct RunPeriods: Sendable, Equatable {
    enum Layout: Sendable, Equatable {
        /// Every period has the same number of days (days and weeks).
        case fixed(days: Int)
        /// Periods of the history's calendar, counted from the one with index `first`.
        case calendar(PeriodCalendar, first: Int)
    }

    let layout: Layout

    /// Periods of a fixed length in days (1 or 7).
    init(fixedDays: Int) { layout = .fixed(days: max(1, fixedDays)) }

    /// The periods after a history of `historyPeriods` periods on `calendar`; periods of days keep the
    /// fixed arithmetic.
    init(after historyPeriods: Int, on calendar: PeriodCalendar) {
        switch calendar.step {
        case .days(let days): layout = .fixed(days: max(1, days))
        case .months: layout = .calendar(calendar, first: historyPeriods)
        }
    }

    /// Whether periods have different lengths (months, quarters).
    var isCalendar: Bool {
        if case .calendar = layout { return true }
        return false
    }

    /// The run day on which run period `period` starts (0 for period 0).
    /// - Complexity: O(1).
    func startDay(ofPeriod period: Int) -> Int {
        switch layout {
        case .fixed(let days):
            return period * days
        case .calendar(let calendar, let first):
            return calendar.firstDay(ofPeriod: first + period).daysSinceEpoch - calendar.firstDay(ofPeriod: first).daysSinceEpoch
        }
    }

    /// Days in run period `period`.
    func days(inPeriod period: Int) -> Int {
        switch layout {
        case .fixed(let days): return days
        case .calendar: return startDay(ofPeriod: period + 1) - startDay(ofPeriod: period)
        }
    }

    /// The periods that end on or before day `dayCount`: how many whole periods the days `0..<dayCount`
    /// hold.
    /// - Complexity: O(1): the average period length lands within a period or two of the answer.
    func completePeriods(inDays dayCount: Int) -> Int {
        switch layout {
        case .fixed(let days):
            return dayCount / days
        case .calendar(let calendar, _):
            guard dayCount > 0 else { return 0 }
            var period = Int(Double(dayCount) / calendar.averageDaysPerPeriod)
            while period > 0 && startDay(ofPeriod: period) > dayCount { period -= 1 }
            while startDay(ofPeriod: period + 1) <= dayCount { period += 1 }
            return period
        }
    }

    /// The periods that start before day `dayCount`: how many periods the days `0..<dayCount` touch.
    func periodsCovering(days dayCount: Int) -> Int {
        switch layout {
        case .fixed(let days):
            return (dayCount + days - 1) / days
        case .calendar:
            guard dayCount > 0 else { return 0 }
            return completePeriods(inDays: dayCount - 1) + 1
        }
    }

    /// Each period's value spread evenly over its days: `perPeriod[j] / days(inPeriod: j)` on every day of
    /// period `j`.
    /// - Parameter perPeriod: one value per period from period 0.
    /// - Returns: one value per day, `perPeriod.count` periods long.
    func spreadEvenly(_ perPeriod: [Double]) -> [Double] {
        var perDay: [Double] = []
        for (period, value) in perPeriod.enumerated() {
            let days = days(inPeriod: period)
            perDay += repeatElement(value / Double(days), count: days)
        }
        return perDay
    }

    /// Days per period as the noise law's split sees them: the fixed length, or the average over
    /// `periods` periods, rounded (30 for months, 91 for quarters).
    func typicalDays(over periods: Int) -> Int {
        switch layout {
        case .fixed(let days): return days
        case .calendar:
            let count = max(1, periods)
            return max(1, Int((Double(startDay(ofPeriod: count)) / Double(count)).rounded()))
        }
    }
}
