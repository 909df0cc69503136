import Experiment
import Foundation
import Reporting
import Reports
import Scenario
import Testing

@Suite("Shards from schedulers, and merges that cannot be fooled")
struct ShardTests {
    @Test("--shard auto: Slurm arrays from any first task id, Kubernetes indexed jobs with a count, and what is refused")
    func resolveAuto() throws {
        let slurm = try SweepShard.resolve("auto", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"])
        #expect(slurm.description == "3/4" && slurm.source.contains("SLURM_ARRAY_TASK_ID=3"))
        // --array=0-3: task 0 is shard 1.
        #expect(try SweepShard.resolve("auto", environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"]).description == "1/4")
        #expect(try SweepShard.resolve("auto", environment: ["JOB_COMPLETION_INDEX": "2"], count: 5).description == "3/5")
        #expect(try SweepShard.resolve("auto", environment: ["JOB_COMPLETION_INDEX": "0", "RESTOCK_SHARD_COUNT": "2"]).description == "1/2")
        #expect(try SweepShard.resolve("2/8", environment: ["SLURM_ARRAY_TASK_ID": "5"]).description == "2/8")
        let refused: [(String, [String: String], Int?, String)] = [
            ("auto", [:], nil, "found no scheduler"),
            ("auto", ["JOB_COMPLETION_INDEX": "1"], nil, "the number of shards is not"),
            ("auto", ["JOB_COMPLETION_INDEX": "4"], 4, "is not below the shard count 4"),
            ("auto", ["JOB_COMPLETION_INDEX": "0", "RESTOCK_SHARD_COUNT": "3"], 2, "disagrees with RESTOCK_SHARD_COUNT=3"),
            ("auto", ["SLURM_ARRAY_TASK_ID": "1"], nil, "SLURM_ARRAY_TASK_COUNT is missing"),
            ("auto", ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"], nil, "outside the array"),
            ("auto", ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "2"], nil, "steps by 2"),
            ("auto", ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4"], 3, "disagrees with SLURM_ARRAY_TASK_COUNT=4"),
            ("auto", ["SLURM_ARRAY_TASK_ID": "x"], nil, "not a whole number"),
            ("2/8", [:], 8, "applies only to --shard auto"),
            ("0/3", [:], nil, "not K/N"),
        ]
        for (text, environment, count, expected) in refused {
            do {
                let shard = try SweepShard.resolve(text, environment: environment, count: count)
                Issue.record("\(text) \(environment) resolved to \(shard)")
            } catch let error as ScenarioError {
                #expect(error.description.contains(expected) && !error.allowed.isEmpty, "\(error)")
            }
        }
    }

    @Test("a sweep's fingerprint changes with the scenario's bytes and the overrides, not with its path")
    func identity() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml"), encoding: .utf8)
        let a = folder.appendingPathComponent("a.yaml"), b = folder.appendingPathComponent("b.yaml"), c = folder.appendingPathComponent("c.yaml")
        try original.write(to: a, atomically: true, encoding: .utf8)
        try original.write(to: b, atomically: true, encoding: .utf8)
        try original.replacingOccurrences(of: "seed:", with: "seed: 1 #").write(to: c, atomically: true, encoding: .utf8)
        func id(_ path: URL, _ vary: String = "replications=2,3", base: [String] = []) throws -> String {
            try Sweep.grid(scenarioPath: path.path, baseOverrides: base, vary: [vary]).identity()
        }
        #expect(try id(a) == id(b))
        #expect(try id(a) != id(c))
        #expect(try id(a) != id(a, "replications=2,4"))
        #expect(try id(a) != id(a, base: ["horizonDays=50"]))
        #expect(try id(a) != id(a, "replications=2,3,4"))
    }

    /// Runs `restock sweep` shards of a three-variant sweep into folder/name.
    func shard(_ spec: String, _ name: String, in folder: URL, vary: String = "replications=2,3,4",
               environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try restock(["sweep", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path, "--set", "horizonDays=40",
                     "--set", "warmupDays=0", "--vary", vary, "--shard", spec, "--out", folder.appendingPathComponent(name).path],
                    in: folder, environment: environment)
    }

    @Test("merge refuses shards of different sweeps, a trailing shard missing and a tampered folder; nothing is written")
    func mergeRefusals() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A Slurm array task: --shard auto finds shard 1/3 and says where from.
        let first = try shard("auto", "s1", in: folder, environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(first.status == 0 && first.stdout.contains("shard 1/3 (from SLURM_ARRAY_TASK_ID=0"), "\(first.stdout)\(first.stderr)")
        #expect(try shard("2/3", "s2", in: folder).status == 0)
        let manifest = try SweepShardManifest.load(folder: folder.appendingPathComponent("s1").path)
        #expect(manifest.variants == [0] && manifest.variantCount == 3 && manifest.shard == "1/3")
        // Shard 3/3 (variant 2, the last) is absent: named, with its shard, and no output.
        let trailing = try restock(["merge", "s1", "s2", "--out", "m"], in: folder)
        #expect(trailing.status == 2 && trailing.stderr.contains("missing variant 2 (shard 3/3)"), "\(trailing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m").path))
        // A shard of another sweep (other values) with the same header.
        #expect(try shard("3/3", "other", in: folder, vary: "replications=2,3,5").status == 0)
        let mixed = try restock(["merge", "s1", "s2", "other", "--out", "m"], in: folder)
        #expect(mixed.status == 2 && mixed.stderr.contains("come from different sweeps"), "\(mixed.stderr)")
        // The right third shard merges.
        #expect(try shard("3/3", "s3", in: folder).status == 0)
        let merged = try restock(["merge", "s3", "s1", "s2", "--out", "m"], in: folder)
        #expect(merged.status == 0, "\(merged.stderr)")
        // A folder whose manifest is missing or does not match its comparison.csv.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("s3/shard.json"))
        let bare = try restock(["merge", "s1", "s2", "s3", "--out", "m2"], in: folder)
        #expect(bare.status == 2 && bare.stderr.contains("s3/shard.json: missing"), "\(bare.stderr)")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("s2/shard.json"), to: folder.appendingPathComponent("s3/shard.json"))
        let swapped = try restock(["merge", "s1", "s3", "--out", "m2"], in: folder)
        #expect(swapped.status == 2 && swapped.stderr.contains("s3: comparison.csv holds variants [2] but its shard.json lists [1]"), "\(swapped.stderr)")
        try "{\"format\": 3}".write(to: folder.appendingPathComponent("s3/shard.json"), atomically: true, encoding: .utf8)
        let garbage = try restock(["merge", "s1", "s3", "--out", "m2"], in: folder)
        #expect(garbage.status == 2 && garbage.stderr.contains("not a shard manifest"), "\(garbage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m2").path))
        // --shard-count without --shard auto is refused.
        let stray = try restock(["sweep", repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path, "--vary", "replications=2,3",
                                 "--shard-count", "2", "--out", "x"], in: folder)
        #expect(stray.status == 2 && stray.stderr.contains("--shard-count applies only to --shard auto"), "\(stray.stderr)")
    }
}
