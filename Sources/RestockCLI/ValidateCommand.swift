import ArgumentParser
import Scenario

/// `restock validate`: check a scenario file without running it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a scenario file (keys, types, values, auto parameters) without running it.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        try exitForUserInput {
            // `auto` with no exact optimiser is valid: restock run finds it by simulation search.
            let scenario = try scenarioOptions.load(searchAuto: true)
            let world = scenario.world
            print("\(scenarioOptions.scenario): OK — scenario '\(scenario.name)', \(world.products.count) SKU(s), "
                + "\(scenario.policies.count) policies, \(world.horizonDays) days (\(world.warmupDays) warm-up), "
                + "\(scenario.replications) replications, seed \(scenario.seed).")
            for note in scenario.demandModelNotes.compactMap({ $0 }) { print("  \(note)") }
            for policy in scenario.policies where !policy.autoSearch.isEmpty {
                print("  policy '\(policy.name)': \(policy.autoSearch.count) auto value(s) without an exact optimiser; "
                    + "restock run finds them by simulation search on tuning replications (restock tune shows the search)")
            }
        }
    }
}
