import Experiment
import Foundation
import Policies
import Reporting
import Scenario
import Simulation
import Stochastics
import Testing

/// A library user's own order-up-to rule, written without any of Restock's policy types.
struct MyOrderUpTo: Policy {
    var level: Int

    func decide(_ observation: Observation) -> Action {
        let gap = level - observation.inventoryPositionUnits
        return Action(orderUnits: gap > 0 ? [gap] : [])
    }
}

/// The built-in `baseStock` definition's levels, as a custom policy.
func customCopy(of definition: PolicyDefinition, name: String) -> PolicyDefinition {
    let levels = definition.parameters.map { $0.values[.orderUpToUnits] ?? 0 }
    return .custom(name: name) { _ in levels.map { MyOrderUpTo(level: $0) } }
}

@Suite("Custom policies")
struct CustomPolicyTests {
    @Test("a custom copy of a built-in base-stock policy: identical ledgers and traces (common random numbers)")
    func commonRandomNumbers() throws {
        let scenario = try shortScenario("quickstart")
        let builtIn = try #require(scenario.policies.firstIndex { $0.name == "base-stock" })
        let copy = customCopy(of: scenario.policies[builtIn], name: "my-base-stock")
        let result = ExperimentRunner.run(scenario, adding: [copy], threads: 2)
        #expect(result.scenario.policies.count == scenario.policies.count + 1)
        let mine = scenario.policies.count
        #expect(result.scenario.policies[mine].name == "my-base-stock")
        #expect(result.scenario.policies[mine].kind == .custom)
        #expect(result.ledgers[mine].count == scenario.replications)
        #expect(result.ledgers[mine] == result.ledgers[builtIn])
        #expect(!result.traces[mine].isEmpty)
        #expect(result.traces[mine].map(\.onHandUnits) == result.traces[builtIn].map(\.onHandUnits))
        #expect(result.values(.profit, policy: mine) == result.values(.profit, policy: builtIn))
        // Another level gives other numbers on the same demand: the equality above is not vacuous.
        let other = PolicyDefinition.custom(name: "higher") { world in world.products.map { _ in MyOrderUpTo(level: 400) } }
        let both = ExperimentRunner.run(scenario, adding: [copy, other], threads: 1)
        #expect(both.ledgers[mine] == result.ledgers[mine], "same numbers on 1 thread as on 2")
        #expect(both.values(.profit, policy: mine + 1) != both.values(.profit, policy: mine))
    }

    @Test("a custom policy appears by name in the summary CSV, the console table, summary JSON and the HTML report")
    func reports() throws {
        let scenario = try shortScenario("quickstart")
        let builtIn = try #require(scenario.policies.firstIndex { $0.name == "base-stock" })
        let result = ExperimentRunner.run(scenario, adding: [customCopy(of: scenario.policies[builtIn], name: "my-base-stock")])
        let summary = ReportWriter.summary(result).text
        let rows = summary.split(separator: "\n").filter { $0.hasPrefix("my-base-stock,ALL,profit,") }
        #expect(rows.count == 1)
        // Same numbers as the built-in row, apart from the name.
        let builtInRow = summary.split(separator: "\n").first { $0.hasPrefix("base-stock,ALL,profit,") }
        #expect(rows.first.map { $0.dropFirst("my-".count) } == builtInRow)
        #expect(SummaryTable.render(result).contains("my-base-stock"))
        #expect(SummaryJSON.render(result).contains("\"my-base-stock\""))
        let document = ReportBuilder.document(for: result)
        #expect(document.policies.map(\.policy) == scenario.policies.map(\.name) + ["my-base-stock"])
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportWriter.write(result, to: folder)
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("my-base-stock"))
        let trace = try String(contentsOf: folder.appendingPathComponent("trace.csv"), encoding: .utf8)
        #expect(trace.contains("\nmy-base-stock,"))
    }

    @Test("restock solve's exact evaluation grades a custom policy like the built-in it copies; forecast readers are skipped")
    func exactSolver() throws {
        var scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path)
        let builtIn = try #require(scenario.policies.first { $0.name == "best-base-stock" })
        scenario.policies.append(customCopy(of: builtIn, name: "my-base-stock"))
        scenario.policies.append(.custom(name: "reads-forecasts", readsForecasts: true) { world in
            world.products.map { _ in MyOrderUpTo(level: 10) }
        })
        #expect(scenario.policies.last?.usesForecasts == true)
        #expect(scenario.policies[scenario.policies.count - 2].usesForecasts == false)
        let result = try #require(ExactSolver.solve(scenario).first)
        let reference = try #require(result.policies.first { $0.name == "best-base-stock" }?.profitPerDay)
        let mine = try #require(result.policies.first { $0.name == "my-base-stock" }?.profitPerDay)
        #expect(abs(mine - reference) < 1e-9)
        let skipped = try #require(result.policies.first { $0.name == "reads-forecasts" })
        #expect(skipped.profitPerDay == nil && skipped.note.contains("forecasts"))
        // `restock optimize`'s text lists it without parameters instead of failing on it.
        let text = try OptimizationReport.render(scenario)
        #expect(text.contains("my-base-stock [custom]: \n"))
    }

    @Test("type: custom in a scenario file is refused (ScenarioError naming the key, not in the allowed list)")
    func yamlRefusesCustom() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml"), encoding: .utf8)
        #expect(text.contains("type: baseStock"))
        let yaml = text.replacingOccurrences(of: "type: baseStock", with: "type: custom")
        do {
            _ = try ScenarioLoader.parse(yaml: yaml, file: "custom.yaml")
            Issue.record("type: custom must be refused")
        } catch let error as ScenarioError {
            #expect(error.keyPath == "policies[0].type")
            #expect(error.problem.contains("custom"))
            #expect(error.allowed.contains("baseStock") && error.allowed.contains("trained"))
            #expect(!error.allowed.contains("custom"))
        }
        #expect(!PolicyKind.scenarioTypes.contains(.custom))
        #expect(PolicyKind.scenarioTypes.count == PolicyKind.allCases.count - 1)
    }

    @Test("restock validate/run on a file with type: custom: exit code 2, nothing written")
    func cliRefusesCustom() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml"), encoding: .utf8)
        let file = folder.appendingPathComponent("custom.yaml")
        try text.replacingOccurrences(of: "type: baseStock", with: "type: custom").write(to: file, atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let out = folder.appendingPathComponent("out")
            let result = try restock(command == "run" ? ["run", file.path, "--out", out.path] : ["validate", file.path], in: folder)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(file.path)"))
            #expect(result.stderr.contains("policies[0].type"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}
