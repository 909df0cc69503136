import Forecasting
import Foundation
import Scenario
import Testing

@Suite("restock init: a scenario from an item master, a sales history and stock")
struct InitCommandTests {
    static let history = repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path
    static let items = repositoryRoot.appendingPathComponent("scenarios/data/items.csv").path
    static let stock = repositoryRoot.appendingPathComponent("scenarios/data/stock.csv").path

    @Test("the drafted scenario loads, with the item master's costs, suppliers, stock and open orders")
    func draftLoads() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plan.yaml").path
        let result = try restock(["init", "--history", Self.history, "--items", Self.items, "--stock", Self.stock, "--out", out,
                                  "--model", "seasonal-naive", "--horizon-days", "60", "--replications", "2"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let scenario = try ScenarioLoader.load(path: out, searchAuto: true)
        let products = scenario.world.products
        #expect(products.map(\.sku) == ["MUG-COFFEE", "HEADPHONES-BT", "SCARF-WOOL", "TEAPOT-GLASS", "YOGA-MAT"])
        // Holding cost from the carrying rate: 30% a year of 41 → 41 × 0.30 / 365 per unit and day.
        #expect(abs(products[1].holdingCostPerUnitDay - 41 * 0.30 / 365) < 1e-15)
        #expect(products[0].suppliers.map(\.name) == ["regular", "express"] && products[0].suppliers[0].orderMultipleUnits == 12)
        #expect(products[1].suppliers[0].leadTimeDays.mean == 7 && products[1].suppliers[0].minimumOrderUnits == 10)
        // Stock: on hand, and the open order of 2026-01-02 due on day 4 of a run starting 2025-12-29.
        #expect(products.map(\.initialOnHandUnits) == [180, 35, 60, 22, 0])
        #expect(products[0].openOrders.map(\.dueDay) == [4] && products[0].openOrders[0].quantityUnits == 240)
        #expect(products[3].shortage == .backorders(costPerUnitDay: 0.5))
        // The policies: forecast-driven, (s,S) and (s,Q) searched, and the current min/max rule where the master has one.
        #expect(scenario.policies.map(\.name) == ["forecast-order-up-to", "sS-auto", "sQ-auto", "current-min-max"])
        // An existing file is not overwritten without --force.
        let again = try restock(["init", "--history", Self.history, "--items", Self.items, "--out", out], in: folder)
        #expect(again.status == 2 && again.stderr.contains("exists"), "\(again.stderr)")
    }

    @Test("with auto, init writes each SKU's winner, which loads to the same forecasts as auto's contest at load")
    func autoChoicesAreWritten() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plan.yaml")
        let result = try restock(["init", "--history", Self.history, "--items", Self.items, "--out", out.path,
                                  "--horizon-days", "60", "--replications", "2"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        let written = text.components(separatedBy: "\n").filter { $0.contains("demand: {type: forecast") }
        #expect(written.count == 5)
        #expect(written.allSatisfy { $0.contains("# auto's choice; backtest MASE") && !$0.contains("model: \"auto\"") }, "\(written)")
        // The same file with `model: auto` everywhere runs the contest at load: it must fit the same models.
        var auto = text
        for name in ["auto"] + ForecasterCatalog.names { auto = auto.replacingOccurrences(of: "model: \"\(name)\"", with: "model: auto") }
        let contest = folder.appendingPathComponent("auto.yaml")
        try auto.write(to: contest, atomically: true, encoding: .utf8)
        let chosen = try ScenarioLoader.load(path: out.path, searchAuto: true)
        let atLoad = try ScenarioLoader.load(path: contest.path, searchAuto: true)
        #expect(chosen.forecastViews.compactMap { $0 }.count == 5)
        #expect(chosen.forecastViews == atLoad.forecastViews)
    }

    @Test("every bad cell is named by file, line and column, with exit code 2 and nothing written",
          arguments: [
            ("unit_cost", "MUG-COFFEE,regular,4.2,", "MUG-COFFEE,regular,-4.2,", 2, "column 'unit_cost'"),
            ("shortage", "backorder,0.5", "backorder,", 6, "column 'shortage_penalty'"),
            ("min/max", "lost-sales,2,140,350", "lost-sales,2,140,", 2, "column 'max_units'"),
            ("unknown column", "min_units,max_units", "min_units,maxunits", 1, "column 'maxunits': unknown column 'maxunits'"),
            ("lead time", "HEADPHONES-BT,regular,41,89,7,", "HEADPHONES-BT,regular,41,89,seven,", 4, "column 'lead_time_days'"),
          ])
    func badCells(_ label: String, _ original: String, _ replacement: String, _ line: Int, _ expected: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: Self.items, encoding: .utf8)
        #expect(text.contains(original), "\(label)")
        let bad = folder.appendingPathComponent("items.csv")
        try text.replacingOccurrences(of: original, with: replacement).write(to: bad, atomically: true, encoding: .utf8)
        let result = try restock(["init", "--history", Self.history, "--items", bad.path, "--out", "s.yaml"], in: folder)
        #expect(result.status == 2, "\(label): \(result.stderr)")
        #expect(result.stderr.contains("\(bad.path):\(line): \(expected)") && result.stderr.contains("Allowed:"), "\(label): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s.yaml").path))
    }

    @Test("stock rows: an unknown SKU and an open order due before day 0 are refused with their line")
    func badStock() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (rows, expected) in [("NOT-A-SKU,5,,,\n", ":2: column 'sku': SKU 'NOT-A-SKU' is not in the item master"),
                                 ("MUG-COFFEE,5,10,2025-12-01,\n", ":2: column 'due_date': the open order is due on 2025-12-01, before day 0")] {
            let file = folder.appendingPathComponent("stock.csv")
            try ("sku,on_hand_units,open_order_units,due_date,supplier\n" + rows).write(to: file, atomically: true, encoding: .utf8)
            let result = try restock(["init", "--history", Self.history, "--items", Self.items, "--stock", file.path, "--out", "s.yaml"], in: folder)
            #expect(result.status == 2 && result.stderr.contains(expected), "\(result.stderr)")
        }
    }
}
