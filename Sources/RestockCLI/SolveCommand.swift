import ArgumentParser
import Scenario

/// `restock solve`: exact optimal policies by dynamic programming, where the SKU is small enough.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Compute each SKU's exact optimal policy and profit per day by dynamic programming, and the exact profit of the scenario's policies; says which SKUs are too large.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        try exitForUserInput {
            let scenario = try scenarioOptions.load()
            print(ExactSolver.render(ExactSolver.solve(scenario), scenario: scenario), terminator: "")
        }
    }
}
