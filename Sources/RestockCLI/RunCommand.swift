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
    @Option(help: ArgumentHelp("Run only the SKUs of shard K of N (those whose index mod N is K-1) and write run-shard.json and "
                               + "run-shard.bin; 'restock merge' puts the N shards together into the single run's report, byte for byte. "
                               + "'auto' reads the Slurm array task (SLURM_ARRAY_TASK_ID) or the Kubernetes Indexed Job index "
                               + "(JOB_COMPLETION_INDEX).", valueName: "K/N|auto")) var shard: String?
    @Option(help: ArgumentHelp("With --shard auto under Kubernetes: the number of shards (the Job's completions; "
                               + "or set RESTOCK_SHARD_COUNT).", valueName: "N")) var shardCount: Int?
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the summary as JSON on standard output (for scripts).")
    var json = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try exitForUserInput {
            if shard != nil, json {
                throw UserInputFailure(message: "--json prints the whole run's summary, and a shard (--shard) holds only some of its SKUs. "
                                       + "Allowed: --shard without --json; 'restock merge' writes the whole run's summary.csv from the shards.")
            }
            // Flags first: a mistake there is reported before a scenario that may take minutes to load.
            let part = try resolveShard(shard, count: shardCount)
            let traced = try traceSkus.map { text in
                guard let count = text == "all" ? Int.max : Int(text), count >= 0 else {
                    throw UserInputFailure(message: "--trace-skus '\(text)' is not a number of SKUs. Allowed: a whole number >= 0, or all.")
                }
                return count
            }
            var scenario = try resolveAutoSearch(try scenarioOptions.load(searchAuto: true), threads: threads, quiet: quiet)
            if let traced { scenario.tracedSKUs = traced }
            if let part {
                try runShard(scenario, part)
                return
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

    /// `--shard`: simulates the shard's SKUs of the (whole, resolved) scenario and writes its data files.
    func runShard(_ scenario: Scenario, _ part: SweepShard) throws {
        if let obstacle = ExperimentRunner.skuShardObstacle(scenario) {
            throw UserInputFailure(message: "\(scenarioOptions.scenario): cannot split this run by SKU: \(obstacle). "
                                   + "Allowed: a run without --shard, or a scenario without storageCapacityUnits.")
        }
        let folder = try outputFolder(out, default: "reports/\(reportFolderName(for: scenario.name))-shard-\(part.index)-of-\(part.count)")
        do {
            try AtomicFileWriter.checkFolder(folder, files: [RunShardManifest.fileName, RunShardManifest.dataFileName])
        } catch let error as ReportError {
            throw UserInputFailure(message: error.message)
        }
        if !quiet, !part.source.isEmpty { print("shard \(part) (from \(part.source))") }
        let bar: ProgressBar? = !quiet && isatty(STDERR_FILENO) != 0 ? ProgressBar(label: "\(scenario.name) \(part)") : nil
        var progress: (@Sendable (Int, Int) -> Void)? = nil
        if let bar { progress = { done, total in bar.update(done, of: total) } }
        let start = DispatchTime.now()
        let result: SKUShardResult
        do {
            result = try ExperimentRunner.run(scenario, shard: part, threads: threads, progress: progress)
        } catch let error as SKUShardError {
            throw UserInputFailure(message: error.message)
        }
        bar?.finish()
        let data = RunShardData.encode(result)
        // The scenario's absolute path, so that a merge started in another folder finds it.
        let path = URL(fileURLWithPath: scenarioOptions.scenario).standardizedFileURL.path
        let manifest = RunShardManifest(scenario: scenario, scenarioPath: path, part: result, data: data)
        let files = [folder.appendingPathComponent(RunShardManifest.fileName), folder.appendingPathComponent(RunShardManifest.dataFileName)]
        do {
            try AtomicFileWriter.writeAll(data: [(Data(manifest.json.utf8), files[0]), (data, files[1])])
        } catch let error as ReportError {
            throw UserInputFailure(message: error.message)
        }
        guard !quiet else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        print("Scenario \(scenario.name), shard \(part): \(result.skus.count) of \(result.skuCount) SKU(s) × \(scenario.policies.count) policies × "
              + "\(scenario.replications) replications, \(scenario.world.horizonDays) days" + String(format: " (%.2f s)", seconds))
        print("Wrote " + files.map(\.path).joined(separator: ", "))
        print("When all \(part.count) shards are done: restock merge --out <folder> <the \(part.count) shard folders>")
    }
}
