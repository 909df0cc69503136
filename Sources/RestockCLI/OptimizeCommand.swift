import ArgumentParser
import Scenario

/// `restock optimize`: print the parameters the exact optimisers find for each policy and SKU.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Print optimal policy parameters per SKU from the exact optimisers (newsvendor, EOQ, Zheng–Federgruen, lost-sales Markov chain).")

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
