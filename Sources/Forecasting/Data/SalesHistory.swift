import Foundation

/// Options for reading and cleaning a sales history.
public struct HistoryOptions: Sendable {
    /// What a date with no row becomes.
    public enum MissingDates: String, Sendable, CaseIterable {
        /// No row means nothing was sold (the usual meaning in a shop export).
        case zero
        /// No row means unknown; models see it interpolated, and it is excluded from accuracy.
        case missing
    }

    /// What to do with two rows for the same SKU and date.
    public enum DuplicateRows: String, Sendable, CaseIterable {
        /// Add the units (e.g. one row per order line).
        case sum
        /// Stop with an error naming both lines.
        case reject
    }

    /// Daily, weekly, monthly or quarterly; `nil` detects it from the dates (``HistoryFrequency``).
    public var frequency: HistoryFrequency?
    /// Missing dates between a SKU's first and last row.
    public var missingDates: MissingDates
    /// Repeated (SKU, date) rows.
    public var duplicates: DuplicateRows
    /// Robust z-score (|x − median| / (1.4826 · MAD)) above which a value is flagged as an outlier.
    public var outlierThreshold: Double
    /// Read rows after a SKU's last sale with an empty units cell as its plan (``SalesHistory/plan``);
    /// when false (the default: readers that have no use for a plan) an empty units cell is an error.
    public var planRows: Bool

    /// Creates options.
    public init(frequency: HistoryFrequency? = nil, missingDates: MissingDates = .zero, duplicates: DuplicateRows = .sum,
                outlierThreshold: Double = 6, planRows: Bool = false) {
        self.frequency = frequency
        self.missingDates = missingDates
        self.duplicates = duplicates
        self.outlierThreshold = outlierThreshold
        self.planRows = planRows
    }
}

/// One SKU's cleaned history on a regular calendar.
public struct SKUHistory: Sendable, Equatable {
    /// SKU code.
    public var sku: String
    /// The dates of the periods: period 0 is the SKU's first date.
    public var calendar: PeriodCalendar
    /// Date of the first period.
    public var start: CalendarDay { calendar.start }
    /// Units sold per period; `nil` where unknown (missing dates with `missingDates: .missing`).
    public var units: [Double?]
    /// Selling price per period (currency per unit), when the file has a price column; `nil` where unknown.
    public var prices: [Double?]?
    /// Promotion columns (name → value per period; 0 on dates without a row).
    public var promotions: [String: [Double]]
    /// Other numeric columns (name → value per period; `nil` on dates without a row).
    public var features: [String: [Double?]]
    /// Periods whose units are flagged as outliers (kept, not changed).
    public var outlierPeriods: [Int]

    /// The date of period `index` in the history's calendar (also past its end: the forecast periods).
    public func date(at index: Int) -> CalendarDay { calendar.date(at: index) }

    /// Number of periods.
    public var count: Int { units.count }

    /// The price and promotion covariates of the periods, for causal models: unknown prices are carried
    /// forward from the last known one (the first known one before it, `defaultPrice` when none is
    /// known); promotion columns in name order.
    /// - Parameter defaultPrice: price to assume when the history has no known price.
    /// - Returns: the covariates.
    public func covariates(defaultPrice: Double) -> Covariates {
        Covariates(prices: prices.map { prices in
            var last = prices.compactMap { $0 }.first ?? defaultPrice
            return prices.map { price in
                if let price { last = price }
                return last
            }
        }, promotions: promotions.keys.sorted().compactMap { promotions[$0] })
    }

    /// The units as a series for the models: unknown periods are filled by linear interpolation
    /// between their known neighbours (or the nearest known value at the ends).
    /// - Parameter seasonLength: periods per cycle.
    /// - Returns: the series.
    public func timeSeries(seasonLength: Int) -> TimeSeries {
        var values = units.map { $0 ?? .nan }
        let known = values.indices.filter { !values[$0].isNaN }
        if known.isEmpty { return TimeSeries(Array(repeating: 0, count: values.count), seasonLength: seasonLength) }
        for i in values.indices where values[i].isNaN {
            let before = known.last { $0 < i }, after = known.first { $0 > i }
            switch (before, after) {
            case let (b?, a?):
                let w = Double(i - b) / Double(a - b)
                values[i] = values[b] * (1 - w) + values[a] * w
            case let (b?, nil): values[i] = values[b]
            case let (nil, a?): values[i] = values[a]
            default: values[i] = 0
            }
        }
        return TimeSeries(values, seasonLength: seasonLength)
    }
}

