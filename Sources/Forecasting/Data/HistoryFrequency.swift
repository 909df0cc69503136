/// How often a sales history is sampled.
public enum HistoryFrequency: String, Sendable, CaseIterable {
    case daily, weekly, monthly, quarterly

    /// Days between consecutive periods when that is fixed (1, 7); `nil` for months and quarters, whose
    /// length varies (their days come from a ``PeriodCalendar``).
    public var stepDays: Int? {
        switch self {
        case .daily: return 1
        case .weekly: return 7
        case .monthly, .quarterly: return nil
        }
    }

    /// Months between consecutive periods (1, 3); `nil` for days and weeks.
    public var stepMonths: Int? {
        switch self {
        case .daily, .weekly: return nil
        case .monthly: return 1
        case .quarterly: return 3
        }
    }

    /// The natural seasonal cycle in periods: a week of days; a year of weeks, months or quarters.
    public var defaultSeasonLength: Int {
        switch self {
        case .daily: return 7
        case .weekly: return 52
        case .monthly: return 12
        case .quarterly: return 4
        }
    }

    /// What one period is called: `day`, `week`, `month`, `quarter`.
    public var periodName: String {
        switch self {
        case .daily: return "day"
        case .weekly: return "week"
        case .monthly: return "month"
        case .quarterly: return "quarter"
        }
    }

    /// The accepted values, for messages: `daily|weekly|monthly|quarterly`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// What the dates of each frequency look like, for messages.
    static let allowedDates = "daily dates; weekly dates on one weekday; monthly or quarterly dates on one day of the month "
        + "(the 1st, the 15th, month ends, …; a day beyond a short month's end falls on its last day); "
        + "or give the frequency (restock forecast --frequency, or frequency: in a scenario's demand): \(names)"
}

/// One distinct date of a SKU and the first line it is on.
struct HistoryDate {
    var day: CalendarDay
    var line: Int
}

// MARK: - Detection

extension HistoryFrequency {
    /// The frequency of a history's dates: quarterly or monthly when every SKU's dates sit on one day of
    /// the month (months are tried first: a 28-day gap in February would otherwise read as four weeks);
    /// otherwise weekly when every gap between a SKU's dates is a whole number of weeks, and daily when
    /// some gap is one day or every gap is under a week (a slow SKU sold on Mondays in a daily file is
    /// daily). A history of single dates is daily.
    /// - Parameters:
    ///   - skus: each SKU's distinct dates, sorted, in the order the SKUs first appear in the file.
    ///   - file: the file, for messages.
    ///   - column: the date column's name, for messages.
    /// - Returns: the frequency.
    /// - Throws: ``DataError`` at the first date that fits no frequency, or at the first date of a SKU
    ///   whose frequency differs from the first SKU's.
    static func detect(_ skus: [(sku: String, dates: [HistoryDate])], file: String, column: String) throws -> HistoryFrequency {
        let withGaps = skus.filter { $0.dates.count > 1 }
        if !withGaps.isEmpty {
            if withGaps.allSatisfy({ MonthGrid.fit($0.dates.map(\.day), everyMonths: 3).breakingIndex == nil }) { return .quarterly }
            if withGaps.allSatisfy({ MonthGrid.fit($0.dates.map(\.day), everyMonths: 1).breakingIndex == nil }) { return .monthly }
        }
        var gaps = Set<Int>()
        for sku in withGaps {
            for (a, b) in zip(sku.dates, sku.dates.dropFirst()) { gaps.insert(b.day.daysSinceEpoch - a.day.daysSinceEpoch) }
        }
        if gaps.allSatisfy({ $0 % 7 == 0 }) { return gaps.isEmpty ? .daily : .weekly }
        if gaps.contains(1) || gaps.allSatisfy({ $0 < 7 }) { return .daily }
        throw locatedFailure(withGaps, file: file, column: column)
    }

