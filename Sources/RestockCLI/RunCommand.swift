import Reporting
import ArgumentParser
import Dispatch
import Experiment
import Foundation
import Reports
import Scenario

/// `restock run`: simulate every policy of a scenario and write CSV reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate the scenario's policies over its replications; write summary.csv, replications.csv, trace.csv and index.html.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: "Output folder (default: reports/<scenario name>).")
    var out: String?

    @Option(help: "Worker threads (default: all cores). Output does not depend on it.")
    var threads: Int?

    @Option(help: ArgumentHelp("SKUs recorded in trace.csv: the first N in the scenario's order, or 'all' (default \(Scenario.defaultTracedSKUs)).",
                               valueName: "N|all")) var traceSkus: String?
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the summary as JSON on standard output (for scripts).")
    var json = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try exitForUserInput {
            var scenario = try resolveAutoSearch(try scenarioOptions.load(searchAuto: true), threads: threads, quiet: quiet)
            if let traceSkus {
                guard let count = traceSkus == "all" ? Int.max : Int(traceSkus), count >= 0 else {
                    throw UserInputFailure(message: "--trace-skus '\(traceSkus)' is not a number of SKUs. Allowed: a whole number >= 0, or all.")
                }
                scenario.tracedSKUs = count
            }
            let folder = try outputFolder(out, default: "reports/\(reportFolderName(for: scenario.name))")
            try checkOutputFolder(folder)
            // A progress bar only for a person at a terminal: never with --quiet/--json or when piped.
            let onTerminal = isatty(STDERR_FILENO) != 0
            let bar: ProgressBar? = !quiet && !json && onTerminal ? ProgressBar(label: scenario.name) : nil
            var progress: (@Sendable (Int, Int) -> Void)? = nil
            if let bar { progress = { done, total in bar.update(done, of: total) } }
            let result = ExperimentRunner.run(scenario, threads: threads, progress: progress)
            bar?.finish()
            let files: [URL]
            let writeStart = DispatchTime.now()
            do {
                files = try ReportWriter.write(result, to: folder)
            } catch let error as ReportError {
                throw UserInputFailure(message: error.message)
            }
            let reportSeconds = Double(DispatchTime.now().uptimeNanoseconds - writeStart.uptimeNanoseconds) / 1e9
            if json {
                print(SummaryJSON.render(result))
                return
            }
            guard !quiet else { return }
            print("Scenario \(scenario.name): \(scenario.policies.count) policies × \(scenario.replications) replications, "
                + "\(scenario.world.products.count) SKU(s), \(scenario.world.horizonDays) days "
                + String(format: "(%.2f s, %.1f M events/s)", result.wallSeconds,
                         Double(result.processedEvents) / max(result.wallSeconds, 1e-9) / 1e6))
            print()
            print(SummaryTable.render(result), terminator: "")
            print()
            print("Wrote " + files.map(\.path).joined(separator: ", ") + String(format: " (%.2f s)", reportSeconds))
        }
    }
}
