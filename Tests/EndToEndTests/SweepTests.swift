import Reporting
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
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard").path).sorted() == ["comparison.csv", "shard.json"])
    }

    static let sweepFile = """
        # lead time × holding cost, and two named variants (fastest)
        vary:
          products[0].suppliers[0].leadTimeDays: [1, 2]
          products.0.holdingCostPerUnitDay: [1, 1.5]
        variants:
          - {name: cheap-misses, set: {products.0.shortage.penaltyPerUnit: 4}}
          - name: as-is
        """

    @Test("a sweep file: its grid times its named variants, in file order")
    func sweepFileGrid() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sweep.yaml").path
        try Self.sweepFile.write(toFile: path, atomically: true, encoding: .utf8)
        let sweep = try Sweep.file(SweepFile.load(path: path), scenarioPath: Self.scenario, baseOverrides: ["replications=2"],
                                   vary: ["review.everyDays=1"])
        #expect(sweep.keys == ["products[0].suppliers[0].leadTimeDays", "products.0.holdingCostPerUnitDay", "review.everyDays", "variant_name"])
        #expect(sweep.variants.count == 8)
        #expect(sweep.variants.map { $0.settings.map(\.value).joined(separator: "/") }.prefix(3)
            == ["1/1/1/cheap-misses", "1/1/1/as-is", "1/1.5/1/cheap-misses"])
        #expect(sweep.variants[0].overrides == ["replications=2", "products[0].suppliers[0].leadTimeDays=1", "products.0.holdingCostPerUnitDay=1",
                                                "review.everyDays=1", "products.0.shortage.penaltyPerUnit=4"])
        #expect(sweep.variants[7].overrides.last == "review.everyDays=1")
        #expect(try sweep.shard("2/3").map(\.index) == [1, 4, 7])
        try sweep.checkKeys()
        // The same key in the file and on the command line is an error.
        #expect(throws: ScenarioError.self) {
            try Sweep.file(SweepFile.load(path: path), scenarioPath: Self.scenario, baseOverrides: [], vary: ["products.0.suppliers.0.leadTimeDays=3"])
        }
    }

    @Test("a sweep file sharded in two and merged: comparison.csv and comparison.html byte-identical to the whole sweep")
    func sweepFileShardsMerge() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sweep.yaml")
        try Self.sweepFile.write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["sweep", Self.scenario, "--file", file.path, "--set", "horizonDays=80", "--set", "warmupDays=5",
                         "--set", "replications=2", "--quiet"]
        let whole = try restock(arguments + ["--out", folder.appendingPathComponent("whole").path], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        for k in 1...2 {
            let shard = try restock(arguments + ["--shard", "\(k)/2", "--threads", "\(k)", "--out", folder.appendingPathComponent("shard\(k)").path], in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try restock(["merge", folder.appendingPathComponent("shard2").path, folder.appendingPathComponent("shard1").path,
                                 "--out", folder.appendingPathComponent("merged").path], in: folder)
        #expect(merge.status == 0, "\(merge.stderr)")
        for name in ["comparison.csv", "comparison.html"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("whole/\(name)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("merged/\(name)"))
            #expect(a == b, "\(name) differs between the whole sweep and the merged shards")
        }
        let csv = try String(contentsOf: folder.appendingPathComponent("whole/comparison.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("variant,products[0].suppliers[0].leadTimeDays,products.0.holdingCostPerUnitDay,variant_name,policy,"))
        let html = try String(contentsOf: folder.appendingPathComponent("whole/comparison.html"), encoding: .utf8)
        // x = the lead time; one row per holding cost × named variant.
        #expect(html.contains("<h4>products.0.holdingCostPerUnitDay = 1.5, variant_name = as-is</h4>"))
    }

    @Test("bad sweep files: exit code 2, the sweep file's line and key, what is allowed, nothing written", arguments: [
        ("vary:\n  products[0].suppliers[0].leadTimeDay: [1, 2]\n", "sweep.yaml:2: at 'products[0].suppliers[0].leadTimeDay'",
         "did you mean 'leadTimeDays'"),
        ("vari:\n  review.everyDays: [1, 2]\n", "sweep.yaml:1: at 'vari'", "did you mean 'vary'"),
        ("vary:\n  review.everyDays: 7\n", "sweep.yaml:2: at 'vary.review.everyDays'", "expected a list of values"),
        ("vary: {}\n", "sweep.yaml:1: at 'vary'", "empty"),
        ("# nothing to vary\n", "sweep.yaml", "the sweep file holds no mapping"),
        ("vary:\n  review.everyDays: [1, 1]\n", "sweep.yaml:2", "listed twice"),
        ("variants:\n  - {name: a}\n  - {name: a}\n", "sweep.yaml:3: at 'variants[1].name'", "already used"),
        ("variants:\n  - {name: a, sett: {review.everyDays: 2}}\n", "sweep.yaml:2: at 'variants[0].sett'", "did you mean 'set'"),
        ("variants:\n  - name: a\n    set:\n      products.0.sellingPrce: 3\n", "sweep.yaml:4: at 'products.0.sellingPrce'",
         "did you mean 'sellingPrice'"),
        ("vary:\n  products.0.suppliers.0.leadTimeDays: [1, -3]\n", "sweep.yaml:2: at 'products.0.suppliers.0.leadTimeDays'", "variant 1"),
        ("vary:\n  review.everyDays: [1, 2\n", "sweep.yaml:3", "malformed YAML"),
    ])
    func badSweepFile(_ text: String, _ place: String, _ expected: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
        let result = try restock(["sweep", Self.scenario, "--file", "sweep.yaml", "--out", "out"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: \(place)"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
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
