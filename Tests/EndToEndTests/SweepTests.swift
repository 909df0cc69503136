import Experiment
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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
        let merged = try ComparisonTable.merge(shards)
        #expect(merged == whole)
        // The page is made from the CSV text alone, so the merged page is the unsharded one.
        #expect(try ComparisonPage.html(csv: merged) == ComparisonPage.html(csv: whole))
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
                         "--vary", "products.0.suppliers.0.leadTimeDays=1,2,4", "--vary", "products.0.shortage.penaltyPerUnit=4,9", "--quiet"]
        let whole = try restock(arguments + ["--out", folder.appendingPathComponent("whole").path], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("whole").path).sorted()
            == ["comparison.csv", "comparison.html"])
        let html = try String(contentsOf: folder.appendingPathComponent("whole/comparison.html"), encoding: .utf8)
        #expect(html.contains("products.0.suppliers.0.leadTimeDays=2, products.0.shortage.penaltyPerUnit=9 · best-base-stock"))
        #expect(!html.contains("http"))

        // Small multiples: x = lead time, one row per penalty; every point and whisker is a comparison.csv cell.
        let csv = try String(contentsOf: folder.appendingPathComponent("whole/comparison.csv"), encoding: .utf8)
        var cells: [String: (mean: Double, halfWidth: Double)] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // variant, leadTime, penalty, policy, kpi, unit, mean, std_dev, ci95_half_width, replications
            cells["products.0.shortage.penaltyPerUnit = \(f[2])|\(f[4])|\(f[3])|\(f[1])"] = (Double(f[6])!, Double(f[8])!)
        }
        let marks = MarkCollector(data: Data(html.utf8))
        #expect(marks.parse(), "comparison.html is not well-formed: \(String(describing: marks.parserError))")
        let points = marks.marks.filter { $0["class"] == "vertex" }
        let whiskers = marks.marks.filter { $0["class"] == "whisker" && $0["data-column"] != nil }
        // 2 rows × 4 KPIs × 4 policies × 3 lead times; every replication count is 2, so every point has a whisker.
        #expect(points.count == 2 * 4 * 4 * 3)
        #expect(whiskers.count == points.count)
        #expect(Set(points.compactMap { $0["data-column"] }) == ["profit", "fill_rate", "avg_on_hand_units", "total_cost"])
        for mark in points + whiskers {
            let key = "\(mark["data-row"]!)|\(mark["data-column"]!)|\(mark["data-series"]!)|\(mark["data-category"]!)"
            let cell = try #require(cells[key], "no CSV row for \(key)")
            if mark["class"] == "vertex" {
                #expect(Double(mark["data-value"]!) == cell.mean, "\(key)")
                #expect(Double(mark["data-x"]!) == Double(mark["data-category"]!))
            } else {
                #expect(Double(mark["data-low"]!) == cell.mean - cell.halfWidth, "\(key)")
                #expect(Double(mark["data-high"]!) == cell.mean + cell.halfWidth, "\(key)")
            }
        }

        let shard = try restock(arguments + ["--shard", "1/2", "--out", folder.appendingPathComponent("shard").path], in: folder)
        #expect(shard.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard").path) == ["comparison.csv"])
    }

    @Test("compare: the small multiples put the scenarios on a category axis, in the order given")
    func comparePage() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let second = repositoryRoot.appendingPathComponent("scenarios/zheng-federgruen.yaml").path
        let result = try restock(["compare", Self.scenario, second, "--set", "horizonDays=80", "--set", "warmupDays=5",
                                  "--set", "replications=2", "--quiet", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/comparison.html"), encoding: .utf8)
        let marks = MarkCollector(data: Data(html.utf8))
        #expect(marks.parse())
        let points = marks.marks.filter { $0["class"] == "vertex" && $0["data-column"] == "profit" }
        // Each scenario's own policies have a point at its category only (the scenarios share no policy names).
        #expect(Set(points.map { "\($0["data-category"]!)@\($0["data-x"]!)" }) == ["\(Self.scenario)@0", "\(second)@1"])
        #expect(html.contains("KPIs across scenario"))
    }
}

/// Collects the attributes of the chart marks (points, whiskers) of a page parsed as XML.
final class MarkCollector: XMLParser, XMLParserDelegate {
    var marks: [[String: String]] = []

    override init(data: Data) {
        super.init(data: data)
        delegate = self
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if attributes["class"] == "vertex" || attributes["class"] == "whisker" { marks.append(attributes) }
    }
}
