import Foundation
import Scenario
import Stochastics

/// Which part of a sweep or of a run one process runs: shard `index` of `count` (1-based), the variants
/// (or, for `restock run --shard`, the SKUs) whose 0-based index ≡ `index` − 1 (mod `count`), a split any
/// scheduler can reproduce.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based shard number.
    public var index: Int
    /// Number of shards.
    public var count: Int
    /// Where `--shard auto` found the shard (e.g. `SLURM_ARRAY_TASK_ID=3`); empty for `K/N`.
    public var source: String = ""

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Shard `index` of `count` (1 ≤ index ≤ count).
    public init(index: Int, count: Int, source: String = "") {
        precondition(1 <= index && index <= count, "shard \(index)/\(count) is not K/N with 1 <= K <= N")
        (self.index, self.count, self.source) = (index, count, source)
    }

    /// Whether a variant (0-based index) belongs to this shard.
    public func contains(variant: Int) -> Bool { variant % count == index - 1 }

    /// The largest shard count accepted.
    public static let maximumCount = 100_000

    /// Parses `K/N`, or resolves `auto` from the scheduler's environment:
    /// - Slurm job arrays: `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN` (the first task id, default 0),
    ///   `SLURM_ARRAY_TASK_COUNT` and `SLURM_ARRAY_TASK_STEP` (must be 1): shard ID − MIN + 1 of COUNT.
    /// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (0-based); the count is not in the environment, so
    ///   it comes from `count` (`--shard-count`) or `RESTOCK_SHARD_COUNT` (set it to the Job's completions).
    /// - Parameters:
    ///   - text: `K/N` or `auto`.
    ///   - environment: the process environment.
    ///   - count: `--shard-count`, only with `auto`; it must agree with Slurm's count when both are given.
    /// - Returns: the shard.
    /// - Throws: ``ScenarioError`` (file `--shard`) saying what is wrong and what is allowed.
    public static func resolve(_ text: String, environment: [String: String], count: Int? = nil) throws -> SweepShard {
        func failure(_ problem: String, _ allowed: String) -> ScenarioError {
            ScenarioError(file: "--shard", problem: problem, allowed: allowed)
        }
        guard text == "auto" else {
            if count != nil {
                throw failure("--shard-count applies only to --shard auto (--shard \(text) names its count)", "--shard K/N, or --shard auto --shard-count N")
            }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= maximumCount, k >= 1, k <= n else {
                throw failure("'\(text)' is not K/N with 1 <= K <= N <= \(maximumCount)", "e.g. --shard 2/8, or --shard auto inside a Slurm array or Kubernetes Indexed Job")
            }
            return SweepShard(index: k, count: n)
        }
        func integer(_ name: String) throws -> Int? {
            guard let value = environment[name] else { return nil }
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)), number >= 0 else {
                throw failure("\(name)=\(value) is not a whole number >= 0", "the values Slurm or Kubernetes set")
            }
            return number
        }
        if let id = try integer("SLURM_ARRAY_TASK_ID") {
            guard let total = try integer("SLURM_ARRAY_TASK_COUNT"), total >= 1, total <= maximumCount else {
                throw failure("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is missing or 0", "a Slurm job array (sbatch --array=0-3)")
            }
            let step = try integer("SLURM_ARRAY_TASK_STEP") ?? 1
            guard step == 1 else {
                throw failure("the Slurm array steps by \(step); shards need consecutive task ids", "--array=0-N or --array=1-N (step 1)")
            }
            let first = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
            guard id >= first, id - first < total else {
                throw failure("SLURM_ARRAY_TASK_ID=\(id) lies outside the array's \(total) tasks from \(first)", "a Slurm job array with consecutive task ids")
            }
            if let count, count != total {
                throw failure("--shard-count \(count) disagrees with SLURM_ARRAY_TASK_COUNT=\(total)", "no --shard-count inside a Slurm array, or the array's size")
            }
            return SweepShard(index: id - first + 1, count: total, source: "SLURM_ARRAY_TASK_ID=\(id), SLURM_ARRAY_TASK_MIN=\(first), SLURM_ARRAY_TASK_COUNT=\(total)")
        }
        if let index = try integer("JOB_COMPLETION_INDEX") {
            let fromEnvironment = try integer("RESTOCK_SHARD_COUNT")
            guard let total = count ?? fromEnvironment, total >= 1, total <= maximumCount else {
                throw failure("JOB_COMPLETION_INDEX=\(index) is set but the number of shards is not",
                              "--shard-count N or RESTOCK_SHARD_COUNT=N (the Indexed Job's completions), 1…\(maximumCount)")
            }
            if let count, let fromEnvironment, count != fromEnvironment {
                throw failure("--shard-count \(count) disagrees with RESTOCK_SHARD_COUNT=\(fromEnvironment)", "one of them, or both equal")
            }
            guard index < total else {
                throw failure("JOB_COMPLETION_INDEX=\(index) is not below the shard count \(total)", "completions equal to the shard count")
            }
            return SweepShard(index: index + 1, count: total, source: "JOB_COMPLETION_INDEX=\(index) of \(total)")
        }
        throw failure("--shard auto found no scheduler (neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set)",
                      "--shard auto inside a Slurm job array or a Kubernetes Indexed Job, or --shard K/N")
    }
}

extension Sweep {
    /// A fingerprint of the whole resolved sweep: its variant count and, per variant, its index, the
    /// bytes of its scenario file (not its path: shards may run from other folders), its overrides and
    /// its comparison settings. Shards of one sweep share it; `restock merge` refuses shards whose
    /// fingerprints differ.
    /// - Throws: ``ScenarioError`` when a scenario file cannot be read.
    public func identity() throws -> String {
        var fileHashes: [String: String] = [:]
        var text = "restock-sweep/1\nvariants \(variants.count)\nkeys \(keys.joined(separator: "\u{1F}"))\n"
        for variant in variants {
            if fileHashes[variant.scenarioPath] == nil {
                guard let data = FileManager.default.contents(atPath: variant.scenarioPath) else {
                    throw ScenarioError(file: variant.scenarioPath, problem: "cannot read the scenario file", allowed: "a readable file")
                }
                fileHashes[variant.scenarioPath] = FNV1a.hex(String(decoding: data, as: UTF8.self))
            }
            text += "\(variant.index)\u{1E}\(fileHashes[variant.scenarioPath]!)\u{1E}\(variant.overrides.joined(separator: "\u{1F}"))\u{1E}"
                + variant.settings.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}") + "\n"
        }
        return FNV1a.hex(text)
    }

    /// This shard's variants.
    public func variants(in shard: SweepShard?) -> [Variant] {
        guard let shard else { return variants }
        return variants.filter { shard.contains(variant: $0.index) }
    }
}
