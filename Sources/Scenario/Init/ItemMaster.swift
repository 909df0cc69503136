import Forecasting
import Foundation

/// A planner's item master (`items.csv`): one row per SKU and supplier.
///
/// Columns (names case-insensitive; `scenarios/data/items.csv` is an example):
/// - required: `sku`, `unit_cost` (currency per unit), `price` (selling price, currency per unit),
///   `lead_time_days`;
/// - optional: `supplier` (name, default `main`; several rows of one SKU with different suppliers give it
///   several suppliers, the first row's being the default), `lead_time_sd_days` (a gamma law with that
///   mean and standard deviation instead of a constant), `min_order_units`, `order_multiple_units`,
///   `fixed_cost_per_order` (currency per order), `last_order_day` (day of the run after which the
///   supplier takes no orders), `carrying_rate_pct_per_year` (holding cost as % of the unit cost per
///   year, default 25), `shortage` (`lost-sales` or `backorder`, default `lost-sales`),
///   `shortage_penalty` (lost sales: currency per unit lost, default 0 — the margin is lost anyway;
///   backorders: currency per unit per day, required), `min_units` and `max_units` (the planner's current
///   min/max rule: reorder at or below min, up to max).
public struct ItemMaster: Sendable, Equatable {
    /// One supplier of a SKU.
    public struct Supplier: Sendable, Equatable {
        public var name: String
        public var unitCost: Double
        public var leadTimeDays: Double
        public var leadTimeSDDays: Double?
        public var minimumOrderUnits: Int?
        public var orderMultipleUnits: Int?
        public var fixedCostPerOrder: Double?
        public var lastOrderDay: Int?
    }

    /// One SKU.
    public struct Item: Sendable, Equatable {
        public var sku: String
        /// Selling price, currency per unit.
        public var price: Double
        /// Holding cost as a percentage of the unit cost per year.
        public var carryingRatePercentPerYear: Double
        /// `true` for backorders, `false` for lost sales.
        public var backorders: Bool
        /// Lost sales: currency per unit lost; backorders: currency per unit per day.
        public var shortagePenalty: Double
        /// The planner's current min/max rule, when the master has one.
        public var minUnits: Int?
        public var maxUnits: Int?
        /// Suppliers, the default first.
        public var suppliers: [Supplier]
        /// The line of the SKU's first row.
        public var line: Int

        /// Holding cost, currency per unit per day: unit cost × rate / 100 / 365 (of the default supplier).
        public var holdingCostPerUnitDay: Double { suppliers[0].unitCost * carryingRatePercentPerYear / 100 / 365 }
    }

    /// Items in file order.
    public var items: [Item]

    static let known = ["sku", "supplier", "unit_cost", "price", "lead_time_days", "lead_time_sd_days", "min_order_units",
                        "order_multiple_units", "fixed_cost_per_order", "last_order_day", "carrying_rate_pct_per_year",
                        "shortage", "shortage_penalty", "min_units", "max_units"]

