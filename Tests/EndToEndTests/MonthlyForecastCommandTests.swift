import Foundation
import Testing

/// `restock forecast` and `restock run` on the shipped monthly history (`scenarios/data/ecommerce_monthly.csv`,
/// month ends up to 2025-11-30).
@Suite("Monthly histories end to end")
struct MonthlyForecastCommandTests {
    static let monthly = repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_monthly.csv").path

    @Test("forecasts.csv is dated on the next month ends, and the summary speaks of months")
    func forecastDates() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["forecast", Self.monthly, "--horizon", "3", "--model", "naive", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("12 SKU(s), monthly history") && result.stdout.contains("mean next month"))
        let csv = try String(contentsOf: folder.appendingPathComponent("out/forecasts.csv"), encoding: .utf8)
        let mugDates = csv.split(separator: "\n").filter { $0.hasPrefix("MUG-COFFEE,") }.map { $0.split(separator: ",")[1] }
        #expect(mugDates == ["2025-12-31", "2026-01-31", "2026-02-28"])
    }

    @Test("a --frequency the dates contradict exits 2 with the file and line of the first date off its grid")
    func contradictingFrequency() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["forecast", Self.monthly, "--frequency", "quarterly", "--out", "out"], in: folder)
        #expect(result.status == 2)
        // SKUs are checked in code order: BOARD-GAME's first month is on line 12, its second on line 24.
        #expect(result.stderr.contains("ecommerce_monthly.csv:24: column 'date': 2023-03-31 is not on the quarterly grid of SKU 'BOARD-GAME'"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let unknown = try restock(["forecast", Self.monthly, "--frequency", "yearly"], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("--frequency must be daily, weekly, monthly or quarterly"))
    }

    @Test("the monthly scenario runs and its report says how months are spread over days")
    func monthlyScenario() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["validate", repositoryRoot.appendingPathComponent("scenarios/monthly-forecast.yaml").path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(34 monthly periods)") && result.stdout.contains("spread evenly over its days")
                && result.stdout.contains("from 2025-12-01"))
    }
}
