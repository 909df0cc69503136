import Reporting
import ArgumentParser
import Experiment
import Foundation
import Reports
import Scenario
import Stochastics

/// Runs the variants of a sweep (or a shard of them) and writes comparison.csv, and for a whole sweep
/// comparison.html (built from the CSV text, as `restock merge` builds it).
func runVariants(_ sweep: Sweep, shard: SweepShard?, out: URL, threads: Int?, quiet: Bool) throws {
    let selected = sweep.variants(in: shard)
    let manifest: SweepShardManifest?
    do {
        try sweep.checkKeys()
        manifest = try shard.map { try SweepShardManifest(sweep: sweep, shard: $0) }
    } catch let error as ScenarioError {
        throw UserInputFailure(message: error.description)
    }
    if let shard, !quiet, !shard.source.isEmpty { print("shard \(shard) (from \(shard.source))") }
    // Every variant is loaded (and so validated) before any runs: a bad one fails at once.
    var scenarios: [Scenario] = []
    for variant in selected {
        do {
            scenarios.append(try ScenarioLoader.load(path: variant.scenarioPath, overrides: variant.overrides, registry: .standard))
        } catch let error as ScenarioError {
            throw UserInputFailure(message: sweep.locate(error, in: variant)?.description
                ?? "variant \(variant.index) (\(label(variant))): \(error.description)")
        }
    }
    try checkOutputFolder(out)
    var table = CSVTable(header: ComparisonTable.header(keys: sweep.keys))
    for (variant, scenario) in zip(selected, scenarios) {
        let result = ExperimentRunner.run(scenario, threads: threads)
        for row in ComparisonTable.rows(variant: variant, result: result) { table.append(row) }
        if !quiet {
            let best = scenario.policies.indices.max {
                result.values(.profit, policy: $0).reduce(0, +) < result.values(.profit, policy: $1).reduce(0, +)
            }.map { scenario.policies[$0].name } ?? "-"
            print("variant \(variant.index): \(label(variant)) — best mean profit: \(best)")
        }
    }
    let csv = table.text
    do {
        var files = [(csv, out.appendingPathComponent("comparison.csv"))]
        // A shard holds only part of the sweep: its page comes with the merged CSV, not here; its manifest
        // tells merge which sweep and variants it holds.
        if let manifest {
            files.append((manifest.json, out.appendingPathComponent(SweepShardManifest.fileName)))
        } else {
            files.append((try ComparisonPage.html(csv: csv), out.appendingPathComponent("comparison.html")))
        }
        try AtomicFileWriter.writeAll(files)
    } catch let error as ReportError {
        throw UserInputFailure(message: error.message)
    }
    if !quiet {
        let written = shard == nil ? "comparison.csv and comparison.html" : "comparison.csv and \(SweepShardManifest.fileName)"
        print("Wrote \(written) to \(out.path) (\(selected.count) of \(sweep.variants.count) variants)")
    }
}

/// `key=value, …` of a variant, for messages.
private func label(_ variant: Sweep.Variant) -> String {
    variant.settings.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
}

/// `restock sweep`: what-if grids over scenario values.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every combination of --vary values or of a sweep file (--file sweep.yaml) and write comparison.csv and comparison.html.")

    @OptionGroup var scenarioOptions: ScenarioOptions
    @Option(help: ArgumentHelp("A value list to vary (repeatable; the cartesian product is run): key.path=v1,v2 or key.path=[v1, v2].",
                               valueName: "key.path=values")) var vary: [String] = []
    @Option(help: ArgumentHelp("A sweep file (YAML): 'vary: {key.path: [v1, v2], …}' (cartesian product, first key slowest) and/or "
                               + "'variants: [{name: NAME, set: {key.path: value, …}}, …]'. Its vary keys come before any --vary; "
                               + "named variants change fastest (column variant_name).",
                               valueName: "sweep.yaml")) var file: String?
    @Option(help: ArgumentHelp("Run only shard K of N (K/N): variants whose index mod N is K-1; 'auto' reads the Slurm array task "
                               + "(SLURM_ARRAY_TASK_ID) or the Kubernetes Indexed Job index (JOB_COMPLETION_INDEX).",
                               valueName: "K/N|auto")) var shard: String?
    @Option(help: ArgumentHelp("With --shard auto under Kubernetes: the number of shards (the Job's completions; "
                               + "or set RESTOCK_SHARD_COUNT).", valueName: "N")) var shardCount: Int?
    @Option(help: "Output folder (default: reports/<scenario>-sweep).") var out: String?
    @Option(help: "Worker threads per variant (default: all cores).") var threads: Int?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() throws {
        try exitForUserInput {
            let sweep: Sweep
            do {
                if let file {
                    sweep = try Sweep.file(SweepFile.load(path: file), scenarioPath: scenarioOptions.scenario,
                                           baseOverrides: scenarioOptions.overrides, vary: vary)
                } else {
                    sweep = try Sweep.grid(scenarioPath: scenarioOptions.scenario, baseOverrides: scenarioOptions.overrides, vary: vary)
                }
            } catch let error as ScenarioError {
                throw UserInputFailure(message: error.description)
            }
            let resolved = try resolveShard(shard, count: shardCount)
            let name = URL(fileURLWithPath: scenarioOptions.scenario).deletingPathExtension().lastPathComponent
            try runVariants(sweep, shard: resolved, out: try outputFolder(out, default: "reports/\(reportFolderName(for: name))-sweep"),
                            threads: threads, quiet: quiet)
        }
    }
}

