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

/// `--resume` writes the same bytes as an uninterrupted run, and every input error of `restock train`
/// is one paragraph with exit code 2, found before any training.
@Suite("restock train: resume and input errors")
struct TrainResumeTests {
    /// One environment's case: a budget whose best evaluation falls before the stop, so that the kept
    /// policy is one a resumed run did not evaluate itself.
    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: String
        var sku: String
        var budget: [String]
        var stopAfter: Int
        var testDescription: String { scenario }
    }

    static let cases = [
        Case(scenario: "lost-sales", sku: "ZIPKIN",
             budget: ["--updates", "4", "--checkpoint-every", "2", "--environments", "8", "--rollout", "32", "--hidden", "8",
                      "--seed", "1", "--quiet"], stopAfter: 2),
        Case(scenario: "pricing-markdown", sku: "DRESS-SUMMER",
             budget: ["--updates", "2", "--checkpoint-every", "1", "--environments", "4", "--rollout", "16", "--hidden", "8",
                      "--seed", "5", "--quiet"], stopAfter: 1),
    ]

    @Test("stopped and resumed: the same curve, checkpoint, policy file and page as one run, the kept policy evaluated before the stop",
          arguments: cases)
    func resumeIsByteIdentical(_ c: Case) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/\(c.scenario).yaml").path
        let straight = folder.appendingPathComponent("straight"), split = folder.appendingPathComponent("split")
        let once = try restock(["train", scenario, "--out", straight.path] + c.budget, in: folder)
        #expect(once.status == 0, "\(once.stderr)")
        let stopped = try restock(["train", scenario, "--out", split.path, "--stop-after", String(c.stopAfter)] + c.budget, in: folder)
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let resumed = try restock(["train", scenario, "--out", split.path, "--resume"] + c.budget, in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")

        // The case is built so that the kept policy was evaluated before the interruption.
        let policy = try Data(contentsOf: straight.appendingPathComponent("\(c.sku).policy.json"))
        let training = try #require((try JSONSerialization.jsonObject(with: policy) as? [String: Any])?["training"] as? [String: Any])
        let selected = try #require(training["selectedUpdate"] as? Int)
        #expect(selected <= c.stopAfter, "the best evaluation must fall before the stop for this test to mean anything")
        for name in ["learning_curve.csv", "checkpoint.json", "\(c.sku).policy.json", "training.html"] {
            let a = try Data(contentsOf: straight.appendingPathComponent(name))
            let b = try Data(contentsOf: split.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the uninterrupted and the resumed run")
        }
        let checkpoint = try String(contentsOf: straight.appendingPathComponent("checkpoint.json"), encoding: .utf8)
        #expect(!checkpoint.contains("seconds"), "no clock time in the checkpoint")
        #expect(checkpoint.contains("\"format\":\"restock-ppo-checkpoint\""))

        // The same options again give the same files.
        let again = folder.appendingPathComponent("again")
        #expect(try restock(["train", scenario, "--out", again.path] + c.budget, in: folder).status == 0)
        #expect(try Data(contentsOf: again.appendingPathComponent("checkpoint.json")) == Data(checkpoint.utf8))
    }

    /// Runs `restock train` expecting exit code 2 and a one-line message; returns the message.
    func refused(_ arguments: [String], in folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try restock(["train"] + arguments, in: folder)
        #expect(result.status == 2, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
                "one paragraph: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stderr
    }

    @Test("options that do not apply to the environment are refused, saying why and what to use instead")
    func inapplicableOptions() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lostSales = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let pricing = repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path
        let out = folder.appendingPathComponent("out").path
        let budget = TrainTests.budget
        // auto picks the stationary model for ZIPKIN: the other SKUs and the decision cadence play no part.
        let others = try refused([lostSales, "--out", out, "--others", "best-base-stock"] + budget, in: folder)
        #expect(others.contains("--others does not apply here: SKU 'ZIPKIN' trains on its stationary model (--environment auto chose it"), "\(others)")
        #expect(others.contains("add --environment scenario"))
        let days = try refused([lostSales, "--out", out, "--environment", "model", "--decision-days", "7"] + budget, in: folder)
        #expect(days.contains("--decision-days does not apply here"), "\(days)")
        #expect(days.contains("as --environment model asks"))
        for flag in ["--cover-until-next-decision", "--level-scaled-cover"] {
            let cover = try refused([lostSales, "--out", out, flag] + budget, in: folder)
            #expect(cover.contains("\(flag) does not apply here: SKU 'ZIPKIN' trains on its stationary model"), "\(cover)")
        }
        // Full simulations order multiples of the forecast: --max-order would be ignored.
        let maxOrder = try refused([lostSales, "--out", out, "--environment", "scenario", "--max-order", "20"] + budget, in: folder)
        #expect(maxOrder.contains("--max-order does not apply here"), "\(maxOrder)")
        let autoScenario = try refused([pricing, "--out", out, "--max-order", "20"] + budget, in: folder)
        #expect(autoScenario.contains("--environment auto chose them: SKU 'DRESS-SUMMER' has 4 price levels"), "\(autoScenario)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written")
    }

    @Test("an output folder that cannot be written is refused before training")
    func unwritableFolder() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lostSales = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        for out in [file, file.appendingPathComponent("train")] {
            let message = try refused([lostSales, "--out", out.path] + TrainTests.budget, in: folder)
            #expect(message == "error: cannot write the training files to \(out.path): \(file.path) is a file, not a folder; choose an --out folder you can write to.\n")
        }
        #expect(try Data(contentsOf: file) == Data("x".utf8))
    }

    @Test("a missing, damaged, foreign or older checkpoint is refused with a message saying what to do")
    func badCheckpoints() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lostSales = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let out = folder.appendingPathComponent("out")
        let budget = TrainTests.budget
        let missing = try refused([lostSales, "--out", out.path, "--resume"] + budget, in: folder)
        #expect(missing.contains("there is no checkpoint to resume"), "\(missing)")
        #expect(try restock(["train", lostSales, "--out", out.path] + budget, in: folder).status == 0)
        let url = out.appendingPathComponent("checkpoint.json")
        let good = try Data(contentsOf: url)
        try good.prefix(good.count / 2).write(to: url)
        #expect(try refused([lostSales, "--out", out.path, "--resume"] + budget, in: folder).contains("is damaged or not a PPO checkpoint"))
        try Data(contentsOf: out.appendingPathComponent("ZIPKIN.policy.json")).write(to: url)
        #expect(try refused([lostSales, "--out", out.path, "--resume"] + budget, in: folder)
            .contains("is not a PPO checkpoint (it is a 'restock-trained-policy' file)"))
        var old = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
        old["format"] = nil
        old["version"] = 1
        try JSONSerialization.data(withJSONObject: old).write(to: url)
        let older = try refused([lostSales, "--out", out.path, "--resume"] + budget, in: folder)
        #expect(older.contains("was made by an older version of restock"), "\(older)")
        #expect(older.contains("train afresh without --resume"))
    }

    @Test("a resume with other settings names each option that differs, its checkpoint value and the given one")
    func mismatchedResume() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lostSales = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
        let out = folder.appendingPathComponent("model").path
        let budget = TrainTests.budget
        #expect(try restock(["train", lostSales, "--out", out, "--stop-after", "2"] + budget, in: folder).status == 0)
        let tail = "; resume with the same options, or train afresh without --resume.\n"
        let path = "\(out)/checkpoint.json"
        #expect(try refused([lostSales, "--out", out, "--resume", "--max-order", "40"] + budget, in: folder)
            == "error: cannot resume from \(path): --max-order was 15 when the checkpoint was made, now 40\(tail)")
        let fourCopies = budget.enumerated().map { $0.offset > 0 && budget[$0.offset - 1] == "--environments" ? "4" : $0.element }
        #expect(try refused([lostSales, "--out", out, "--resume"] + fourCopies, in: folder)
            == "error: cannot resume from \(path): --environments was 8 when the checkpoint was made, now 4\(tail)")
        #expect(try refused([lostSales, "--out", out, "--resume", "--set", "products.0.holdingCostPerUnitDay=2"] + budget, in: folder)
            .hasPrefix("error: cannot resume from \(path): --set was (none) when the checkpoint was made, now products.0.holdingCostPerUnitDay=2;"))
        #expect(try refused([lostSales, "--out", out, "--resume", "--environment", "scenario"] + budget, in: folder)
            == "error: cannot resume from \(path): --environment was model when the checkpoint was made, now scenario\(tail)")
        // An edit of the scenario file itself: its fingerprint differs.
        let edited = folder.appendingPathComponent("edited.yaml")
        let yaml = try String(contentsOfFile: lostSales, encoding: .utf8)
        try yaml.replacingOccurrences(of: "holdingCostPerUnitDay: 1\n", with: "holdingCostPerUnitDay: 3\n").write(to: edited, atomically: true, encoding: .utf8)
        #expect(try refused([edited.path, "--out", out, "--resume"] + budget, in: folder).contains("the scenario file has changed since the checkpoint was made"))

        // The scenario environment: the other SKUs' policy and the decision cadence are part of the run.
        let pricing = repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path
        let simulated = folder.appendingPathComponent("scenario").path
        let small = ["--updates", "2", "--checkpoint-every", "1", "--environments", "2", "--rollout", "8", "--hidden", "4", "--quiet"]
        #expect(try restock(["train", pricing, "--out", simulated, "--stop-after", "1"] + small, in: folder).status == 0)
        #expect(try refused([pricing, "--out", simulated, "--resume", "--decision-days", "14", "--others", "markdown-cover"] + small, in: folder)
            == "error: cannot resume from \(simulated)/checkpoint.json: --others was full-price when the checkpoint was made, now markdown-cover; --decision-days was 7 when the checkpoint was made, now 14\(tail)")
        #expect(try refused([pricing, "--out", simulated, "--resume", "--cover-until-next-decision"] + small, in: folder)
            == "error: cannot resume from \(simulated)/checkpoint.json: --cover-until-next-decision was false when the checkpoint was made, now true\(tail)")
        #expect(try refused([pricing, "--out", simulated, "--resume", "--set", "horizonDays=100"] + small, in: folder)
            .contains("--set was (none) when the checkpoint was made, now horizonDays=100"))
        let resumed = try restock(["train", pricing, "--out", simulated, "--resume"] + small, in: folder)
        #expect(resumed.status == 0, "the same options still resume: \(resumed.stderr)")
    }
}