    /// Reads an item master.
    /// - Throws: ``DataError`` naming the file, line and column of the first bad cell and what is allowed.
    public static func load(path: String) throws -> ItemMaster {
        let table = try CSVTableFile(path: path, required: ["sku", "unit_cost", "price", "lead_time_days"], known: known)
        var items: [Item] = []
        var index: [String: Int] = [:]
        for row in table.rows {
            let sku = try row.text("sku", maximumLength: 100)
            let supplierName = try row.optionalText("supplier") ?? "main"
            let supplier = Supplier(
                name: supplierName, unitCost: try row.number("unit_cost", range: 1e-9...1e9, allowed: "a unit cost from 1e-9 to 1e9"),
                leadTimeDays: try row.number("lead_time_days", range: 0...3650, allowed: "0 to 3650 days"),
                leadTimeSDDays: try row.optionalNumber("lead_time_sd_days", range: 0...3650, allowed: "0 to 3650 days"),
                minimumOrderUnits: try row.optionalInteger("min_order_units", range: 0...1_000_000_000),
                orderMultipleUnits: try row.optionalInteger("order_multiple_units", range: 1...1_000_000_000),
                fixedCostPerOrder: try row.optionalNumber("fixed_cost_per_order", range: 0...1e9, allowed: "0 to 1e9 per order"),
                lastOrderDay: try row.optionalInteger("last_order_day", range: 0...10_000_000))
            if let existing = index[sku] {
                guard !items[existing].suppliers.contains(where: { $0.name == supplierName }) else {
                    throw row.error("supplier", "SKU '\(sku)' lists supplier '\(supplierName)' twice (first on line \(items[existing].line))",
                                    allowed: "one row per SKU and supplier")
                }
                let price = try row.number("price", range: 1e-9...1e9, allowed: "a price from 1e-9 to 1e9")
                guard price == items[existing].price else {
                    throw row.error("price", "SKU '\(sku)' has price \(price) here but \(items[existing].price) on line \(items[existing].line)",
                                    allowed: "the same price on every row of a SKU")
                }
                items[existing].suppliers.append(supplier)
                continue
            }
            let shortage = try row.optionalText("shortage") ?? "lost-sales"
            guard shortage == "lost-sales" || shortage == "backorder" else {
                throw row.error("shortage", "'\(shortage)' is not a shortage rule", allowed: "lost-sales or backorder")
            }
            let penalty = try row.optionalNumber("shortage_penalty", range: 0...1e9, allowed: "0 to 1e9")
            if shortage == "backorder", penalty == nil || penalty == 0 {
                throw row.error("shortage_penalty", "backorders need a cost per unit per day", allowed: "a number above 0, e.g. 0.5")
            }
            let minUnits = try row.optionalInteger("min_units", range: 0...1_000_000_000)
            let maxUnits = try row.optionalInteger("max_units", range: 1...1_000_000_000)
            if (minUnits == nil) != (maxUnits == nil) {
                throw row.error(minUnits == nil ? "min_units" : "max_units", "the min/max rule needs both min_units and max_units",
                                allowed: "both cells filled, or both empty")
            }
            if let minUnits, let maxUnits, maxUnits <= minUnits {
                throw row.error("max_units", "max \(maxUnits) is not above min \(minUnits)", allowed: "max_units > min_units")
            }
            index[sku] = items.count
            items.append(Item(sku: sku, price: try row.number("price", range: 1e-9...1e9, allowed: "a price from 1e-9 to 1e9"),
                              carryingRatePercentPerYear: try row.optionalNumber("carrying_rate_pct_per_year", range: 0...1000,
                                                                                 allowed: "0 to 1000 (% of the unit cost per year)") ?? 25,
                              backorders: shortage == "backorder", shortagePenalty: penalty ?? 0, minUnits: minUnits, maxUnits: maxUnits,
                              suppliers: [supplier], line: row.line))
        }
        guard !items.isEmpty else { throw DataError(file: path, problem: "the item master has no rows", allowed: "one row per SKU and supplier") }
        return ItemMaster(items: items)
    }
}

/// Stock on hand and open orders (`stock.csv`): `sku`, `on_hand_units`, and for open orders
/// `open_order_units` with `due_date` (YYYY-MM-DD) and optionally `supplier`. A SKU may have several rows
/// (one per open order); its on-hand cell may be filled on one of them only.
public struct StockPosition: Sendable, Equatable {
    /// An order placed and not yet received.
    public struct OpenOrder: Sendable, Equatable {
        public var units: Int
        public var dueDate: CalendarDay
        public var supplier: String?
        public var line: Int
    }

    /// Per SKU: units on hand.
    public var onHandUnits: [String: Int]
    /// Per SKU: open orders in file order.
    public var openOrders: [String: [OpenOrder]]
    /// Per SKU: the line of its first row.
    public var firstLines: [String: Int] = [:]

    /// Reads a stock file.
    /// - Throws: ``DataError`` naming the file, line and column of the first bad cell.
    public static func load(path: String) throws -> StockPosition {
        let table = try CSVTableFile(path: path, required: ["sku"], known: ["sku", "on_hand_units", "open_order_units", "due_date", "supplier"])
        var onHand: [String: Int] = [:], lines: [String: Int] = [:]
        var orders: [String: [OpenOrder]] = [:]
        var firstLines: [String: Int] = [:]
        for row in table.rows {
            let sku = try row.text("sku", maximumLength: 100)
            if firstLines[sku] == nil { firstLines[sku] = row.line }
            if let units = try row.optionalInteger("on_hand_units", range: 0...1_000_000_000) {
                if let first = lines[sku] {
                    throw row.error("on_hand_units", "SKU '\(sku)' has its on-hand units on line \(first) already", allowed: "one on-hand cell per SKU")
                }
                onHand[sku] = units
                lines[sku] = row.line
            }
            if let units = try row.optionalInteger("open_order_units", range: 1...1_000_000_000) {
                let text = try row.optionalText("due_date") ?? ""
                guard let due = CalendarDay(iso: Substring(text)) else {
                    throw row.error("due_date", text.isEmpty ? "an open order needs its due date" : "'\(text)' is not a date",
                                    allowed: "YYYY-MM-DD")
                }
                orders[sku, default: []].append(OpenOrder(units: units, dueDate: due, supplier: try row.optionalText("supplier"), line: row.line))
            }
        }
        return StockPosition(onHandUnits: onHand, openOrders: orders, firstLines: firstLines)
    }
}

