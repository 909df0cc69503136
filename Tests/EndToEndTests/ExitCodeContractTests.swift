import Foundation
import Testing

/// The exit-code contract of every subcommand (README, "Exit codes"): 0 success, 2 any input or
/// environment error with one located message, 1 only for a bug. Every subcommand is walked through a
/// bad flag, a missing input file and (where it writes files) an unwritable --out; nothing is written.
@Suite("Exit-code contract")
struct ExitCodeContractTests {
    static let subcommands = ["run", "tune", "sweep", "compare", "merge", "validate", "optimize", "solve", "bench", "bench-rl",
                              "bench-dual", "bench-policies", "train", "bench-forecast", "forecast", "synth-history"]

    @Test("an unknown flag exits 2 with the flag named, for every subcommand", arguments: subcommands)
    func badFlag(_ command: String) throws {
        let folder = temporaryFolder()
        let result = try restock([command, "--no-such-flag"], in: folder)
        #expect(result.status == 2, "\(command): \(result.status) \(result.stderr)")
        // Commands with a required argument report it first; the others name the flag.
        #expect(result.stderr.contains("--no-such-flag") || result.stderr.contains("Missing expected argument"), "\(command): \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a missing input file exits 2 and names the file", arguments: [
        ["run", "missing.yaml"], ["tune", "missing.yaml"], ["sweep", "missing.yaml", "--vary", "replications=2,3"],
        ["compare", "missing.yaml", "missing-too.yaml"], ["merge", "missing-shard", "--out", "m"], ["validate", "missing.yaml"],
        ["optimize", "missing.yaml"], ["solve", "missing.yaml"], ["train", "missing.yaml"],
        ["bench-forecast", "--train", "missing.csv", "--test", "missing.csv"], ["forecast", "missing.csv"],
        ["sweep", repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path, "--file", "missing-sweep.yaml"],
    ])
    func missingFile(_ arguments: [String]) throws {
        let folder = temporaryFolder()
        let result = try restock(arguments, in: folder)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains("missing"), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("internal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(arguments) wrote files")
    }

    @Test("an --out that cannot be written exits 2 before any work", arguments: [
        ["run", "scenarios/lost-sales.yaml"], ["tune", "scenarios/lost-sales.yaml"],
        ["sweep", "scenarios/lost-sales.yaml", "--vary", "replications=2,3"],
        ["compare", "scenarios/lost-sales.yaml", "scenarios/quickstart.yaml"], ["train", "scenarios/lost-sales.yaml"],
        ["forecast", "scenarios/data/ecommerce_weekly.csv"], ["synth-history"], ["bench-policies", "--cases", "a"],
    ])
    func unwritableOut(_ arguments: [String]) throws {
        let folder = temporaryFolder()
        try "not a folder".write(to: folder.appendingPathComponent("blocker"), atomically: true, encoding: .utf8)
        let absolute = arguments.map { $0.hasPrefix("scenarios/") ? repositoryRoot.appendingPathComponent($0).path : $0 }
        let start = Date()
        let result = try restock(absolute + ["--out", "blocker/out"], in: folder)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains("blocker"), "\(arguments): \(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 60, "\(arguments) worked before checking --out")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["blocker"])
    }

    @Test("a negative number for a counting option says so (not 'missing value'), exit 2")
    func negativeNumber() throws {
        let result = try restock(["forecast", repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path,
                                  "--horizon", "-5"], in: temporaryFolder())
        #expect(result.status == 2 && result.stderr.contains("--horizon -5: a negative number is not allowed"))
    }

    @Test("--folds with a global network is refused (it holds out one window per SKU), exit 2, nothing written",
          arguments: [["--model", "global-deepar"], ["--model", "global-deepar-conv"], ["--model", "lstm", "--global"]])
    func foldsWithAGlobalNetwork(_ model: [String]) throws {
        let folder = temporaryFolder()
        let result = try restock(["forecast", repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path,
                                  "--folds", "5"] + model, in: folder)
        #expect(result.status == 2 && result.stderr.contains("--folds does not apply to a global network"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("--epochs is refused for a model without a network and out of 1…1000, exit 2, nothing written",
          arguments: [(["--model", "auto", "--epochs", "5"], "auto's LSTM candidate is capped by --budget"),
                      (["--model", "lstmm", "--epochs", "5"], "unknown model 'lstmm' (did you mean 'lstm'?)"),
                      (["--model", "ets", "--epochs", "5"], "'ets' trains no network"),
                      (["--model", "lstm", "--epochs", "0"], "--epochs must be 1…1000, not 0"),
                      (["--model", "global-deepar", "--epochs", "1001"], "--epochs must be 1…1000, not 1001")])
    func epochsRefused(_ arguments: [String], message: String) throws {
        let folder = temporaryFolder()
        let result = try restock(["forecast", repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path] + arguments,
                                 in: folder)
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("--budget is refused for a model other than auto and outside 0…86400 seconds, exit 2, nothing written",
          arguments: [(["--model", "ets", "--budget", "5"], "--budget applies to --model auto only"),
                      (["--budget", "-1"], "a negative number is not allowed for --budget"), (["--budget", "1e9"], "--budget must be 0…86400 seconds"),
                      (["--budget", "nan"], "--budget must be 0…86400 seconds")])
    func budgetRefused(_ arguments: [String], message: String) throws {
        let folder = temporaryFolder()
        let result = try restock(["forecast", repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path] + arguments,
                                 in: folder)
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("YAML errors: a duplicate key names its key path; a NUL byte is never echoed")
    func yamlMessages() throws {
        let folder = temporaryFolder()
        let text = """
        name: dup
        horizonDays: 30
        products:
          - sku: A
            sellingPrice: 10
            holdingCostPerUnitDay: 0.1
            shortage: {type: lostSales, penaltyPerUnit: 1}
            demand: {type: perDay, unitsPerDay: 3}
            suppliers:
              - name: s
                leadTimeDays: 2
                unitCost: 5
                leadTimeDays: 3
        policies:
          - {name: b, type: baseStock, orderUpToUnits: 10}

        """
        try text.write(to: folder.appendingPathComponent("dup.yaml"), atomically: true, encoding: .utf8)
        let duplicate = try restock(["validate", "dup.yaml"], in: folder)
        #expect(duplicate.status == 2 && duplicate.stderr.contains("products[0].suppliers[0].leadTimeDays"), "\(duplicate.stderr)")
        try Data("name: \"a\u{0}b\"\nhorizonDays: 3\n".utf8).write(to: folder.appendingPathComponent("nul.yaml"))
        let nul = try restock(["validate", "nul.yaml"], in: folder)
        #expect(nul.status == 2 && !nul.stderr.contains("\u{0}") && nul.stderr.split(separator: "\n").count == 1, "\(nul.stderr)")
        // A 300-character name fails at validation, naming the key, not later when the report folder is made.
        let long = try restock(["validate", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path,
                                "--set", "name=\(String(repeating: "x", count: 300))"], in: folder)
        #expect(long.status == 2 && long.stderr.contains("at 'name'"), "\(long.stderr)")
    }

    @Test("merge: a garbage comparison.csv and shards of different sweeps are named by their folder")
    func mergeMessages() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("junk"), withIntermediateDirectories: true)
        try "garbage\n".write(to: folder.appendingPathComponent("junk/comparison.csv"), atomically: true, encoding: .utf8)
        let junk = try restock(["merge", "junk", "--out", "m"], in: folder)
        #expect(junk.status == 2 && junk.stderr.contains("junk: comparison.csv is not a sweep's comparison"), "\(junk.stderr)")
        #expect(!junk.stderr.contains("missing: 0"))
    }
}