/// `--shard` and `--shard-count` of `sweep` and `run`: nil without `--shard`; `K/N`, or `auto` from the
/// scheduler's environment.
func resolveShard(_ shard: String?, count: Int?) throws -> SweepShard? {
    do {
        if shard == nil, count != nil {
            throw ScenarioError(file: "--shard-count", problem: "--shard-count applies only to --shard auto", allowed: "--shard auto --shard-count N")
        }
        return try shard.map { try SweepShard.resolve($0, environment: ProcessInfo.processInfo.environment, count: count) }
    } catch let error as ScenarioError {
        throw UserInputFailure(message: error.description)
    }
}

/// `restock compare`: several scenario files side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Run several scenario files and write comparison.csv and comparison.html across them.")

    @Argument(help: "Scenario files (two or more).") var scenarios: [String]
    @Option(name: .customLong("set"), help: "Override applied to every scenario (repeatable).") var overrides: [String] = []
    @Option(help: "Output folder (default: reports/comparison).") var out = "reports/comparison"
    @Option(help: "Worker threads per scenario (default: all cores).") var threads: Int?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        guard scenarios.count >= 2 else { throw ValidationError("compare needs at least two scenario files") }
    }

    func run() throws {
        try exitForUserInput {
            try runVariants(Sweep.files(scenarios, baseOverrides: overrides), shard: nil, out: try outputFolder(out, default: out),
                            threads: threads, quiet: quiet)
        }
    }
}

