/// A calendar date as a day count since 1970-01-01 (proleptic Gregorian), so that date arithmetic in
/// sales histories is integer arithmetic and independent of time zones.
///
/// Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int

    /// Wraps a day count.
    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Builds a date from its parts; `nil` when the parts do not form a real date.
    /// - Parameters:
    ///   - year: e.g. 2025 (1…9999).
    ///   - month: 1…12.
    ///   - day: 1…31, valid for the month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else {
            return nil
        }
        daysSinceEpoch = Self.daysFromCivil(year: year, month: month, day: day)
    }

    /// The date `dayOfMonth` of a month, or the month's last day when the month is shorter (day 31 of
    /// February 2024 is 2024-02-29). Any month index works, also outside the years 1…9999.
    /// - Parameters:
    ///   - monthIndex: months since year 0 (``monthIndex`` of a date: `year × 12 + month − 1`).
    ///   - dayOfMonth: 1…31.
    public init(monthIndex: Int, dayOfMonth: Int) {
        let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let month = monthIndex - year * 12 + 1
        let day = min(max(1, dayOfMonth), Self.daysIn(month: month, year: year))
        daysSinceEpoch = Self.daysFromCivil(year: year, month: month, day: day)
    }

    /// Hinnant's `days_from_civil`, for any year (the caller has checked month and day).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`); `nil` for anything else.
    /// - Parameter text: the date text.
    public init?(iso text: Substring) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts[1].count <= 2, parts[2].count <= 2 else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// (year, month, day).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Months since year 0: `year × 12 + month − 1`, so that consecutive months differ by 1.
    public var monthIndex: Int {
        let (y, m, _) = civil
        return y * 12 + m - 1
    }

    /// Whether the date is the last day of its month.
    public var isLastDayOfMonth: Bool {
        let (y, m, d) = civil
        return d == Self.daysIn(month: m, year: y)
    }

    /// Day of the week, 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        ((daysSinceEpoch % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    /// The date `days` later.
    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// Orders by date.
    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}
