import ArgumentParser
import Experiment
import Foundation
import Reporting
import Reports
import Scenario

/// `restock tune`: search the numeric parameters of the scenario's heuristic policies by simulation and
/// write tuned.yaml, tuning.csv and tuning.html.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Tune the heuristic policies' parameters by simulation (compass search on tune replications, paired selection on evaluate replications); write tuned.yaml, tuning.csv and tuning.html.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: "Replications per candidate in the search (default: the scenario's replications); the final comparison uses twice as many fresh ones.")
    var replications: Int?

    @Option(help: "Most candidates evaluated per policy (default: 10 + 10 per tuned number, at most 200).")
    var budget: Int?

    @Option(help: "Candidates in the final paired comparison, the starting values included.")
    var finalists = 4

    @Option(name: .customLong("policy"), help: ArgumentHelp("Tune only this policy (repeatable; default: every heuristic policy).", valueName: "name"))
    var policies: [String] = []

    @Option(help: "Output folder (default: reports/<scenario name>).")
    var out: String?

    @Option(help: "Worker threads (default: all cores). Output does not depend on it.")
    var threads: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let replications, !(2...100_000).contains(replications) { throw ValidationError("--replications must be 2…100000 (a confidence interval needs two)") }
        if let budget, !(1...100_000).contains(budget) { throw ValidationError("--budget must be 1…100000 candidates") }
        if !(2...50).contains(finalists) { throw ValidationError("--finalists must be 2…50 (the start and at least one candidate)") }
    }

    /// The bar's update for one policy's runs, counted after the runs of the policies before it.
    static func progress(_ bar: ProgressBar?, offset: Int, total: Int) -> (@Sendable (Int, Int) -> Void)? {
        guard let bar else { return nil }
        return { done, _ in bar.update(offset + done, of: total) }
    }

    func run() throws {
        try exitForUserInput {
            let scenario = try scenarioOptions.load(searchAuto: true)
            let names = scenario.policies.map(\.name)
            for name in policies where !names.contains(name) {
                throw UserInputFailure(message: "\(scenarioOptions.scenario): at '--policy': the scenario has no policy named '\(name)'. Allowed: \(names.joined(separator: ", ")).")
            }
            var chosen: [Int] = []
            var skipped: [String] = []
            for (index, definition) in scenario.policies.enumerated() where policies.isEmpty || policies.contains(definition.name) {
                if TunableParameter.tunable(for: definition.kind).isEmpty {
                    guard policies.isEmpty else {
                        let tunable = scenario.policies.filter { !TunableParameter.tunable(for: $0.kind).isEmpty }.map(\.name)
                        throw UserInputFailure(message: "\(scenarioOptions.scenario): at '--policy': policy '\(definition.name)' is of type \(definition.kind.rawValue), which is not tuned (its numbers are a trained network's). Allowed: \(tunable.isEmpty ? "none (no heuristic policy)" : tunable.joined(separator: ", ")).")
                    }
                    skipped.append(definition.name)
                } else {
                    chosen.append(index)
                }
            }
            guard !chosen.isEmpty else {
                throw UserInputFailure(message: "\(scenarioOptions.scenario): no policy to tune: \(skipped.joined(separator: ", ")) are trained policies, which are not tuned. Allowed: a scenario with a heuristic policy (baseStock, sS, sQ, periodicOrderUpTo, dualIndex, cappedDualIndex, forecastOrderUpTo, markdownRule, markdownSchedule).")
            }
            let folder = try outputFolder(out, default: "reports/\(reportFolderName(for: scenario.name))")
            try checkOutputFolder(folder)
            let settings = PolicyTuner.Settings(searchReplications: replications ?? max(2, scenario.replications), budget: budget,
                                                finalists: finalists, threads: threads)
            let tuner = PolicyTuner(settings: settings)
            let skuCount = scenario.world.products.count
            let runs = chosen.map { settings.runs(dimensions: scenario.policies[$0].tunableCoordinates(skuCount: skuCount).count) }
            let total = runs.reduce(0, +)
            let bar: ProgressBar? = !quiet && isatty(STDERR_FILENO) != 0 ? ProgressBar(label: "\(scenario.name) tune") : nil
            if !quiet, !skipped.isEmpty { print("Not tuned (trained policies): \(skipped.joined(separator: ", "))") }
            var results: [TuningResult] = []
            var offset = 0
            for (position, index) in chosen.enumerated() {
                do {
                    results.append(try tuner.tune(scenario, policyIndex: index, progress: Self.progress(bar, offset: offset, total: total)))
                } catch let error as TuningError {
                    bar?.finish()
                    throw UserInputFailure(message: "\(scenarioOptions.scenario): \(error.message)")
                }
                offset += runs[position]
            }
            bar?.finish()
            let files: [URL]
            do {
                files = try TuningReportWriter.write(results, scenario: scenario, scenarioPath: scenarioOptions.scenario,
                                                     overrides: scenarioOptions.overrides, to: folder)
            } catch let error as ReportError {
                throw UserInputFailure(message: error.message)
            } catch let error as ScenarioError {
                throw UserInputFailure(message: error.description)
            }
            guard !quiet else { return }
            let first = results[0]
            print("Scenario \(scenario.name): \(results.count) polic\(results.count == 1 ? "y" : "ies") tuned by compass search on "
                + "\(first.searchReplications) tune replications, selected on \(first.selectionReplications) evaluate replications "
                + "(profit per day; ± is the paired 95% confidence half-width)")
            for result in results { print("  " + TuningReportWriter.summaryLine(result)) }
            print("Wrote " + files.map(\.path).joined(separator: ", "))
        }
    }
}

/// Tunes the `auto` parameters that no exact optimiser computes (``PolicyDefinition/autoSearch``) by
/// simulation, on tune and evaluate replications (never the reported ones), and says so on standard error.
/// - Parameters:
///   - scenario: a scenario loaded with `searchAuto`.
///   - threads: worker threads.
///   - quiet: print nothing.
/// - Returns: the scenario with those parameters tuned.
func resolveAutoSearch(_ scenario: Scenario, threads: Int?, quiet: Bool) throws -> Scenario {
    var resolved = scenario
    let tuner = PolicyTuner(settings: PolicyTuner.Settings(searchReplications: max(2, scenario.replications), threads: threads))
    for (index, definition) in scenario.policies.enumerated() where !definition.autoSearch.isEmpty {
        do {
            let result = try tuner.tune(scenario, policyIndex: index, coordinates: definition.autoSearch)
            resolved.policies[index] = result.tuned
            if !quiet {
                let message = "note: \(scenario.sourcePath): policy '\(definition.name)': \(result.space.dimensions.map(\.label).joined(separator: ", ")) "
                    + "'auto' has no exact optimiser here, so it was tuned by simulation search (\(result.path.count) candidates on "
                    + "\(result.searchReplications) tune replications, selected on \(result.selectionReplications) evaluate replications; "
                    + "the reported replications are not used): \(result.describe(result.tunedValues)). `restock tune` writes the evidence.\n"
                FileHandle.standardError.write(Data(message.utf8))
            }
        } catch let error as TuningError {
            throw UserInputFailure(message: "\(scenario.sourcePath): \(error.message)")
        }
    }
    return resolved
}
