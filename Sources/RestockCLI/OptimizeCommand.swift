import ArgumentParser
import Scenario

/// `restock optimize`: print the parameters the optimisers find for each policy and SKU, each labelled
/// optimal or heuristic for the scenario as written.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Print policy parameters per SKU from the optimisers (newsvendor, EOQ, Zheng–Federgruen, lost-sales Markov chain), labelled optimal only where exact for the scenario.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        try exitForUserInput {
            let scenario = try scenarioOptions.load()
            do {
                print(try OptimizationReport.render(scenario), terminator: "")
            } catch let error as ScenarioError {
                throw UserInputFailure(message: error.description)
            }
        }
    }
}
