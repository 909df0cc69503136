import Foundation
import Experiment
import Learning
import Policies
import Scenario
import Testing

/// A scenario with one Zipkin-like SKU (Poisson 5 per day, h = 1, p = 9, lead time `leadDays`) and a
/// trained policy read from `file`, written with the file into a fresh folder.
private struct Fixture {
    let folder: URL
    let scenarioPath: String

    init(leadDays: Int = 2, policyLines: String = "  - {name: agent, type: trained, file: agent.policy.json}", tag: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("trained-\(tag)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = """
        name: trained-fixture
        seed: 5
        horizonDays: 200
        warmupDays: 20
        replications: 3
        review: {type: periodic, everyDays: 1}
        products:
          - sku: ITEM
            sellingPrice: 0
            holdingCostPerUnitDay: 1
            shortage: {type: lostSales, penaltyPerUnit: 9}
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 5}}
            suppliers:
              - {name: s, leadTimeDays: \(leadDays), unitCost: 0}
        policies:
          - {name: base, type: baseStock, orderUpToUnits: 19}
        \(policyLines)
        """
        scenarioPath = folder.appendingPathComponent("scenario.yaml").path
        try yaml.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
    }

    /// Writes a policy file with a random network for lead time `lead` (decisions are arbitrary but fixed).
    func writePolicy(lead: Int, description: String? = nil, edit: (inout String) -> Void = { _ in }) throws -> TrainedPolicyFile {
        var state: UInt64 = 99
        let features = InventoryFeatures(leadTimePeriods: lead, meanDemandPerPeriod: 5)
        let network = MultilayerPerceptron(sizes: [features.count, 8, 16]) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let policy = try TrainedPolicy(network: network, features: features, actions: .orders(upTo: 15))
        let identity = TrainedPolicyFile.ModelIdentity(sku: "ITEM", leadTimePeriods: lead, periodLengthDays: 1,
                                                       description: description ?? "hand-made", scenario: "trained-fixture")
        let file = TrainedPolicyFile(agent: "ppo", model: identity, policy: policy,
                                     training: .init(seed: 1, updates: 0, environmentSteps: 0))
        var text = String(decoding: try file.encoded(), as: UTF8.self)
        edit(&text)
        try text.write(to: folder.appendingPathComponent("agent.policy.json"), atomically: true, encoding: .utf8)
        return file
    }
}

@Suite("Trained policies in scenarios")
struct TrainedPolicyScenarioTests {
    @Test("a policy file round-trips and acts in the scenario exactly as the saved network decides")
    func roundTrip() throws {
        let fixture = try Fixture(tag: "ok")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let saved = try fixture.writePolicy(lead: 2)
        let scenario = try ScenarioLoader.load(path: fixture.scenarioPath, registry: .standard)
        let definition = try #require(scenario.policies.first { $0.name == "agent" })
        #expect(definition.kind == .trained)
        #expect(definition.warnings.count == 1, "a hand-made file does not carry this SKU's parameter hash")
        let acting = definition.makePolicies(for: scenario.world)[0]
        let reference = try saved.policy()
        var differentOrders = Set<Int>()
        for stock in 0..<30 {
            for r1 in [0, 4, 11] {
                let observation = Observation(sku: 0, day: 10, onHandUnits: stock, backorderedUnits: 0,
                                              pipeline: [PipelineOrder(supplier: 0, quantityUnits: r1, dueDay: 11)], price: 0)
                let a = acting.decide(observation)
                #expect(a == reference.decide(observation))
                differentOrders.insert(a.orderUnits.reduce(0, +))
            }
        }
        #expect(differentOrders.count > 1, "the fixture network should not be constant")
        // The same model identity as `restock train` writes: no warning.
        let model = try TrainingModel(scenario: scenario, sku: "ITEM")
        _ = try fixture.writePolicy(lead: 2, description: model.description)
        let exact = try ScenarioLoader.load(path: fixture.scenarioPath, registry: .standard)
        #expect(exact.policies[1].warnings.isEmpty)
    }

    @Test("the scenario layer loads policy files only through a loader handed in: without one, a clear refusal")
    func noLoader() throws {
        let fixture = try Fixture(tag: "noloader")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try fixture.writePolicy(lead: 2)
        do {
            _ = try ScenarioLoader.load(path: fixture.scenarioPath)
            Issue.record("a trained policy cannot load without a policy-file loader")
        } catch let error as ScenarioError {
            #expect(error.keyPath == "policies[1].file", "\(error)")
            #expect(error.description.contains("cannot load policy files"), "\(error)")
        }
        #expect(try ScenarioLoader.load(path: fixture.scenarioPath, registry: .standard).policies.count == 2)
    }

    @Test("a file trained for another lead time is refused, naming the key and both lead times")
    func leadTimeMismatch() throws {
        let fixture = try Fixture(leadDays: 4, tag: "lead")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try fixture.writePolicy(lead: 2)
        do {
            _ = try ScenarioLoader.load(path: fixture.scenarioPath, registry: .standard)
            Issue.record("a policy trained for L = 2 must not load for L = 4")
        } catch let error as ScenarioError {
            #expect(error.description.contains("policies[1].file"), "\(error)")
            #expect(error.description.contains("lead time of 2 days"), "\(error)")
            #expect(error.description.contains("has 4 days"), "\(error)")
        }
    }

    @Test("broken, foreign or missing policy files give one clear error each",
          arguments: ["version", "format", "json", "weights", "missing"])
    func brokenFiles(kind: String) throws {
        let fixture = try Fixture(tag: "broken-\(kind)")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        if kind != "missing" {
            _ = try fixture.writePolicy(lead: 2) { text in
                switch kind {
                case "version": text = text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7")
                case "format": text = text.replacingOccurrences(of: "restock-trained-policy", with: "something-else")
                case "json": text = String(text.prefix(100))
                default: text = text.replacingOccurrences(of: "\"parameters\" : [", with: "\"parameters\" : [ 0.5,")
                }
            }
        }
        let expected = ["version": "version 7", "format": "not a trained policy", "json": "not a JSON object",
                        "weights": "need", "missing": "cannot be read"][kind]!
        do {
            _ = try ScenarioLoader.load(path: fixture.scenarioPath, registry: .standard)
            Issue.record("\(kind): loading must fail")
        } catch let error as ScenarioError {
            #expect(error.description.contains("agent.policy.json"), "\(error)")
            #expect(error.description.contains(expected), "\(kind): \(error)")
        }
    }

    @Test("trained policies need a file, and only they take one")
    func fileKey() throws {
        let without = try Fixture(policyLines: "  - {name: agent, type: trained}", tag: "nofile")
        defer { try? FileManager.default.removeItem(at: without.folder) }
        #expect(throws: ScenarioError.self) { _ = try ScenarioLoader.load(path: without.scenarioPath, registry: .standard) }
        let misplaced = try Fixture(policyLines: "  - {name: bs, type: baseStock, orderUpToUnits: 3, file: x.json}", tag: "misplaced")
        defer { try? FileManager.default.removeItem(at: misplaced.folder) }
        do {
            _ = try ScenarioLoader.load(path: misplaced.scenarioPath, registry: .standard)
            Issue.record("file on a base-stock policy must be refused")
        } catch let error as ScenarioError {
            #expect(error.description.contains("only trained policies"), "\(error)")
        }
    }
}
