import Experiment
import Foundation
import Reports
import Scenario
import Testing

@Suite("Sweeps, shards and merges")
struct SweepTests {
    static let scenario = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
    static let base = ["horizonDays=200", "replications=3", "warmupDays=10"]
    static let vary = ["products.0.suppliers.0.leadTimeDays=1,2,3", "products.0.shortage.penaltyPerUnit=4,9,19"]

    static func comparison(_ variants: [Sweep.Variant], keys: [String]) throws -> String {
        var table = CSVTable(header: ComparisonTable.header(keys: keys))
        for variant in variants {
            let result = ExperimentRunner.run(try ScenarioLoader.load(path: variant.scenarioPath, overrides: variant.overrides))
            for row in ComparisonTable.rows(variant: variant, result: result) { table.append(row) }
        }
        return table.text
    }

    @Test("2 parameters × 3 values make 9 variants, first key slowest")
    func grid() throws {
        let sweep = try Sweep.grid(scenarioPath: Self.scenario, baseOverrides: Self.base, vary: Self.vary)
        #expect(sweep.variants.count == 9)
        #expect(sweep.variants[1].settings.map(\.value) == ["1", "9"])
        #expect(sweep.variants[3].settings.map(\.value) == ["2", "4"])
        #expect(sweep.variants[8].overrides.suffix(2) == ["products.0.suppliers.0.leadTimeDays=3", "products.0.shortage.penaltyPerUnit=19"])
    }

    @Test("three shards merged are byte-identical to the unsharded sweep")
    func shardsMerge() throws {
        let sweep = try Sweep.grid(scenarioPath: Self.scenario, baseOverrides: Self.base, vary: Self.vary)
        let whole = try Self.comparison(sweep.variants, keys: sweep.keys)
        let shards = try (1...3).map { try Self.comparison(try sweep.shard("\($0)/3"), keys: sweep.keys) }
        #expect(shards.map { $0.split(separator: "\n").count }.reduce(0, +) == whole.split(separator: "\n").count + 2)
        #expect(try ComparisonTable.merge(shards) == whole)
        // Merging in another order gives the same bytes; a missing shard is an error.
        #expect(try ComparisonTable.merge(shards.reversed()) == whole)
        #expect(throws: ReportError.self) { try ComparisonTable.merge(Array(shards.prefix(2))) }
    }

    @Test("an empty sweep, a bad shard and values with commas")
    func edges() throws {
        #expect(throws: ScenarioError.self) { try Sweep.grid(scenarioPath: Self.scenario, baseOverrides: [], vary: []) }
        #expect(throws: ScenarioError.self) { try Sweep.grid(scenarioPath: Self.scenario, baseOverrides: [], vary: ["horizonDays="]) }
        let sweep = try Sweep.grid(scenarioPath: Self.scenario, baseOverrides: [],
                                   vary: ["products.0.demand.unitsPerDay=[{type: poisson, mean: 4}, {type: poisson, mean: 6}]"])
        #expect(sweep.variants.map { $0.settings[0].value } == ["{type: poisson, mean: 4}", "{type: poisson, mean: 6}"])
        #expect(throws: ScenarioError.self) { try sweep.shard("4/3") }
        #expect(try sweep.shard("2/2").map(\.index) == [1])
    }

    @Test("a sweep over an unknown key exits with code 2 and names it")
    func unknownKey() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["sweep", Self.scenario, "--vary", "products.0.leadTimeDays=1,2", "--out", folder.appendingPathComponent("o").path],
                                 in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("leadTimeDays"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
    }

    @Test("an unsharded sweep writes comparison.html beside comparison.csv; a shard writes only the CSV")
    func comparisonPage() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["sweep", Self.scenario, "--set", "horizonDays=150", "--set", "replications=2",
                         "--vary", "products.0.suppliers.0.leadTimeDays=1,2", "--quiet"]
        let whole = try restock(arguments + ["--out", folder.appendingPathComponent("whole").path], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("whole").path).sorted()
            == ["comparison.csv", "comparison.html"])
        let html = try String(contentsOf: folder.appendingPathComponent("whole/comparison.html"), encoding: .utf8)
        #expect(html.contains("products.0.suppliers.0.leadTimeDays=2 · best-base-stock"))
        #expect(!html.contains("http"))
        let shard = try restock(arguments + ["--shard", "1/2", "--out", folder.appendingPathComponent("shard").path], in: folder)
        #expect(shard.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard").path) == ["comparison.csv"])
    }
}
