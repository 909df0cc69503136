import Foundation

/// What a planner intends for the periods after each SKU's last sale: prices, promotions and other
/// features, by SKU and period. Causal models (``RegressionForecaster``, ``LSTMForecaster``) forecast for
/// the plan; the others ignore it.
///
/// A plan comes either from the history itself — rows after a SKU's last sale whose units cell is empty
/// (read when ``HistoryOptions/planRows`` is set) — or from a file of its own (`restock forecast --plan`):
/// columns `date`, `sku` and any of the history's `price`, `promo*` and feature columns; a `units` column,
/// if present, must be empty. Every date must lie on the SKU's calendar after its last sale, once per SKU;
/// a SKU that is not in the history is an error (a plan for a mistyped code would otherwise be dropped
/// without a word).
public struct SalesPlan: Sendable, Equatable {
    /// The file the plan was read from (for messages).
    public var file: String
    /// Each planned SKU's periods.
    public var skus: [String: SKUPlan]
    /// Names of the feature columns the plan gives (lower-cased, as in the history).
    public var featureNames: [String]

    /// Creates a plan.
    public init(file: String = "", skus: [String: SKUPlan] = [:], featureNames: [String] = []) {
        self.file = file
        self.skus = skus
        self.featureNames = featureNames
    }

    /// Whether no SKU has a planned period.
    public var isEmpty: Bool { skus.values.allSatisfy { $0.periods.isEmpty } }

    /// Reads a plan file for `history`.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - history: the history the plan continues (its SKUs, calendars and columns).
    /// - Returns: the plan.
    /// - Throws: ``DataError`` naming file, line and column.
    public static func load(path: String, history: SalesHistory) throws -> SalesPlan {
        let text = try TextFile.readCSV(path: path, what: "the plan file", allowed: "a CSV file with date, sku and price or promo* columns")
        return try parse(text: text, file: path, history: history)
    }