/// A sales history as shops export it: long format, one row per (date, SKU), read and cleaned.
///
/// Required columns: `date` (YYYY-MM-DD), `sku`, and units sold (`units`, `units_sold`, `quantity`, `qty` or
/// `sales`). Optional: `price`; promotion flags (any column whose name starts with `promo`); any other
/// numeric column becomes a feature. Names are case-insensitive. With ``HistoryOptions/planRows``, rows
/// after a SKU's last sale with an empty units cell are its plan (``plan``).
public struct SalesHistory: Sendable {
    /// Daily, weekly, monthly or quarterly.
    public var frequency: HistoryFrequency
    /// SKUs sorted by code.
    public var skus: [SKUHistory]
    /// Things a planner should know that did not stop the load (outliers, filled dates, summed duplicates).
    public var warnings: [String]
    /// Whether the file has a price column.
    public var hasPrices: Bool
    /// Promotion column names (lower-cased), sorted: the order of ``Covariates/promotions``.
    public var promotionNames: [String]
    /// Other numeric column names (lower-cased), in file order.
    public var featureNames: [String]
    /// The rows after the SKUs' last sales with empty units (empty unless ``HistoryOptions/planRows``).
    public var plan: SalesPlan

    static let dateColumns = ["date", "ds", "day", "week"]
    static let skuColumns = ["sku", "item", "product", "unique_id"]
    static let unitColumns = ["units", "units_sold", "quantity", "qty", "sales"]
    static let priceColumns = ["price", "unit_price", "selling_price"]

    /// The covariate columns, for messages: e.g. `(price, promo)`, or `(none)`.
    var covariateColumnList: String {
        let names = (hasPrices ? ["price"] : []) + promotionNames + featureNames
        return "(\(names.isEmpty ? "none" : names.joined(separator: ", ")))"
    }

    /// Reads a history file.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - options: cleaning options.
    /// - Returns: the cleaned history.
    /// - Throws: ``DataError`` naming file, line and column.
    /// Most periods one SKU's history may span (100 years of days): a stray date far in the future would
    /// otherwise make series of millions of empty periods.
    public static let maximumPeriods = 36_500

    public static func load(path: String, options: HistoryOptions = HistoryOptions()) throws -> SalesHistory {
        let text = try TextFile.readCSV(path: path, what: "the sales history file", allowed: "a CSV file with date, sku and units columns")
        return try parse(text: text, file: path, options: options)
    }