/// Training on a SKU with two suppliers: the dual-sourcing model, graded exactly.
@Suite("restock train on two suppliers")
struct DualSourcingTrainTests {
    @Test("a two-supplier SKU trains a dual-sourcing agent; its file runs in the scenario and is refused on a one-supplier SKU")
    func dualSourcingScenario() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/dual-sourcing-exact.yaml").path
        let out = folder.appendingPathComponent("train")
        let budget = ["--updates", "2", "--checkpoint-every", "1", "--environments", "4", "--rollout", "16", "--hidden", "8",
                      "--seed", "2", "--quiet"]
        let trained = try restock(["train", scenario, "--out", out.path] + budget, in: folder)
        #expect(trained.status == 0, "\(trained.stderr)")
        let policy = out.appendingPathComponent("PART-4.policy.json")
        let text = try String(contentsOf: policy, encoding: .utf8)
        #expect(text.contains("\"kind\" : \"dualSourcing\""))
        #expect(text.contains("\"positionCapUnits\""))
        let curve = try String(contentsOf: out.appendingPathComponent("learning_curve.csv"), encoding: .utf8)
        #expect(curve.hasSuffix(",exact\n"), "the greedy policy is graded exactly")
        let page = try String(contentsOf: out.appendingPathComponent("training.html"), encoding: .utf8)
        #expect(page.contains("best capped dual index (Se=4 Sr=11 cap=2)"), "the best levels are reference lines")