    /// Parses plan text for `history`; `file` is only used in messages.
    /// - Parameters:
    ///   - text: CSV contents.
    ///   - file: name for messages.
    ///   - history: the history the plan continues.
    /// - Returns: the plan.
    /// - Throws: ``DataError``.
    public static func parse(text: String, file: String, history: SalesHistory) throws -> SalesPlan {
        let rows: [CSVReader.Row]
        switch CSVReader.rows(text) {
        case .success(let parsed): rows = parsed
        case .failure(let quote):
            throw DataError(file: file, line: quote.line, problem: "a quoted field is never closed", allowed: "fields in double quotes, with \"\" for a quote inside")
        }
        let expected = "columns date, sku and any of the history's columns " + history.covariateColumnList
        guard let header = rows.first else {
            throw DataError(file: file, line: 1, problem: "the plan file is empty", allowed: "a header line (\(expected)) and one row per SKU and planned date")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (index, name) in names.enumerated() where !name.isEmpty && names.firstIndex(of: name)! < index {
            throw DataError(file: file, line: header.line, column: header.fields[index],
                            problem: "the header names the column '\(name)' twice", allowed: "each column name once")
        }
        func column(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
        guard let dateColumn = column(SalesHistory.dateColumns), let skuColumn = column(SalesHistory.skuColumns) else {
            throw DataError(file: file, line: header.line, problem: "the header has no '\(column(SalesHistory.dateColumns) == nil ? "date" : "sku")' column (found: \(names.joined(separator: ", ")))",
                            allowed: expected)
        }
        let unitsColumn = column(SalesHistory.unitColumns)
        let priceColumn = column(SalesHistory.priceColumns)
        let used = Set([dateColumn, skuColumn] + [unitsColumn, priceColumn].compactMap { $0 })
        let promoColumns = names.indices.filter { !used.contains($0) && names[$0].hasPrefix("promo") }
        let featureColumns = names.indices.filter { !used.contains($0) && !promoColumns.contains($0) }
        if let priceColumn, !history.hasPrices {
            throw DataError(file: file, line: header.line, column: header.fields[priceColumn],
                            problem: "the plan gives prices but the history has no price column, so no model learned a price response",
                            allowed: expected)
        }
        for index in promoColumns + featureColumns {
            let known = promoColumns.contains(index) ? history.promotionNames : history.featureNames
            guard known.contains(names[index]) else {
                throw DataError(file: file, line: header.line, column: header.fields[index],
                                problem: "'\(names[index])' is not a column of the history, so no model learned its effect",
                                allowed: expected)
            }
        }
        guard priceColumn != nil || !promoColumns.isEmpty else {
            throw DataError(file: file, line: header.line,
                            problem: "the plan has no price or promo* column (found: \(names.joined(separator: ", "))): there is nothing a model could forecast for",
                            allowed: expected)
        }
        guard rows.count > 1 else {
            throw DataError(file: file, line: header.line, problem: "the plan has a header but no rows", allowed: "one row per SKU and planned date below the header")
        }
        let bySKU = Dictionary(uniqueKeysWithValues: history.skus.map { ($0.sku, $0) })
        var builder = PlanBuilder(file: file, dateColumn: header.fields[dateColumn])
        for row in rows.dropFirst() {
            try row.requireWidth(names.count, file: file)
            func cell(_ index: Int) -> String { row.cell(index) }
            let day = try row.date(at: dateColumn, column: header.fields[dateColumn], file: file)
            let code = cell(skuColumn)
            guard let sku = bySKU[code] else {
                let shown = code.count <= 100 ? code : String(code.prefix(100)) + "…"
                throw DataError(file: file, line: row.line, column: header.fields[skuColumn],
                                problem: "SKU '\(shown)' is not in the history, so there is nothing to forecast for it",
                                allowed: "SKUs of the history (\(history.skus.prefix(5).map(\.sku).joined(separator: ", "))\(history.skus.count > 5 ? ", …" : ""))")
            }
            if let unitsColumn, !cell(unitsColumn).isEmpty {
                throw DataError(file: file, line: row.line, column: header.fields[unitsColumn],
                                problem: "a plan row has units sold ('\(cell(unitsColumn))'); a plan gives the prices and promotions of periods not yet sold",
                                allowed: "an empty units cell (or no units column); sales belong in the history file")
            }
            func number(_ index: Int) throws -> Double? {
                let text = cell(index)
                if text.isEmpty { return nil }
                guard let value = Double(text), value.isFinite else {
                    throw DataError(file: file, line: row.line, column: header.fields[index], problem: "'\(text)' is not a number",
                                    allowed: "finite numbers, or an empty cell")
                }
                return value
            }
            var period = SKUPlan.Period(line: row.line)
            if let priceColumn {
                period.price = try number(priceColumn)
                try PlanBuilder.checkPrice(period.price, file: file, line: row.line, column: header.fields[priceColumn])
            }
            for index in promoColumns { period.promotions[names[index]] = try number(index) ?? 0 }
            for index in featureColumns { if let value = try number(index) { period.features[names[index]] = value } }
            try builder.add(sku, day: day, period: period)
        }
        return SalesPlan(file: file, skus: builder.skus, featureNames: featureColumns.map { names[$0] })
    }
}

/// One SKU's planned periods.
public struct SKUPlan: Sendable, Equatable {
    /// One planned period: the values a row gives (an empty cell is `nil` for price and features, 0 for a
    /// promotion, as in the history).
    public struct Period: Sendable, Equatable {
        /// Planned selling price, currency per unit (`nil`: not given, the last one holds).
        public var price: Double?
        /// Promotion columns given (name → value); a column not given is 0.
        public var promotions: [String: Double]
        /// Feature columns given (name → value); a column not given keeps its last value.
        public var features: [String: Double]
        /// The row's line in its file.
        public var line: Int

        /// Creates a period.
        public init(price: Double? = nil, promotions: [String: Double] = [:], features: [String: Double] = [:], line: Int) {
            self.price = price
            self.promotions = promotions
            self.features = features
            self.line = line
        }
    }

    /// Planned periods by step ahead: 0 is the first period after the SKU's last sale.
    public var periods: [Int: Period]

    /// Creates a plan.
    public init(periods: [Int: Period] = [:]) { self.periods = periods }
}

/// Collects plan rows, checking each date against its SKU's calendar.
struct PlanBuilder {
    var file: String
    var dateColumn: String
    var skus: [String: SKUPlan] = [:]

    /// Adds one row.
    /// - Throws: ``DataError`` for a date off the SKU's calendar, not after its last sale, or planned twice.
    mutating func add(_ sku: SKUHistory, day: CalendarDay, period: SKUPlan.Period) throws {
        let next = sku.date(at: sku.count)
        let allowed = "dates on the calendar of SKU '\(sku.sku)' (\(sku.calendar)) after its last sale: \(next), \(sku.date(at: sku.count + 1)), …"
        guard let index = sku.calendar.index(of: day) else {
            throw DataError(file: file, line: period.line, column: dateColumn,
                            problem: "\(day) is not on the calendar of SKU '\(sku.sku)'", allowed: allowed)
        }
        guard index >= sku.count else {
            throw DataError(file: file, line: period.line, column: dateColumn,
                            problem: "\(day) is not after the last sale of SKU '\(sku.sku)' (\(sku.date(at: sku.count - 1))): a plan covers the periods still to come",
                            allowed: allowed)
        }
        let step = index - sku.count
        if let earlier = skus[sku.sku]?.periods[step] {
            throw DataError(file: file, line: period.line, column: dateColumn,
                            problem: "SKU '\(sku.sku)' has a second plan row for \(day) (first on line \(earlier.line))",
                            allowed: "one plan row per SKU and date")
        }
        skus[sku.sku, default: SKUPlan()].periods[step] = period
    }

    /// A planned price must be positive: the causal models work with its logarithm.
    static func checkPrice(_ price: Double?, file: String, line: Int, column: String) throws {
        if let price, !(price > 0) {
            throw DataError(file: file, line: line, column: column, problem: "the planned price \(price) is not positive",
                            allowed: "a price > 0, or an empty cell to keep the last price")
        }
    }
}
