import Reporting
import Experiment
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Scenario
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Short versions of the shipped scenarios: debug builds are slow, and the properties checked here do not need long runs.
func shortScenario(_ name: String) throws -> Scenario {
    try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/\(name).yaml").path,
                            overrides: ["horizonDays=90", "warmupDays=10", "replications=5"])
}

/// Runs the `restock` executable built next to the test bundle.
func restock(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let executable = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("restock")
    let candidates = [executable, repositoryRoot.appendingPathComponent(".build/debug/restock")]
    guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: executable.path])
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("restock-e2e-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("End to end")
struct EndToEndTests {
    @Test("same scenario and seed: byte-identical CSVs on 1 thread and on all cores",
          arguments: ["quickstart", "dual-sourcing", "ecommerce-forecast", "pricing-markdown"])
    func determinism(_ name: String) throws {
        let scenario = try shortScenario(name)
        let one = ReportWriter.tables(for: ExperimentRunner.run(scenario, threads: 1))
        let many = ReportWriter.tables(for: ExperimentRunner.run(scenario, threads: 4))
        let again = ReportWriter.tables(for: ExperimentRunner.run(scenario, threads: 2))
        #expect(Array(one.map(\.name).prefix(3)) == ["summary.csv", "replications.csv", "trace.csv"])
        for index in one.indices {
            #expect(one[index].text == many[index].text, "\(one[index].name) differs between 1 and 4 threads")
            #expect(one[index].text == again[index].text)
        }
        #expect(one[2].text.split(separator: "\n").count == 1 + scenario.policies.count * 90 * scenario.world.products.count)
    }

    @Test("a different seed gives different numbers")
    func seedMatters() throws {
        var scenario = try shortScenario("quickstart")
        let a = ReportWriter.summary(ExperimentRunner.run(scenario)).text
        scenario.seed += 1
        let b = ReportWriter.summary(ExperimentRunner.run(scenario)).text
        #expect(a != b)
    }

    @Test("restock run writes the three CSVs and prints the summary table")
    func runCommand() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let result = try restock(["run", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path,
                                  "--set", "horizonDays=200", "--set", "replications=4", "--out", out.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("best-base-stock"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["index.html", "plan.csv", "replications.csv", "summary.csv", "trace.csv"])
        // The page is well-formed, self-contained, and its profit bars carry the numbers of summary.csv.
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!html.contains("http"))
        let parser = BarCollector(data: Data(html.utf8))
        #expect(parser.parse(), "index.html is not well-formed: \(String(describing: parser.parserError))")
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        var profits: [String: Double] = [:]
        for line in summary.split(separator: "\n") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count > 4, cells[1] == "ALL", cells[2] == "profit" { profits[String(cells[0])] = Double(cells[4]) }
        }
        #expect(profits.count == 4)
        for (policy, value) in profits {
            let bar = try #require(parser.bars[policy]?.first)
            #expect(abs(bar - value) < 1e-5 * max(1, abs(value)), "\(policy): bar \(bar) vs CSV \(value)")
        }
    }

    @Test("a command line ArgumentParser rejects is an input error too: exit code 2 (not 64), with the message and usage",
          arguments: [
            (["run", "scenarios/quickstart.yaml", "--bogus"], "--bogus"),
            (["train", "scenarios/quickstart.yaml", "--updates", "abc"], "abc"),
            (["forecast"], "Missing expected argument"),
          ])
    func parserErrors(_ arguments: [String], _ expected: String) throws {
        let result = try restock(arguments, in: repositoryRoot)
        #expect(result.status == 2, "\(arguments): exit \(result.status)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("Usage:"))
        #expect(try restock(["run", "--help"], in: repositoryRoot).status == 0, "help is not an error")
    }

    @Test("bad input: exit code 2, one-paragraph message naming file and key, no files written",
          arguments: [
            ("horizonDays: 400", "horizonDays: -4", "horizonDays"),
            ("holdingCostPerUnitDay: 0.012", "holdingCostPerUnitDays: 0.012", "did you mean 'holdingCostPerUnitDay'"),
            ("orderUpToUnits: 500", "orderUpToUnits: 100", "s = 250 >= S = 100"),
            ("unitCost: 4.20", "unitCost: cheap", "expected a number"),
            ("demand: {type: perDay", "demand: {type: perDay,, ", "malformed YAML"),
          ])
    func badInput(_ original: String, _ replacement: String, _ expected: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml"), encoding: .utf8)
        #expect(text.contains(original))
        let file = folder.appendingPathComponent("broken.yaml")
        try text.replacingOccurrences(of: original, with: replacement).write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try restock(["run", file.path, "--out", out.path], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: \(file.path)"))
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an output folder that cannot be written: exit code 2 and one paragraph naming it, before any simulation",
          arguments: ["run", "sweep", "compare", "merge"])
    func unwritableOutput(_ command: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A regular file where a folder should be: no process, not even root, can create folders in it.
        try "not a folder".write(to: folder.appendingPathComponent("taken"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("taken/report").path
        let scenario = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let arguments: [String]
        switch command {
        case "run": arguments = ["run", scenario, "--out", out]
        case "sweep": arguments = ["sweep", scenario, "--vary", "products.0.suppliers.0.leadTimeDays=1,2", "--out", out]
        case "compare": arguments = ["compare", scenario, scenario, "--out", out]
        default:
            let shard = folder.appendingPathComponent("shard")
            try FileManager.default.createDirectory(at: shard, withIntermediateDirectories: true)
            try "variant,scenario,policy,kpi,unit,mean,std_dev,ci95_half_width,replications\n0,a.yaml,p,profit,currency,1,0,,1\n"
                .write(to: shard.appendingPathComponent("comparison.csv"), atomically: true, encoding: .utf8)
            arguments = ["merge", shard.path, "--out", out]
        }
        let started = Date()
        let result = try restock(arguments, in: folder)
        #expect(result.status == 2)
        #expect(result.stderr == "error: cannot write the report to \(out): \(folder.appendingPathComponent("taken").path) is a file, "
            + "not a folder; choose an output folder you can write to.\n")
        #expect(result.stdout.isEmpty)
        // The check comes first: a full-length run of the scenario would take seconds in a debug build.
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("restock run on the pricing scenario: prices in trace.csv only go down, salvage is in summary.csv; bad levels exit 2")
    func pricing() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml")
        let out = folder.appendingPathComponent("out")
        let result = try restock(["run", scenario.path, "--set", "replications=2", "--quiet", "--out", out.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOf: out.appendingPathComponent("trace.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let price = try #require(rows.first?.firstIndex(of: "price"))
        var paths: [String: [Double]] = [:]
        for row in rows.dropFirst() { paths[row[0], default: []].append(Double(row[price]) ?? .nan) }
        #expect(paths.count == 6 && paths.values.allSatisfy { $0.count == 126 })
        #expect(paths["full-price"].map(Set.init) == [59])
        // The Bayes policy may raise the price again (the world allows it): only the rules are checked for markdowns.
        for (policy, path) in paths where policy != "bayes" {
            #expect(zip(path, path.dropFirst()).allSatisfy { $0 >= $1 }, "\(policy)")
            #expect(path.allSatisfy { [59, 47, 39, 29].contains($0) }, "\(policy)")
        }
        #expect(paths["markdown-calendar"]?[70] == 47 && paths["markdown-calendar"]?[69] == 59)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.contains("full-price,ALL,salvage_revenue,currency,"))
        // The perfect-information bound is a reference row of its own, with each policy's gap to it.
        #expect(summary.contains("\nbound: perfect information (level known),ALL,profit,currency,"))
        #expect(summary.contains("\nbayes,ALL,profit_gap_to_perfect_information_bound,currency,"))
        #expect(paths["bayes"]?.allSatisfy { [59, 47, 39, 29].contains($0) } == true)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Reference bounds (not policies)") && html.contains("data-reference=\"bound: perfect information (level known)\""))
        let text = try String(contentsOf: scenario, encoding: .utf8)
        let broken = folder.appendingPathComponent("broken.yaml")
        try text.replacingOccurrences(of: "[59, 47, 39, 29]", with: "[59, 47, 39, -29]").write(to: broken, atomically: true, encoding: .utf8)
        let bad = try restock(["run", broken.path, "--out", folder.appendingPathComponent("bad").path], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: \(broken.path):"))
        #expect(bad.stderr.contains("at 'products[0].priceLevels[3]'") && bad.stderr.contains("Allowed:"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad").path))
    }

    @Test("a missing scenario file exits with code 2")
    func missingFile() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["validate", "nowhere.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("nowhere.yaml"))
    }

    @Test("restock optimize prints the Zheng–Federgruen optimum for the shipped instance")
    func optimizeCommand() throws {
        let result = try restock(["optimize", repositoryRoot.appendingPathComponent("scenarios/zheng-federgruen.yaml").path],
                                 in: repositoryRoot)
        #expect(result.status == 0)
        #expect(result.stdout.contains("optimal-sS [sS]: reorderPointUnits = 6 (optimal), orderUpToUnits = 40 (optimal)"))
        #expect(result.stdout.contains("      sS: reorderPointUnits = 6 (optimal), orderUpToUnits = 40 (optimal)"))
        #expect(result.stdout.contains("sQ-eoq [sQ]: reorderPointUnits = 6 (optimal for Q = 36), orderQuantityUnits = 36 (heuristic: EOQ)"))
        let lostSales = try restock(["optimize", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path],
                                    in: repositoryRoot)
        #expect(lostSales.stdout.contains("baseStock: orderUpToUnits = 19 (optimal)"))
        #expect(lostSales.stdout.contains("sS: not available"))
    }

    @Test("restock optimize says (optimal) only where the method is exact for the scenario as written")
    func optimizeLabels() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/zheng-federgruen.yaml").path
        let exact = try OptimizationReport.render(ScenarioLoader.load(path: path))
        #expect(exact.contains("optimal-sS [sS]: reorderPointUnits = 6 (optimal), orderUpToUnits = 40 (optimal)"))
        #expect(exact.contains("base-stock [baseStock]: orderUpToUnits = 14 (optimal)"))
        #expect(!exact.contains("ignores"))
        // A minimum order and shared capacity: the same values, now labelled as heuristics.
        let limited = try OptimizationReport.render(ScenarioLoader.load(
            path: path, overrides: ["products.0.suppliers.0.minimumOrderUnits=20", "storageCapacityUnits=500"]))
        #expect(limited.contains("optimal-sS [sS]: reorderPointUnits = 6 (heuristic: ignores minimum order, capacity), orderUpToUnits = 40 (heuristic: ignores minimum order, capacity)"))
        #expect(limited.contains("base-stock [baseStock]: orderUpToUnits = 14 (heuristic: ignores minimum order, capacity)"))
        #expect(limited.contains("orderQuantityUnits = 36 (heuristic: EOQ)"))
        #expect(!limited.contains("(optimal"))
        // Time-weighted costs and a price above the unit cost under lost sales (the lost margin).
        let lostSales = try OptimizationReport.render(ScenarioLoader.load(
            path: repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path,
            overrides: ["costAccounting=timeWeighted", "products.0.sellingPrice=10"]))
        #expect(lostSales.contains("best-base-stock [baseStock]: orderUpToUnits = 19 (heuristic: ignores time-weighted costs, margin lost per lost sale)"))
    }
}

@Suite("restock forecast")
struct ForecastCommandTests {
    @Test("forecasts every SKU of the shipped weekly history with ordered quantiles, and reports backtest accuracy")
    func weekly() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        // theta keeps this debug-build test fast; `auto` is covered in the library tests.
        let result = try restock(["forecast", repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path,
                                  "--horizon", "8", "--model", "auto-theta", "--out", out.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let forecasts = try String(contentsOf: out.appendingPathComponent("forecasts.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // The forecast, then what each period assumes: the history's last price, no promotion, no plan.
        #expect(forecasts[0] == ["sku", "date", "model", "mean", "p05", "p10", "p50", "p90", "p95",
                                 "price", "promo", "plan_row", "model_uses_plan"])
        #expect(forecasts.count == 1 + 12 * 8)
        for row in forecasts.dropFirst() {
            // The model name may hold quoted commas (ARIMA orders); the six numbers come before the last four fields.
            let numbers = row.dropLast(4).suffix(6).compactMap(Double.init)
            #expect(numbers.count == 6 && numbers.allSatisfy { $0 >= 0 && $0.isFinite })
            #expect(numbers[1] <= numbers[2] && numbers[2] <= numbers[3] && numbers[3] <= numbers[4] && numbers[4] <= numbers[5])
            #expect(Array(row.suffix(3)) == ["0", "no", "no"])
        }
        // HEADPHONES-BT's last week sold at 89.00.
        #expect(forecasts.filter { $0[0] == "HEADPHONES-BT" }.allSatisfy { $0[$0.count - 4] == "89" })
        // The history ends on 2025-12-22 (week 156 from 2023-01-02); the forecast starts the week after.
        #expect(forecasts[1][1] == "2025-12-29")
        let accuracy = try String(contentsOf: out.appendingPathComponent("accuracy.csv"), encoding: .utf8)
        #expect(accuracy.contains(",overall,,mase,"))
        #expect(result.stdout.contains("HEADPHONES-BT"))
    }

    @Test("auto with --budget backtests the LSTM and says so; --budget 0 or a budget too small leaves it out")
    func budget() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "date,sku,units,price,promo\n"
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"
        format.timeZone = TimeZone(identifier: "UTC")
        for sku in ["A", "B"] {
            for week in 0..<40 {
                let promo = week % 5 == 2 ? 1 : 0
                let date = format.string(from: Date(timeIntervalSince1970: 1_704_067_200 + Double(7 * 86_400 * week)))  // 2024-01-01 on
                text += "\(date),\(sku),\(12 + 3 * (week % 4) + 10 * promo),9.5,\(promo)\n"
            }
        }
        try text.write(to: folder.appendingPathComponent("h.csv"), atomically: true, encoding: .utf8)
        func forecast(_ budget: String, _ out: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try restock(["forecast", "h.csv", "--horizon", "4", "--season-length", "4", "--budget", budget, "--out", out], in: folder)
        }
        let off = try forecast("0", "off")
        #expect(off.status == 0 && off.stdout.contains("auto leaves the LSTM and the global network out (--budget 0)"), "\(off.stdout)\(off.stderr)")
        #expect(try !String(contentsOf: folder.appendingPathComponent("off/accuracy.csv"), encoding: .utf8).contains(",lstm"))
        // 0.07 s of a release core: 12 epochs for 2 SKUs × 4 fits of 40 weeks (lookback 8).
        let on = try forecast("0.07", "on")
        #expect(on.status == 0 && on.stdout.contains("auto compares the LSTM too on 2 SKU(s): at most 12 epochs per fit"), "\(on.stdout)\(on.stderr)")
        // Half of 0.07 s buys the global network 2 epochs per training: left out, and the LSTM keeps the whole budget.
        #expect(on.stdout.contains("auto leaves the global network out: half of --budget 0.07 s of one core buys fewer than 10 epochs"), "\(on.stdout)")
        let accuracy = try String(contentsOf: folder.appendingPathComponent("on/accuracy.csv"), encoding: .utf8)
        #expect(accuracy.contains("A,lstm") && accuracy.contains("B,lstm"))
        let tiny = try forecast("0.01", "tiny")
        #expect(tiny.stdout.contains("auto leaves the LSTM out: --budget 0.01 s of one core is less than"), "\(tiny.stdout)")
    }

    @Test("bad histories and options exit with code 2 and a located message", arguments: [
        ("date,sku,units\n2025-01-01,A,lots\n", [String](), "column 'units'"),
        ("", [String](), "empty"),
        ("date,sku,units\n2025-01-01,A,3\n", ["--model", "arimaa"], "unknown model"),
    ])
    func badInput(_ text: String, _ extra: [String], _ expected: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sales.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try restock(["forecast", file.path, "--out", out.path] + extra, in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite("Output modes")
struct OutputModeTests {
    @Test("--json prints parseable JSON with every policy and KPI; piped runs show no progress bar")
    func json() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["run", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path, "--set", "horizonDays=200",
                                  "--set", "replications=3", "--json", "--out", folder.appendingPathComponent("o").path], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let policies = try #require(object?["policies"] as? [[String: Any]])
        #expect(policies.count == 4)
        let kpis = try #require(policies[0]["kpis"] as? [String: Any])
        #expect(kpis.count == 22)
        #expect(object?["best_policy"] is String)
    }

    @Test("--quiet prints nothing on success")
    func quiet() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try restock(["run", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path, "--set", "horizonDays=200",
                                  "--set", "replications=2", "--quiet", "--out", folder.appendingPathComponent("o").path], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }
}

/// Parses the report as XML and collects the values of its bars by policy.
final class BarCollector: XMLParser, XMLParserDelegate {
    var bars: [String: [Double]] = [:]

    override init(data: Data) {
        super.init(data: data)
        delegate = self
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if attributes["class"] == "bar", let policy = attributes["data-category"], let value = attributes["data-value"].flatMap(Double.init) {
            bars[policy, default: []].append(value)
        }
    }
}
