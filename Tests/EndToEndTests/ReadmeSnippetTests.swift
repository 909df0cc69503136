// The README's "Restock as a library" example is the code between the two pairs of `README snippet`
// markers below (its imports, then its body): one test checks that the README shows exactly this code,
// the other runs it.
// README snippet: imports
import Experiment
import Policies
import Scenario
import Stochastics
// README snippet: end of imports
import Foundation
import Testing

/// Scenario's own loader, under a name the snippet's stand-in below cannot hide.
private typealias LibraryScenarioLoader = ScenarioLoader

/// The trimmed lines between the line `begin` and the line `end` of `text`.
private func lines(of text: String, between begin: String, and end: String) -> [String] {
    let all = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    guard let start = all.firstIndex(of: begin), let stop = all[start...].firstIndex(of: end) else { return [] }
    return Array(all[(start + 1)..<stop])
}

@Suite("README example")
struct ReadmeSnippetTests {
    @Test("README.md's 'Restock as a library' block is the code of this file's snippet")
    func readmeShowsTheTestedCode() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Restock as a library\n").dropFirst().first,
                                   "README.md has no '## Restock as a library' section")
        let block = lines(of: section, between: "```swift", and: "```")
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let imports = lines(of: source, between: "// README snippet: imports", and: "// README snippet: end of imports")
        let code = lines(of: source, between: "// README snippet: code", and: "// README snippet: end of code")
        #expect(imports.count == 4 && code.count > 10)
        #expect(block == imports + [""] + code)
    }

    @Test("the README example runs: one line of mean profit per policy, the custom one last")
    func snippetRuns() throws {
        var printed: [String] = []
        /// Stands in for `ScenarioLoader` in the snippet: the same call, with the path taken from the
        /// repository root and fewer, shorter replications so the debug build runs it quickly.
        enum ScenarioLoader {
            static func load(path: String, registry: PolicyRegistry) throws -> Scenario {
                try LibraryScenarioLoader.load(path: repositoryRoot.appendingPathComponent(path).path,
                                               overrides: ["replications=4", "horizonDays=120"], registry: registry)
            }
        }
        /// Collects the snippet's output.
        func print(_ line: String) { printed.append(line) }

        // README snippet: code
        /// Keeps the inventory position at the mean demand over the lead time plus `coverDays`.
        struct LeadTimePlusCover: Policy {
            var dailyDemand: Double
            var leadTimeDays: Double
            var coverDays: Double

            func decide(_ observation: Observation) -> Action {
                let level = Int((dailyDemand * (leadTimeDays + coverDays)).rounded(.up))
                return .order(level - observation.inventoryPositionUnits)
            }
        }

        let scenario = try ScenarioLoader.load(path: "scenarios/quickstart.yaml", registry: .standard)
        let mine = PolicyDefinition.custom(name: "two-weeks-cover") { world in
            world.products.map { product in
                LeadTimePlusCover(dailyDemand: product.customers.meanDemandPerDay,
                                  leadTimeDays: product.suppliers[0].leadTimeDays.mean, coverDays: 14)
            }
        }
        let result = ExperimentRunner.run(scenario, adding: [mine])
        for (index, policy) in result.scenario.policies.enumerated() {
            let profit = SampleSummary(result.values(.profit, policy: index))
            print("\(policy.name): mean profit \(Int(profit.mean.rounded())) ± \(Int(profit.halfWidth.rounded()))")
        }
        // README snippet: end of code

        #expect(scenario.replications == 4)
        #expect(printed.count == scenario.policies.count + 1)
        #expect(printed.first?.hasPrefix("base-stock: mean profit ") == true)
        let last = try #require(printed.last)
        #expect(last.hasPrefix("two-weeks-cover: mean profit "))
        let mean = SampleSummary(result.values(.profit, policy: scenario.policies.count)).mean
        #expect(last.contains("profit \(Int(mean.rounded())) ± "))
        #expect(mean > 0, "two weeks of cover over the lead time should sell at a profit in the quickstart shop")
    }
}
