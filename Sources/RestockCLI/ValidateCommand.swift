import ArgumentParser
import Scenario

/// `restock validate`: check a scenario file without running it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a scenario file (keys, types, values, auto parameters) without running it.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        try exitForUserInput {
            let scenario = try scenarioOptions.load()
            let world = scenario.world
            print("\(scenarioOptions.scenario): OK — scenario '\(scenario.name)', \(world.products.count) SKU(s), "
                + "\(scenario.policies.count) policies, \(world.horizonDays) days (\(world.warmupDays) warm-up), "
                + "\(scenario.replications) replications, seed \(scenario.seed).")
            for note in scenario.demandModelNotes.compactMap({ $0 }) { print("  \(note)") }
        }
    }
}