    /// Parses history text; `file` is only used in messages.
    /// - Parameters:
    ///   - text: CSV contents.
    ///   - file: name for messages.
    ///   - options: cleaning options.
    /// - Returns: the cleaned history.
    /// - Throws: ``DataError``.
    public static func parse(text: String, file: String, options: HistoryOptions = HistoryOptions()) throws -> SalesHistory {
        let rows: [CSVReader.Row]
        switch CSVReader.rows(text) {
        case .success(let parsed): rows = parsed
        case .failure(let quote):
            throw DataError(file: file, line: quote.line, problem: "a quoted field is never closed", allowed: "fields in double quotes, with \"\" for a quote inside")
        }
        guard let header = rows.first else {
            throw DataError(file: file, line: 1, problem: "the file is empty", allowed: "a header line such as date,sku,units,price followed by one row per date and SKU")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ candidates: [String], required: Bool) throws -> Int? {
            if let index = names.firstIndex(where: { candidates.contains($0) }) { return index }
            guard !required else {
                // A plan file given where a history belongs: say what it looks like.
                let planShaped = candidates == unitColumns && names.contains(where: { priceColumns.contains($0) || $0.hasPrefix("promo") })
                throw DataError(file: file, line: header.line, problem: "the header has no '\(candidates[0])' column (found: \(names.joined(separator: ", ")))"
                                    + (planShaped ? "; this looks like a plan, which restock forecast reads with --plan beside its history" : ""),
                                allowed: "columns date, sku and units (or units_sold, quantity, qty, sales); optional price, promo*, numeric features")
            }
            return nil
        }
        // A column named twice would leave one of them unread without a word.
        for (index, name) in names.enumerated() where !name.isEmpty && names.firstIndex(of: name)! < index {
            throw DataError(file: file, line: header.line, column: header.fields[index],
                            problem: "the header names the column '\(name)' twice (columns \(names.firstIndex(of: name)! + 1) and \(index + 1))",
                            allowed: "each column name once")
        }
        guard let dateColumn = try column(dateColumns, required: true),
              let skuColumn = try column(skuColumns, required: true),
              let unitsColumn = try column(unitColumns, required: true) else {
            throw DataError(file: file, problem: "missing required columns")
        }
        let priceColumn = try column(priceColumns, required: false)
        let used = Set([dateColumn, skuColumn, unitsColumn] + (priceColumn.map { [$0] } ?? []))
        let promoColumns = names.indices.filter { !used.contains($0) && names[$0].hasPrefix("promo") }
        let featureColumns = names.indices.filter { !used.contains($0) && !promoColumns.contains($0) }
        guard rows.count > 1 else {
            throw DataError(file: file, line: header.line, problem: "the file has a header but no data rows", allowed: "one row per date and SKU below the header")
        }

        struct Record { var day: CalendarDay; var units: Double; var price: Double?; var promos: [Double]; var features: [Double?]; var line: Int }
        var bySKU: [String: [Record]] = [:]
        var order: [String] = []
        struct PlanRecord { var sku: String; var day: CalendarDay; var period: SKUPlan.Period; var line: Int }
        var planRecords: [PlanRecord] = []
        for row in rows.dropFirst() {
            try row.requireWidth(names.count, file: file)
            func cell(_ index: Int) -> String { row.cell(index) }
            let day = try row.date(at: dateColumn, column: header.fields[dateColumn], file: file)
            let sku = cell(skuColumn)
            guard !sku.isEmpty else {
                throw DataError(file: file, line: row.line, column: header.fields[skuColumn], problem: "the SKU is empty", allowed: "a non-empty SKU code")
            }
            guard sku.count <= 100, !sku.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw DataError(file: file, line: row.line, column: header.fields[skuColumn],
                                problem: "the SKU code is longer than 100 characters or contains control characters",
                                allowed: "a SKU code of at most 100 printable characters")
            }
            func number(_ index: Int, nonNegative: Bool) throws -> Double? {
                let text = cell(index)
                if text.isEmpty { return nil }
                guard let value = Double(text), value.isFinite, !nonNegative || value >= 0 else {
                    throw DataError(file: file, line: row.line, column: header.fields[index],
                                    problem: "'\(text)' is not \(nonNegative ? "a number >= 0" : "a number")",
                                    allowed: nonNegative ? "finite numbers >= 0" : "finite numbers, or an empty cell")
                }
                return value
            }
            let price = try priceColumn.flatMap { try number($0, nonNegative: true) }
            let promos = try promoColumns.map { try number($0, nonNegative: false) ?? 0 }
            let features = try featureColumns.map { try number($0, nonNegative: false) }
            guard let units = try number(unitsColumn, nonNegative: true) else {
                guard options.planRows else {
                    throw DataError(file: file, line: row.line, column: header.fields[unitsColumn], problem: "the units sold are empty",
                                    allowed: "a number >= 0 (0 for no sales)")
                }
                if let priceColumn { try PlanBuilder.checkPrice(price, file: file, line: row.line, column: header.fields[priceColumn]) }
                var period = SKUPlan.Period(price: price, line: row.line)
                for (c, index) in promoColumns.enumerated() { period.promotions[names[index]] = promos[c] }
                for (c, index) in featureColumns.enumerated() { if let value = features[c] { period.features[names[index]] = value } }
                planRecords.append(PlanRecord(sku: sku, day: day, period: period, line: row.line))
                continue
            }
            if bySKU[sku] == nil { order.append(sku) }
            bySKU[sku, default: []].append(Record(day: day, units: units, price: price, promos: promos, features: features, line: row.line))
        }

