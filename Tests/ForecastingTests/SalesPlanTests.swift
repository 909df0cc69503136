import Foundation
import Testing
@testable import Forecasting

/// Plans as input: the regression forecasts for planned promotions and prices, the others say they ignore
/// them, missing periods carry forward, backtests use what really happened, bad plans are located errors.
@Suite("Sales plans")
struct SalesPlanTests {
    /// Weeks of history (Mondays from 2023-01-02).
    static let weeks = 104
    /// The sales multiplier of a promotion in the synthetic history.
    static let lift = 2.0
    static let start = CalendarDay(iso: "2023-01-02")!

    /// A weekly history of SKU `A` (and `B`, without promotions): a yearly season, a little deterministic
    /// noise, and sales × ``lift`` in the promoted weeks (every 7th week). Price 10, no price changes.
    static func historyText(extra: String = "") -> String {
        var text = "date,sku,units,price,promo\n"
        var state: UInt64 = 12345
        for week in 0..<weeks {
            // A small linear congruential generator: noise of ±3% that any run reproduces.
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = 1 + 0.06 * (Double(state >> 11) / Double(1 << 53) - 0.5)
            let promoted = week % 7 == 3
            let base = 100 * (1 + 0.3 * sin(2 * Double.pi * Double(week) / 52)) * noise
            let units = (base * (promoted ? lift : 1)).rounded()
            let day = start.adding(days: 7 * week)
            text += "\(day),A,\(Int(units)),10.00,\(promoted ? 1 : 0)\n"
            text += "\(day),B,\(Int(base.rounded())),5.00,0\n"
        }
        return text + extra
    }

    /// The date of forecast period `step` (1-based).
    static func date(_ step: Int) -> CalendarDay { start.adding(days: 7 * (weeks - 1 + step)) }

    static func history(_ text: String = historyText()) throws -> SalesHistory {
        try SalesHistory.parse(text: text, file: "history.csv", options: HistoryOptions(planRows: true))
    }

    /// Plan rows for SKU A over `steps` weeks with promotions in `promoted` weeks and `price` per week.
    static func planRows(steps: Int, promoted: Set<Int>, price: (Int) -> Double = { _ in 10 }) -> String {
        (1...steps).map { "\(date($0)),A,\(price($0)),\(promoted.contains($0) ? 1 : 0)\n" }.joined()
    }

    static func run(_ history: SalesHistory, plan: SalesPlan? = nil, model: String = "regression", horizon: Int = 13) throws
        -> [ForecastRun.SKUResult] {
        try ForecastRun(horizon: horizon, model: model, folds: 2).run(history, plan: plan)
    }

    @Test("the regression forecast for promotions in periods 5 and 13 is higher exactly there, by about the lift")
    func promotionsInPlannedPeriods() throws {
        let history = try Self.history()
        let plan = try SalesPlan.parse(text: "date,sku,price,promo\n" + Self.planRows(steps: 13, promoted: [5, 13]),
                                       file: "plan.csv", history: history)
        let planned = try #require(try Self.run(history, plan: plan).first { $0.sku == "A" })
        let carried = try #require(try Self.run(history).first { $0.sku == "A" })
        #expect(planned.model.contains("promo") && planned.usesCovariates)
        for step in 1...13 {
            let ratio = planned.forecast.mean[step - 1] / carried.forecast.mean[step - 1]
            if step == 5 || step == 13 {
                #expect(abs(ratio - Self.lift) < 0.1 * Self.lift, "period \(step): ratio \(ratio)")
            } else {
                #expect(ratio == 1, "period \(step): ratio \(ratio)")
            }
        }
        #expect(planned.future.planned == Array(repeating: true, count: 13))
        #expect(planned.future.promotions == [(1...13).map { $0 == 5 || $0 == 13 ? 1.0 : 0.0 }])
        // Without a plan: the last price, no promotion, every period carried forward, no notes about plans.
        #expect(carried.future.prices == Array(repeating: 10, count: 13))
        #expect(carried.future.promotions == [Array(repeating: 0, count: 13)])
        #expect(carried.future.planned == Array(repeating: false, count: 13))
        #expect(!carried.notes.contains { $0.contains("plan") })
    }

    @Test("plan rows in the history (empty units after the last sale) forecast the same as the plan file")
    func rowsInTheHistory() throws {
        let rows = Self.planRows(steps: 13, promoted: [5, 13]).split(separator: "\n").map { line -> String in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return "\(cells[0]),\(cells[1]),,\(cells[2]),\(cells[3])\n"
        }.joined()
        let inside = try Self.history(Self.historyText(extra: rows))
        #expect(inside.skus.first { $0.sku == "A" }?.count == Self.weeks)
        let separate = try Self.history()
        let plan = try SalesPlan.parse(text: "date,sku,price,promo\n" + Self.planRows(steps: 13, promoted: [5, 13]),
                                       file: "plan.csv", history: separate)
        let a = try Self.run(inside), b = try Self.run(separate, plan: plan)
        #expect(a.map(\.forecast) == b.map(\.forecast))
        // Without planRows the same file is refused, as before: an empty units cell.
        #expect(throws: DataError.self) { try SalesHistory.parse(text: Self.historyText(extra: rows), file: "history.csv") }
    }