/// `restock merge`: puts shards back together: the comparison.csv files of sweep shards (with the
/// comparison page), or the data of a run split by SKU (with the whole run's report).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge shards into the files a single run would have written: sweep shards (comparison.csv, comparison.html) "
            + "or the shards of 'restock run --shard' (summary.csv, replications.csv, trace.csv, plan.csv, index.html, …).")

    @Argument(help: "Shard output folders: each with a comparison.csv (sweep shards) or with run-shard.json (run shards).") var folders: [String]
    @Option(help: "Output folder.") var out: String
    @Option(help: ArgumentHelp("Run shards only: the scenario file the shards ran (default: the path their run-shard.json records). "
                               + "Its overrides come from the shards.", valueName: "scenario.yaml")) var scenario: String?
    @Option(help: "Run shards only: worker threads for the reference bounds (default: all cores). Output does not depend on it.")
    var threads: Int?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try exitForUserInput {
            let outFolder = try outputFolder(out, default: out)
            try checkOutputFolder(outFolder)
            // The output may not be one of the shards: merging would overwrite an input.
            let target = outFolder.standardizedFileURL.resolvingSymlinksInPath().path
            if let clash = folders.first(where: { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path == target }) {
                throw UserInputFailure(message: "--out \(out) is also the shard folder \(clash); merging would overwrite its files. Allowed: an output folder that is not one of the shards.")
            }
            if folders.contains(where: RunShardManifest.isRunShard(folder:)) {
                try mergeRunShards(into: outFolder)
                return
            }
            for (option, given) in [("--scenario", scenario != nil), ("--threads", threads != nil)] where given {
                throw UserInputFailure(message: "\(option) applies only to the shards of 'restock run --shard' (folders with \(RunShardManifest.fileName)); "
                                       + "these are sweep shards. Allowed: merge sweep shards without \(option).")
            }
            var texts: [String] = []
            for folder in folders {
                let path = URL(fileURLWithPath: folder).appendingPathComponent("comparison.csv").path
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw UserInputFailure(message: "\(path): missing or unreadable; each folder must hold a shard's comparison.csv")
                }
                texts.append(text)
            }
            do {
                let csv = try ComparisonTable.merge(texts, names: folders) { try folders.map(SweepShardManifest.load(folder:)) }
                let folder = outFolder
                try AtomicFileWriter.writeAll([(csv, folder.appendingPathComponent("comparison.csv")),
                                               (try ComparisonPage.html(csv: csv), folder.appendingPathComponent("comparison.html"))])
            } catch let error as ReportError {
                throw UserInputFailure(message: error.message)
            }
            if !quiet { print("Merged \(folders.count) shard(s) into \(out)/comparison.csv and comparison.html") }
        }
    }

    /// The shards of one `restock run --shard K/N` → the whole run's report. Every check that needs only the
    /// manifests comes before the scenario is loaded; the data files are checked against their hashes.
    func mergeRunShards(into outFolder: URL) throws {
        var manifests: [RunShardManifest] = []
        do {
            manifests = try folders.map(RunShardManifest.load(folder:))
        } catch let error as ReportError {
            throw UserInputFailure(message: error.message)
        }
        let first = manifests[0]
        for (folder, manifest) in zip(folders, manifests).dropFirst() where manifest.run != first.run {
            let why: String
            if manifest.scenarioFingerprint != first.scenarioFingerprint || manifest.overrides != first.overrides {
                why = "another scenario file or other --set overrides"
            } else if manifest.parsedShard?.count != first.parsedShard?.count {
                why = "a split into \(manifest.parsedShard?.count ?? 0) shards, not \(first.parsedShard?.count ?? 0)"
            } else if manifest.resolved != first.resolved {
                why = "the same file resolved differently (a sales history or policy file it reads changed between the runs)"
            } else {
                why = "another seed, replication count, policy list or --trace-skus"
            }
            throw UserInputFailure(message: "\(folder) is a shard of another run than \(folders[0]) (\(why)). "
                                   + "Allowed: the \(first.parsedShard?.count ?? 0) shard folders of one 'restock run --shard K/N'.")
        }
        let shards = manifests.compactMap(\.parsedShard)
        let count = shards[0].count
        var given = [[String]](repeating: [], count: count + 1)
        for (folder, shard) in zip(folders, shards) { given[shard.index].append(folder) }
        if let repeated = given.firstIndex(where: { $0.count > 1 }) {
            throw UserInputFailure(message: "shard \(repeated)/\(count) is given twice (\(given[repeated].joined(separator: ", "))). Allowed: each of the \(count) shards once.")
        }
        let missing = (1...count).filter { given[$0].isEmpty }
        guard missing.isEmpty else {
            throw UserInputFailure(message: "shard(s) \(missing.prefix(20).map { "\($0)/\(count)" }.joined(separator: ", "))\(missing.count > 20 ? ", …" : "") "
                                   + "of the run are missing (\(folders.count) of \(count) given); nothing was written. Allowed: all \(count) shard folders of the run.")
        }
        // The data before the scenario (which may take long to load): each file as its manifest hashed it.
        var parts: [SKUShardResult] = []
        for (folder, manifest) in zip(folders, manifests) {
            let file = URL(fileURLWithPath: folder).appendingPathComponent(RunShardManifest.dataFileName).path
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UserInputFailure(message: "\(file): missing or unreadable; each run shard folder holds \(RunShardManifest.fileName) and \(RunShardManifest.dataFileName)")
            }
            guard FNV1a.hex(bytes: data) == manifest.data, let shard = manifest.parsedShard else {
                throw UserInputFailure(message: "\(file): its contents do not match the hash in \(RunShardManifest.fileName) (changed or damaged); re-run the shard")
            }
            do {
                parts.append(try RunShardData.decode(data, shard: shard, skuCount: manifest.skuCount, path: file))
            } catch let error as ReportError {
                throw UserInputFailure(message: error.message)
            }
        }
        // The scenario as the shards loaded it: same file (fingerprint), same overrides, same resolution.
        let path = scenario ?? first.scenario
        var whole: Scenario
        do {
            whole = try resolveAutoSearch(try loadScenario(path, overrides: first.overrides, searchAuto: true), threads: threads, quiet: true)
        } catch let failure as UserInputFailure {
            throw UserInputFailure(message: failure.message + (scenario == nil
                ? " (merge loads the scenario the shards recorded; name it with --scenario FILE when it lives elsewhere here)" : ""))
        }
        whole.tracedSKUs = first.tracedSKUs
        guard whole.fingerprint == first.scenarioFingerprint else {
            throw UserInputFailure(message: "\(path) is not the scenario the shards ran (its fingerprint \(whole.fingerprint ?? "-") differs from their "
                                   + "\(first.scenarioFingerprint)). Allowed: --scenario naming the file the shards were given, unchanged.")
        }
        guard RunShardManifest.runFingerprint(whole, resolved: RunShardManifest.resolvedFingerprint(whole), shardCount: count) == first.run else {
            throw UserInputFailure(message: "\(path) resolves differently here than in the shards (a sales history or policy file it reads changed, "
                                   + "or another restock built it). Allowed: the files the shards read, unchanged.")
        }
        let files: [URL]
        do {
            let result = try ExperimentResult.assembled(whole, parts: parts, threads: threads)
            files = try ReportWriter.write(result, to: outFolder)
        } catch let error as SKUShardError {
            throw UserInputFailure(message: error.message)
        } catch let error as ReportError {
            throw UserInputFailure(message: error.message)
        }
        if !quiet {
            print("Merged \(count) run shard(s) of \(whole.name) (\(whole.world.products.count) SKUs) into " + files.map(\.path).joined(separator: ", "))
        }
    }
}