        // In the scenario: orders go to both suppliers, with no warning (trained on exactly this SKU).
        let yaml = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "policies:\n", with: "policies:\n  - {name: agent, type: trained, file: \(policy.path)}\n")
        let withAgent = folder.appendingPathComponent("with-agent.yaml")
        try yaml.write(to: withAgent, atomically: true, encoding: .utf8)
        let run = try restock(["run", withAgent.path, "--set", "horizonDays=300", "--set", "replications=2",
                               "--out", folder.appendingPathComponent("report").path, "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("warning"), "\(run.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("report/summary.csv"), encoding: .utf8)
        #expect(summary.contains("\nagent,"), "the trained policy has rows in summary.csv")

        // On the one-supplier lost-sales scenario: a clear refusal naming the file and the suppliers.
        let lostSales = try String(contentsOfFile: repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "policies:\n", with: "policies:\n  - {name: agent, type: trained, file: \(policy.path)}\n")
        let single = folder.appendingPathComponent("single.yaml")
        try lostSales.write(to: single, atomically: true, encoding: .utf8)
        let refused = try restock(["run", single.path, "--out", folder.appendingPathComponent("refused").path, "--quiet"], in: folder)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("orders from two suppliers"), "\(refused.stderr)")
        #expect(refused.stderr.contains("1 supplier"), "\(refused.stderr)")
    }
}
