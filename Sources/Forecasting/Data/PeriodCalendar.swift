/// The dates of a sales history's periods and the days each period covers: every few days (daily,
/// weekly), or every few months on one day of the month (monthly, quarterly).
///
/// A day of the month beyond a short month's end falls on that month's last day, so
/// `.months(1, dayOfMonth: 31)` is month ends (2024-11-30, 2024-12-31, 2025-01-31, 2025-02-28) and
/// `.months(1, dayOfMonth: 30)` the 30th except in February.
///
/// Which days a period covers, from ``firstDay(ofPeriod:)`` to the day before the next period's first
/// day: a period of days starts on its date (a week dated Monday runs to Sunday, as shops export weeks);
/// a period dated on month ends ends in its date's month (2024-11-30 is November, a quarter dated
/// 2024-12-31 is October to December); a period dated on any other day of the month starts in its
/// date's month (2024-11-15 is November, a quarter dated 2025-01-01 is January to March).
///
/// ```swift
/// let months = PeriodCalendar(start: CalendarDay(year: 2024, month: 9, day: 30)!, step: .months(1, dayOfMonth: 31))
/// months.date(at: 2)               // 2024-11-30
/// months.date(at: 5)               // 2025-02-28
/// months.firstDay(ofPeriod: 3)     // 2024-12-01: period 3 is December
/// months.days(inPeriod: 3)         // 31
/// ```
public struct PeriodCalendar: Sendable, Hashable, CustomStringConvertible {
    /// How far apart consecutive periods are.
    public enum Step: Sendable, Hashable {
        /// A fixed number of days (1 for daily, 7 for weekly data).
        case days(Int)
        /// A number of months (1 for monthly, 3 for quarterly data), each period dated on `dayOfMonth`
        /// (1…31; 31 is month ends).
        case months(Int, dayOfMonth: Int)
    }

    /// Date of period 0.
    public var start: CalendarDay
    /// Distance between periods.
    public var step: Step

    /// Creates a calendar.
    /// - Parameters:
    ///   - start: the date of period 0 (for months, on `dayOfMonth` by the rule above).
    ///   - step: the distance between periods; a step below 1 is taken as 1.
    public init(start: CalendarDay, step: Step) {
        self.start = start
        switch step {
        case .days(let days): self.step = .days(max(1, days))
        case .months(let months, let day): self.step = .months(max(1, months), dayOfMonth: min(31, max(1, day)))
        }
    }

    /// The date of period `index` (negative indices count back from the start).
    /// - Complexity: O(1).
    public func date(at index: Int) -> CalendarDay {
        switch step {
        case .days(let days):
            return start.adding(days: index * days)
        case .months(let months, let day):
            return CalendarDay(monthIndex: start.monthIndex + index * months, dayOfMonth: day)
        }
    }

    /// The index of the period dated `day`, or `nil` when `day` is not on this calendar.
    public func index(of day: CalendarDay) -> Int? {
        switch step {
        case .days(let days):
            let offset = day.daysSinceEpoch - start.daysSinceEpoch
            return offset % days == 0 ? offset / days : nil
        case .months(let months, _):
            let offset = day.monthIndex - start.monthIndex
            guard offset % months == 0 else { return nil }
            return date(at: offset / months) == day ? offset / months : nil
        }
    }

    /// The number of periods from the start up to the one dated on or just before `day`, plus one: how
    /// many periods a history from ``start`` to `day` holds.
    public func periodCount(through day: CalendarDay) -> Int {
        switch step {
        case .days(let days):
            return (day.daysSinceEpoch - start.daysSinceEpoch) / days + 1
        case .months(let months, _):
            return (day.monthIndex - start.monthIndex) / months + 1
        }
    }

    /// The first day that period `index` covers (see the type's description).
    /// - Complexity: O(1).
    public func firstDay(ofPeriod index: Int) -> CalendarDay {
        switch step {
        case .days:
            return date(at: index)
        case .months(let months, let day):
            let month = start.monthIndex + index * months
            return CalendarDay(monthIndex: day == 31 ? month - months + 1 : month, dayOfMonth: 1)
        }
    }

    /// Days that period `index` covers: the fixed step, or 28…31 for a month, 89…92 for a quarter.
    public func days(inPeriod index: Int) -> Int {
        firstDay(ofPeriod: index + 1).daysSinceEpoch - firstDay(ofPeriod: index).daysSinceEpoch
    }

    /// The average days per period: the fixed step, or the Gregorian average (30.436875 days a month).
    public var averageDaysPerPeriod: Double {
        switch step {
        case .days(let days): return Double(days)
        case .months(let months, _): return 30.436875 * Double(months)
        }
    }

    /// `every 7 days from 2025-01-06`, `every month on month ends from 2024-01-31`, `every 3 months on the 15th from …`.
    public var description: String {
        switch step {
        case .days(let days):
            return days == 1 ? "every day from \(start)" : "every \(days) days from \(start)"
        case .months(let months, let day):
            let every = months == 1 ? "every month" : "every \(months) months"
            return "\(every) on \(Self.dayName(day)) from \(start)"
        }
    }

    /// `month ends`, `the 1st`, `the 15th`, `the 22nd`.
    static func dayName(_ day: Int) -> String {
        if day == 31 { return "month ends" }
        let suffix = (11...13).contains(day % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][day % 10] ?? "th"
        return "the \(day)\(suffix)"
    }
}