        // Frequency: every gap between a SKU's consecutive distinct dates must be a whole number of periods.
        let datedSKUs = order.map { sku in
            let records = bySKU[sku, default: []].sorted { $0.day < $1.day || ($0.day == $1.day && $0.line < $1.line) }
            var dates: [HistoryDate] = []
            for record in records where dates.last?.day != record.day { dates.append(HistoryDate(day: record.day, line: record.line)) }
            return (sku: sku, dates: dates)
        }
        let frequency = try options.frequency
            ?? HistoryFrequency.detect(datedSKUs, file: file, column: header.fields[dateColumn])
        let datesBySKU = Dictionary(uniqueKeysWithValues: datedSKUs.map { ($0.sku, $0.dates) })

        var warnings: [String] = []
        var histories: [SKUHistory] = []
        for sku in order.sorted() {
            let records = bySKU[sku, default: []].sorted { $0.day < $1.day || ($0.day == $1.day && $0.line < $1.line) }
            guard let first = records.first, let last = records.last else { continue }
            let calendar = try Self.calendar(of: sku, dates: datesBySKU[sku] ?? [], frequency: frequency, file: file,
                                             column: header.fields[dateColumn])
            let periods = calendar.periodCount(through: last.day)
            guard periods <= Self.maximumPeriods else {
                throw DataError(file: file, line: last.line, column: header.fields[dateColumn],
                                problem: "SKU '\(sku)' spans \(first.day) to \(last.day): \(periods) \(frequency.rawValue) periods, more than \(Self.maximumPeriods) (a mistyped date?)",
                                allowed: "at most \(Self.maximumPeriods) periods per SKU (100 years of daily data)")
            }
            var units = [Double?](repeating: options.missingDates == .zero ? 0 : nil, count: periods)
            var seen = [Int?](repeating: nil, count: periods)
            var prices: [Double?] = Array(repeating: nil, count: periods)
            var promos = Array(repeating: [Double](repeating: 0, count: periods), count: promoColumns.count)
            var features = Array(repeating: [Double?](repeating: nil, count: periods), count: featureColumns.count)
            var summed = 0
            for record in records {
                // Every distinct date was checked against the calendar above.
                guard let index = calendar.index(of: record.day), index < periods else { continue }
                if let earlier = seen[index] {
                    guard options.duplicates == .sum else {
                        throw DataError(file: file, line: record.line, problem: "SKU '\(sku)' has a second row for \(record.day) (first on line \(earlier))",
                                        allowed: "one row per SKU and date, or --duplicates sum to add them")
                    }
                    units[index] = (units[index] ?? 0) + record.units
                    summed += 1
                } else {
                    units[index] = record.units
                    seen[index] = record.line
                }
                if let price = record.price { prices[index] = price }
                for c in promoColumns.indices { promos[c][index] = max(promos[c][index], record.promos[c]) }
                for c in featureColumns.indices where record.features[c] != nil { features[c][index] = record.features[c] }
            }
            let filled = seen.filter { $0 == nil }.count
            if filled > 0 {
                warnings.append("SKU '\(sku)': \(filled) \(frequency.periodName)(s) without a row, treated as \(options.missingDates == .zero ? "zero sales" : "missing")")
            }
            if summed > 0 { warnings.append("SKU '\(sku)': \(summed) duplicate row(s) summed") }
            let outliers = Self.outliers(units, threshold: options.outlierThreshold)
            if !outliers.isEmpty {
                let dates = outliers.prefix(5).map { calendar.date(at: $0).description }
                warnings.append("SKU '\(sku)': \(outliers.count) outlier(s) flagged (e.g. \(dates.joined(separator: ", "))), kept as they are")
            }
            histories.append(SKUHistory(
                sku: sku, calendar: calendar, units: units,
                prices: priceColumn == nil ? nil : prices,
                promotions: Dictionary(uniqueKeysWithValues: promoColumns.enumerated().map { (names[$0.element], promos[$0.offset]) }),
                features: Dictionary(uniqueKeysWithValues: featureColumns.enumerated().map { (names[$0.element], features[$0.offset]) }),
                outlierPeriods: outliers))
        }
        let plan = try Self.plan(planRecords.map { ($0.sku, $0.day, $0.period) }, histories: histories, file: file,
                                 unitsColumn: header.fields[unitsColumn], dateColumn: header.fields[dateColumn],
                                 featureNames: featureColumns.map { names[$0] })
        return SalesHistory(frequency: frequency, skus: histories, warnings: warnings, hasPrices: priceColumn != nil,
                            promotionNames: promoColumns.map { names[$0] }.sorted(), featureNames: featureColumns.map { names[$0] },
                            plan: plan)
    }

    /// The plan of the rows with empty units: each must come after its SKU's last sale, on its calendar.
    /// - Throws: ``DataError`` for an empty units cell before a SKU's last sale, a SKU with no sales at all,
    ///   or a plan date off the calendar or given twice.
    static func plan(_ records: [(sku: String, day: CalendarDay, period: SKUPlan.Period)], histories: [SKUHistory], file: String,
                     unitsColumn: String, dateColumn: String, featureNames: [String]) throws -> SalesPlan {
        guard !records.isEmpty else { return SalesPlan(file: file) }
        let bySKU = Dictionary(uniqueKeysWithValues: histories.map { ($0.sku, $0) })
        var builder = PlanBuilder(file: file, dateColumn: dateColumn)
        for record in records.sorted(by: { $0.period.line < $1.period.line }) {
            guard let sku = bySKU[record.sku] else {
                throw DataError(file: file, line: record.period.line, column: unitsColumn,
                                problem: "the units sold are empty, and SKU '\(record.sku)' has no row with units: no history to forecast from",
                                allowed: "a number >= 0 (0 for no sales); empty units only on rows after a SKU's last sale (its plan)")
            }
            if let index = sku.calendar.index(of: record.day), index < sku.count {
                throw DataError(file: file, line: record.period.line, column: unitsColumn,
                                problem: "the units sold are empty, but SKU '\(record.sku)' sold after \(record.day) (its last sale is dated \(sku.date(at: sku.count - 1)))",
                                allowed: "a number >= 0 (0 for no sales); empty units only on rows after a SKU's last sale (its plan)")
            }
            try builder.add(sku, day: record.day, period: record.period)
        }
        return SalesPlan(file: file, skus: builder.skus, featureNames: featureNames)
    }

    /// A SKU's calendar at the history's frequency.
    /// - Throws: ``DataError`` at the first date (in date order) that is not on it.
    static func calendar(of sku: String, dates: [HistoryDate], frequency: HistoryFrequency, file: String, column: String) throws -> PeriodCalendar {
        guard let first = dates.first else { return PeriodCalendar(start: CalendarDay(daysSinceEpoch: 0), step: .days(1)) }
        if let months = frequency.stepMonths {
            let fit = MonthGrid.fit(dates.map(\.day), everyMonths: months)
            guard let broken = fit.breakingIndex else {
                return PeriodCalendar(start: first.day, step: .months(months, dayOfMonth: fit.dayOfMonth))
            }
            let grid = PeriodCalendar(start: first.day, step: .months(months, dayOfMonth: fit.dayOfMonth))
            throw DataError(file: file, line: dates[broken].line, column: column,
                            problem: "\(dates[broken].day) is not on the \(frequency.rawValue) grid of SKU '\(sku)' (\(grid), as set by its earlier dates)",
                            allowed: "one date every \(months == 1 ? "month" : "\(months) months") on one day of the month (the 1st, the 15th, month ends, …; "
                                + "a day beyond a short month's end falls on its last day)")
        }
        let calendar = PeriodCalendar(start: first.day, step: .days(frequency.stepDays ?? 1))
        if let broken = dates.first(where: { calendar.index(of: $0.day) == nil }) {
            throw DataError(file: file, line: broken.line, column: column,
                            problem: "\(broken.day) is not on the \(frequency.rawValue) grid of SKU '\(sku)' (which starts \(first.day))",
                            allowed: frequency == .weekly ? "weekly dates on the same weekday" : "one row per day")
        }
        return calendar
    }

    /// Indices whose robust z-score exceeds the threshold (median and MAD of the known values).
    static func outliers(_ units: [Double?], threshold: Double) -> [Int] {
        let known = units.compactMap { $0 }.sorted()
        guard known.count >= 8 else { return [] }
        let median = known[known.count / 2]
        let deviations = known.map { abs($0 - median) }.sorted()
        let mad = deviations[deviations.count / 2]
        guard mad > 0 else { return [] }
        return units.indices.filter { i in units[i].map { abs($0 - median) / (1.4826 * mad) > threshold } ?? false }
    }
}