    @Test("a plan shorter than the horizon and a SKU without a plan carry the last values forward, with notes")
    func missingRowsCarryForward() throws {
        let history = try Self.history()
        let plan = try SalesPlan.parse(text: "date,sku,price,promo\n" + Self.planRows(steps: 4, promoted: [2], price: { _ in 12 }),
                                       file: "plan.csv", history: history)
        let results = try Self.run(history, plan: plan, horizon: 8)
        let a = try #require(results.first { $0.sku == "A" }), b = try #require(results.first { $0.sku == "B" })
        #expect(a.future.planned == [true, true, true, true, false, false, false, false])
        #expect(a.future.prices == Array(repeating: 12, count: 8))
        #expect(a.future.promotions == [[0, 1, 0, 0, 0, 0, 0, 0]])
        #expect(a.notes.contains { $0.contains("no row for period(s) 5-8 of 8 (from \(Self.date(5)))") }, "\(a.notes)")
        #expect(b.notes.contains { $0.contains("no plan rows") }, "\(b.notes)")
        #expect(b.future.prices == Array(repeating: 5, count: 8))
    }

    @Test("a model without covariates says it ignores the plan, and its forecast does not change")
    func modelsThatIgnoreThePlan() throws {
        let history = try Self.history()
        let plan = try SalesPlan.parse(text: "date,sku,promo\n" + (1...4).map { "\(Self.date($0)),A,1\n" }.joined(),
                                       file: "plan.csv", history: history)
        let withPlan = try #require(try Self.run(history, plan: plan, model: "ses", horizon: 4).first)
        let without = try #require(try Self.run(history, model: "ses", horizon: 4).first)
        #expect(!withPlan.usesCovariates && withPlan.forecast == without.forecast)
        #expect(withPlan.notes.contains { $0.hasSuffix("ignores the plan (it uses no price or promotion)") }, "\(withPlan.notes)")
        #expect(!ForecasterCatalog.usesCovariates("ets") && ForecasterCatalog.usesCovariates("auto")
                && ForecasterCatalog.usesCovariates("regression") && ForecasterCatalog.usesCovariates("lstm"))
    }

    @Test("backtests use the promotions that really happened in each held-out window, with or without a plan")
    func backtestsUseWhatHappened() throws {
        let history = try Self.history()
        let plan = try SalesPlan.parse(text: "date,sku,price,promo\n" + Self.planRows(steps: 13, promoted: [1, 2, 3]),
                                       file: "plan.csv", history: history)
        let planned = try #require(try Self.run(history, plan: plan).first { $0.sku == "A" })
        let carried = try #require(try Self.run(history).first { $0.sku == "A" })
        #expect(planned.backtests == carried.backtests)
        // In every fold the promoted held-out weeks (week % 7 == 3) are forecast about `lift` times their neighbours.
        let fold = try #require(planned.backtests.first?.folds.last)
        let promoted = (0..<fold.actual.count).filter { (fold.origin + $0) % 7 == 3 }
        #expect(!promoted.isEmpty)
        for h in promoted where h > 0 {
            let ratio = fold.forecast.mean[h] / fold.forecast.mean[h - 1]
            #expect(abs(ratio - Self.lift) < 0.2 * Self.lift, "held-out step \(h): ratio \(ratio)")
        }
    }

    /// Parses `plan` (lines below the header) for the synthetic history and returns the error.
    static func planError(_ header: String, _ rows: String) throws -> DataError {
        let history = try Self.history()
        do {
            _ = try SalesPlan.parse(text: header + "\n" + rows, file: "plan.csv", history: history)
        } catch let error as DataError {
            return error
        }
        throw ForecastError("the plan was accepted")
    }

    @Test("bad plans are refused with file, line, column, what is wrong and what is allowed")
    func badPlans() throws {
        let next = Self.date(1), header = "date,sku,price,promo"
        let units = try Self.planError("date,sku,units,price,promo", "\(next),A,5,10,1")
        #expect(units.line == 2 && units.column == "units" && units.problem.contains("has units sold"))
        let early = try Self.planError(header, "\(Self.date(0)),A,10,1")
        #expect(early.line == 2 && early.column == "date" && early.problem.contains("not after the last sale") && early.allowed.contains("\(next)"))
        let offCalendar = try Self.planError(header, "\(next.adding(days: 1)),A,10,1")
        #expect(offCalendar.problem.contains("is not on the calendar of SKU 'A'"))
        let twice = try Self.planError(header, "\(next),A,10,1\n\(next),A,10,0")
        #expect(twice.line == 3 && twice.problem.contains("second plan row") && twice.problem.contains("line 2"))
        let unknown = try Self.planError(header, "\(next),C,10,1")
        #expect(unknown.column == "sku" && unknown.problem.contains("SKU 'C' is not in the history"))
        let price = try Self.planError(header, "\(next),A,0,1")
        #expect(price.column == "price" && price.problem.contains("not positive"))
        let column = try Self.planError("date,sku,promo_tv", "\(next),A,1")
        #expect(column.line == 1 && column.column == "promo_tv" && column.allowed.contains("(price, promo)"))
        let nothing = try Self.planError("date,sku", "\(next),A")
        #expect(nothing.line == 1 && nothing.problem.contains("no price or promo* column"))
        let text = try Self.planError(header, "\(next),A,ten,1")
        #expect(text.description == "plan.csv:2: column 'price': 'ten' is not a number. Allowed: finite numbers, or an empty cell.")
    }

    @Test("an empty units cell before a SKU's last sale is still an error naming its line")
    func emptyUnitsInsideTheHistory() throws {
        var lines = Self.historyText().split(separator: "\n").map(String.init)
        lines[10] = lines[10].split(separator: ",", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 2 ? "" : String($0.element) }.joined(separator: ",")
        do {
            _ = try Self.history(lines.joined(separator: "\n") + "\n")
            Issue.record("accepted")
        } catch let error as DataError {
            #expect(error.line == 11 && error.column == "units" && error.problem.contains("sold after"), "\(error)")
        }
    }
}
