import Foundation
import Testing

/// `restock forecast --plan` on the shipped weekly history and its example plan
/// (`scenarios/data/ecommerce_weekly_plan.csv`), and the CRPS column of accuracy.csv.
@Suite("Forecasting for a plan, end to end")
struct PlanForecastCommandTests {
    static let weekly = repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path
    static let plan = repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly_plan.csv").path

    /// forecasts.csv as rows of cells by column name (no quoted commas in the columns read here but `model`).
    static func rows(_ folder: URL, sku: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: folder.appendingPathComponent("out/forecasts.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().filter { $0.hasPrefix(sku + ",") }.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    @Test("the regression forecasts BOARD-GAME's planned promotions in weeks 5 and 13; forecasts.csv echoes the plan; accuracy.csv has CRPS")
    func examplePlan() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["forecast", Self.weekly, "--horizon", "13", "--model", "regression", "--plan", Self.plan,
                                  "--folds", "1", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("note: TEAPOT-GLASS: the plan has no row for period(s) 11-13 of 13 (from 2026-03-09)"), "\(result.stdout)")
        #expect(result.stdout.contains("note: MUG-COFFEE: no plan rows") && result.stdout.contains("CRPS (units)"))
        let board = try Self.rows(folder, sku: "BOARD-GAME")
        #expect(board.count == 13)
        #expect(board.map { $0["promo"] } == (1...13).map { $0 == 5 || $0 == 13 ? "1" : "0" })
        #expect(board.allSatisfy { $0["price"] == "45" && $0["plan_row"] == "yes" && $0["model_uses_plan"] == "yes" })
        let mean = board.compactMap { $0["mean"].flatMap(Double.init) }
        #expect(mean[4] > 1.3 * mean[3] && mean[4] > 1.3 * mean[5] && mean[12] > 1.3 * mean[11], "\(mean)")
        let teapot = try Self.rows(folder, sku: "TEAPOT-GLASS")
        #expect(teapot.map { $0["price"] } == Array(repeating: "31", count: 7) + Array(repeating: "29", count: 6))
        #expect(teapot.map { $0["plan_row"] } == Array(repeating: "yes", count: 10) + Array(repeating: "no", count: 3))
        let accuracy = try String(contentsOf: folder.appendingPathComponent("out/accuracy.csv"), encoding: .utf8)
        #expect(accuracy.split(separator: "\n").contains { $0.hasPrefix("BOARD-GAME,regression,overall,,crps,") })
    }

    @Test("refused: --plan with a model that uses no covariates, a plan row with units, a plan beside plan rows in the history")
    func refusals() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ets = try restock(["forecast", Self.weekly, "--model", "ets", "--plan", Self.plan, "--out", "out"], in: folder)
        #expect(ets.status == 2 && ets.stderr.contains("--plan: the model 'ets' uses no price or promotion"), "\(ets.stderr)")
        let bad = folder.appendingPathComponent("plan.csv")
        try "date,sku,units,promo\n2025-12-29,BOARD-GAME,,1\n2026-01-05,BOARD-GAME,40,0\n".write(to: bad, atomically: true, encoding: .utf8)
        let units = try restock(["forecast", Self.weekly, "--plan", bad.path, "--out", "out"], in: folder)
        #expect(units.status == 2 && units.stderr.contains("plan.csv:3: column 'units': a plan row has units sold ('40')"), "\(units.stderr)")
        let history = folder.appendingPathComponent("history.csv")
        try (String(contentsOfFile: Self.weekly, encoding: .utf8) + "2025-12-29,BOARD-GAME,,45.00,1\n").write(to: history, atomically: true, encoding: .utf8)
        let both = try restock(["forecast", history.path, "--plan", Self.plan, "--out", "out"], in: folder)
        #expect(both.status == 2 && both.stderr.contains("already holds plan rows"), "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        // The plan file given as a history says what it looks like.
        let swapped = try restock(["forecast", Self.plan, "--out", "out"], in: folder)
        #expect(swapped.status == 2 && swapped.stderr.contains("ecommerce_weekly_plan.csv:1: the header has no 'units' column")
                && swapped.stderr.contains("this looks like a plan"), "\(swapped.stderr)")
    }
}
