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
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("--seed was 3 when the checkpoint was made, now 4"), "\(mismatch.stderr)")

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
        // The policy file carries its learning curve; the run report writes it beside index.html and charts it.
        let runCurve = try String(contentsOf: folder.appendingPathComponent("report/learning_curve.csv"), encoding: .utf8)
        let curveRows = runCurve.split(separator: "\n")
        #expect(curveRows.first == "policy,sku,environment_steps,mean_reward_per_period,greedy_cost_per_day")
        #expect(curveRows.count == 5)
        #expect(curveRows[2].hasPrefix("ppo,ZIPKIN,512,"), "update 2 of 8 copies × 32 days")
        // The same numbers as the training run's own curve.
        let trainedRewards = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] }
        let runRewards = curveRows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] }
        #expect(trainedRewards == runRewards)
        let page = try String(contentsOf: folder.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(page.contains("learning-curve"))
        #expect(page.contains("learning_curve.csv"))
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
        let lostSales = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let noCheckpoint = try restock(["train", lostSales, "--out", folder.appendingPathComponent("none").path, "--resume"] + Self.budget,
                                       in: folder)
        #expect(noCheckpoint.status == 2)
        #expect(noCheckpoint.stderr.contains("there is no checkpoint to resume"), "\(noCheckpoint.stderr)")
        let zero = try restock(["train", lostSales, "--out", folder.appendingPathComponent("zero").path, "--updates", "0"], in: folder)
        #expect(zero.status == 2)
        #expect(zero.stderr == "error: --updates is out of range; allowed: at least 1.\n")
    }
}

/// Training on full simulations of a scenario (forecast demand, price levels, a season).
@Suite("restock train on a scenario environment")
struct ScenarioTrainTests {
    @Test("the pricing scenario trains on full simulations; the policy reads forecasts and prices and runs in the scenario")
    func pricingScenario() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path
        let out = folder.appendingPathComponent("train")
        let budget = ["--updates", "2", "--checkpoint-every", "1", "--environments", "4", "--rollout", "16", "--hidden", "8",
                      "--seed", "5", "--quiet"]
        let trained = try restock(["train", scenario, "--out", out.path] + budget, in: folder)
        #expect(trained.status == 0, "\(trained.stderr)")
        let policy = out.appendingPathComponent("DRESS-SUMMER.policy.json")
        let text = try String(contentsOf: policy, encoding: .utf8)
        #expect(text.contains("\"kind\" : \"observation\""))
        #expect(text.contains("\"priceLevelCount\" : 4"))
        let curve = try String(contentsOf: out.appendingPathComponent("learning_curve.csv"), encoding: .utf8)
        #expect(curve.split(separator: "\n").count == 3)
        #expect(curve.contains(",simulated\n"))
        let page = try String(contentsOf: out.appendingPathComponent("training.html"), encoding: .utf8)
        #expect(page.contains("markdown-cover"), "the scenario's policies are the reference lines")

        let yaml = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "policies:\n", with: "policies:\n  - {name: agent, type: trained, file: \(policy.path)}\n")
            .replacingOccurrences(of: "history: data/", with: "history: \(repositoryRoot.path)/scenarios/data/")
        let withAgent = folder.appendingPathComponent("with-agent.yaml")
        try yaml.write(to: withAgent, atomically: true, encoding: .utf8)
        let run = try restock(["run", withAgent.path, "--set", "replications=2", "--out", folder.appendingPathComponent("report").path,
                               "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("warning"), "trained on exactly this SKU: \(run.stderr)")
        let trace = try String(contentsOf: folder.appendingPathComponent("report/trace.csv"), encoding: .utf8)
        let rows = trace.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let price = try #require(rows.first?.firstIndex(of: "price"))
        let agentPrices = Set(rows.dropFirst().filter { $0[0] == "agent" }.compactMap { Double($0[price]) })
        #expect(!agentPrices.isEmpty && agentPrices.isSubset(of: [59, 47, 39, 29]), "\(agentPrices)")

        // --environment model refuses a SKU whose demand follows a forecast, saying why.
        let refused = try restock(["train", scenario, "--environment", "model", "--out", folder.appendingPathComponent("m").path] + budget,
                                  in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("stationary"), "\(refused.stderr)")
    }
}
