import Foundation
import Testing

/// `restock train` end to end on the shipped lost-sales scenario with a tiny budget: the files,
/// the resume path (a run stopped at a checkpoint and resumed writes the same bytes as one run),
/// and the trained policy in `restock run` beside the heuristics.
@Suite("restock train")
struct TrainTests {
    static let budget = ["--updates", "4", "--checkpoint-every", "2", "--environments", "8", "--rollout", "32",
                         "--hidden", "8", "--seed", "3", "--quiet"]

    @Test("train writes the curve, checkpoint and policy; stop + resume gives the same bytes; run uses the policy")
    func trainResumeRun() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let straight = folder.appendingPathComponent("straight")
        let once = try restock(["train", scenario, "--out", straight.path] + Self.budget, in: folder)
        #expect(once.status == 0, "\(once.stderr)")
        let policy = straight.appendingPathComponent("ZIPKIN.policy.json")
        let curve = try String(contentsOf: straight.appendingPathComponent("learning_curve.csv"), encoding: .utf8)
        let rows = curve.split(separator: "\n")
        #expect(rows.count == 5, "header + 4 updates")
        #expect(rows[0].hasPrefix("update,environment_steps,episodes,mean_reward"))
        #expect(rows[2].hasSuffix(",exact"), "segment ends carry the exact greedy cost")
        #expect(rows[1].hasSuffix(",,,"), "other updates do not")
        #expect(FileManager.default.fileExists(atPath: straight.appendingPathComponent("checkpoint.json").path))

        let split = folder.appendingPathComponent("split")
        let first = try restock(["train", scenario, "--out", split.path, "--stop-after", "2"] + Self.budget, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!FileManager.default.fileExists(atPath: split.appendingPathComponent("ZIPKIN.policy.json").path))
        let second = try restock(["train", scenario, "--out", split.path, "--resume"] + Self.budget, in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Data(contentsOf: split.appendingPathComponent("ZIPKIN.policy.json")) == Data(contentsOf: policy))
        #expect(try String(contentsOf: split.appendingPathComponent("learning_curve.csv"), encoding: .utf8) == curve)

        let mismatch = try restock(["train", scenario, "--out", split.path, "--resume", "--seed", "4"]
                                   + Self.budget.filter { $0 != "3" && $0 != "--seed" }, in: folder)
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("other training settings"), "\(mismatch.stderr)")

        // The policy in a scenario: restock run compares it with the heuristics.
        let yaml = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "policies:\n", with: "policies:\n  - {name: ppo, type: trained, file: \(policy.path)}\n")
        let withAgent = folder.appendingPathComponent("with-agent.yaml")
        try yaml.write(to: withAgent, atomically: true, encoding: .utf8)
        let run = try restock(["run", withAgent.path, "--set", "horizonDays=200", "--set", "replications=3",
                               "--out", folder.appendingPathComponent("report").path, "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("report/summary.csv"), encoding: .utf8)
        #expect(summary.contains("\nppo,"), "the trained policy has rows in summary.csv")
    }

    @Test("a SKU that does not fit the training model is a clear error with exit code 2")
    func unsuitable() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let quickstart = repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path
        let noSKU = try restock(["train", quickstart, "--out", folder.path] + Self.budget, in: folder)
        #expect(noSKU.status == 2)
        #expect(noSKU.stderr.contains("choose one with --sku"), "\(noSKU.stderr)")
        let agent = try restock(["train", quickstart, "--agent", "dqn"] + Self.budget, in: folder)
        #expect(agent.status == 2)
        #expect(agent.stderr.contains("allowed: ppo"))
    }
}