/// A small CSV table with named columns and cell readers that report file, line and column.
struct CSVTableFile {
    struct Row {
        let file: String
        let line: Int
        let cells: [String: String]

        func error(_ column: String, _ problem: String, allowed: String) -> DataError {
            DataError(file: file, line: line, column: column, problem: problem, allowed: allowed)
        }
        func optionalText(_ column: String) throws -> String? {
            guard let raw = cells[column]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func text(_ column: String, maximumLength: Int) throws -> String {
            guard let text = try optionalText(column) else { throw error(column, "the cell is empty", allowed: "a value") }
            guard text.count <= maximumLength, text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw error(column, "'\(text.prefix(40))' is too long or holds control characters",
                            allowed: "at most \(maximumLength) printable characters")
            }
            return text
        }
        func optionalNumber(_ column: String, range: ClosedRange<Double>, allowed: String) throws -> Double? {
            guard let text = try optionalText(column) else { return nil }
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw error(column, "'\(text.prefix(40))' is not a number in range", allowed: allowed)
            }
            return value
        }
        func number(_ column: String, range: ClosedRange<Double>, allowed: String) throws -> Double {
            guard let value = try optionalNumber(column, range: range, allowed: allowed) else {
                throw error(column, "the cell is empty", allowed: allowed)
            }
            return value
        }
        func optionalInteger(_ column: String, range: ClosedRange<Int>) throws -> Int? {
            guard let text = try optionalText(column) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw error(column, "'\(text.prefix(40))' is not a whole number from \(range.lowerBound) to \(range.upperBound)",
                            allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }

    let rows: [Row]

    init(path: String, required: [String], known: [String]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(file: path, problem: "cannot read the file", allowed: "a readable CSV file")
        }
        guard data.count <= 200_000_000 else { throw DataError(file: path, problem: "the file is larger than 200 MB", allowed: "at most 200 MB") }
        let text: String
        switch TextFile.decodeUTF8(data) {
        case .success(let decoded): text = decoded.hasPrefix("\u{FEFF}") ? String(decoded.dropFirst()) : decoded
        case .failure(let bad): throw DataError(file: path, line: bad.line, problem: "invalid UTF-8", allowed: "a UTF-8 text file")
        }
        let parsed: [CSVReader.Row]
        switch CSVReader.rows(text) {
        case .success(let rows): parsed = rows
        case .failure(let quote): throw DataError(file: path, line: quote.line, problem: "a quoted field is never closed", allowed: "RFC 4180 quoting")
        }
        guard let header = parsed.first else { throw DataError(file: path, problem: "the file is empty", allowed: "a header row, then data rows") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (position, name) in names.enumerated() {
            guard known.contains(name) else {
                throw DataError(file: path, line: header.line, column: name.isEmpty ? "#\(position + 1)" : name,
                                problem: "unknown column '\(name.prefix(40))'", allowed: known.joined(separator: ", "))
            }
            guard names.firstIndex(of: name) == position else {
                throw DataError(file: path, line: header.line, column: name, problem: "the column appears twice", allowed: "each column once")
            }
        }
        for name in required where !names.contains(name) {
            throw DataError(file: path, line: header.line, problem: "the column '\(name)' is missing", allowed: "columns \(required.joined(separator: ", ")) at least")
        }
        rows = try parsed.dropFirst().map { row in
            guard row.fields.count == names.count else {
                throw DataError(file: path, line: row.line, problem: "the row has \(row.fields.count) cells but the header \(names.count)",
                                allowed: "one cell per header column")
            }
            return Row(file: path, line: row.line, cells: Dictionary(uniqueKeysWithValues: zip(names, row.fields)))
        }
    }
}