    /// The error when no frequency fits: the first date at which a SKU fits none on its own, or else the
    /// first SKU whose own frequency differs from that of the first SKU.
    static func locatedFailure(_ skus: [(sku: String, dates: [HistoryDate])], file: String, column: String) -> DataError {
        var own: [(sku: String, dates: [HistoryDate], frequency: HistoryFrequency)] = []
        for (sku, dates) in skus {
            switch ownFrequency(dates.map(\.day)) {
            case .success(let frequency):
                own.append((sku, dates, frequency))
            case .failure(let broken):
                let date = dates[broken.index], before = dates[broken.index - 1]
                let apart = date.day.daysSinceEpoch - before.day.daysSinceEpoch
                return DataError(file: file, line: date.line, column: column,
                                 problem: "cannot tell whether the data are daily, weekly, monthly or quarterly: SKU '\(sku)' has \(date.day) "
                                    + "\(apart) days after \(before.day) (its dates are \(broken.gaps.sorted().prefix(5).map(String.init).joined(separator: ", ")) days apart)",
                                 allowed: allowedDates)
            }
        }
        // Each SKU is regular on its own, so they disagree: months (or quarters) against weeks or days, or weeks against days.
        func family(_ f: HistoryFrequency) -> Int { f.stepMonths == nil ? (f.stepDays ?? 0) : 30 }
        guard let first = own.first, let other = own.first(where: { family($0.frequency) != family(first.frequency) }) else {
            return DataError(file: file, column: column, problem: "cannot tell whether the data are daily, weekly, monthly or quarterly",
                             allowed: allowedDates)
        }
        return DataError(file: file, line: other.dates[1].line, column: column,
                         problem: "the SKUs' dates mix frequencies: SKU '\(other.sku)' has \(other.frequency.rawValue) dates "
                            + "(\(other.dates[0].day), \(other.dates[1].day), …) but SKU '\(first.sku)' \(first.frequency.rawValue) ones "
                            + "(\(first.dates[0].day), \(first.dates[1].day), …); one history file holds one frequency",
                         allowed: allowedDates)
    }

    /// Where a SKU's own dates stop fitting any frequency: the index of the first such date and the gaps
    /// in days up to it.
    struct Irregular: Error {
        var index: Int
        var gaps: Set<Int>
    }

    /// The coarsest frequency one SKU's dates fit on their own (at least two dates), or the first date
    /// from which the dates up to it fit no frequency (and no later date makes them fit again).
    static func ownFrequency(_ days: [CalendarDay]) -> Result<HistoryFrequency, Irregular> {
        if MonthGrid.fit(days, everyMonths: 3).breakingIndex == nil { return .success(.quarterly) }
        guard let monthlyBreak = MonthGrid.fit(days, everyMonths: 1).breakingIndex else { return .success(.monthly) }
        // gaps[i - 1] is the gap in days that ends at date i.
        let gaps = zip(days, days.dropFirst()).map { $1.daysSinceEpoch - $0.daysSinceEpoch }
        if gaps.allSatisfy({ $0 % 7 == 0 }) { return .success(.weekly) }
        if gaps.contains(1) || gaps.allSatisfy({ $0 < 7 }) { return .success(.daily) }
        let notWeekly = (gaps.firstIndex { $0 % 7 != 0 } ?? 0) + 1
        let notDaily = (gaps.firstIndex { $0 >= 7 } ?? 0) + 1
        let index = max(monthlyBreak, notWeekly, notDaily)
        return .failure(Irregular(index: index, gaps: Set(gaps.prefix(index))))
    }
}

/// Fits dates to one day of the month every `n` months.
enum MonthGrid {
    /// The day of the month the dates are on (31 for month ends) and, when they do not fit, the index of
    /// the first date that breaks the rule set by the dates before it.
    ///
    /// A date before its month's end fixes the day of the month; a month's last day allows any day from
    /// it to 31. When nothing fixes the day, it is 31: dates that are all month ends stay month ends.
    /// - Parameters:
    ///   - days: distinct dates, sorted.
    ///   - n: months between periods.
    static func fit(_ days: [CalendarDay], everyMonths n: Int) -> (dayOfMonth: Int, breakingIndex: Int?) {
        var lowest = 1, highest = 31
        for (index, day) in days.enumerated() {
            let dayOfMonth = day.civil.day
            let gap = index == 0 ? n : day.monthIndex - days[index - 1].monthIndex
            let fixes = !day.isLastDayOfMonth
            guard max(lowest, dayOfMonth) <= (fixes ? min(highest, dayOfMonth) : highest), gap >= 1, gap % n == 0 else {
                return (highest, index)
            }
            lowest = max(lowest, dayOfMonth)
            if fixes { highest = min(highest, dayOfMonth) }
        }
        return (highest, nil)
    }
}
