import Foundation
import Scenario
import Simulation
import Testing

/// A minimal valid scenario; tests change one thing at a time.
let validScenario = """
name: test
seed: 5
horizonDays: 60
warmupDays: 5
replications: 3
products:
  - sku: A
    sellingPrice: 10
    holdingCostPerUnitDay: 0.1
    shortage: {type: backorder, costPerUnitDay: 1}
    initialOnHandUnits: 20
    demand: {type: perDay, unitsPerDay: {type: poisson, mean: 4}}
    suppliers:
      - {name: main, leadTimeDays: 2, unitCost: 5, fixedCostPerOrder: 10}
policies:
  - {name: bs, type: baseStock, orderUpToUnits: auto}
  - {name: ss, type: sS, reorderPointUnits: 8, orderUpToUnits: 30}
"""

func loadError(_ yaml: String, overrides: [String] = []) -> ScenarioError? {
    do {
        _ = try ScenarioLoader.parse(yaml: yaml, file: "bad.yaml", overrides: overrides)
        return nil
    } catch let error as ScenarioError {
        return error
    } catch {
        Issue.record("unexpected error type \(type(of: error)): \(error)")
        return nil
    }
}

@Suite("Scenario loading")
struct ScenarioLoaderTests {
    @Test("a valid scenario loads, with auto filled by the newsvendor on lead-time + review demand")
    func valid() throws {
        let scenario = try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml")
        #expect(scenario.name == "test")
        #expect(scenario.world.horizonDays == 60 && scenario.world.warmupDays == 5)
        #expect(scenario.policies.count == 2)
        // Poisson(4 × 3 days = 12), critical ratio 1/1.1 = 0.909…: the smallest S with P(D ≤ S) ≥ 0.909 is 17.
        #expect(scenario.policies[0].parameters[0].values[.orderUpToUnits] == 17)
        #expect(scenario.policies[0].parameters[0].optimised == [.orderUpToUnits])
    }

    @Test("the fingerprint ignores comments, layout, quoting and key order, and follows every value and --set override")
    func fingerprint() throws {
        let scenario = try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml")
        let fingerprint = try #require(scenario.fingerprint)
        #expect(fingerprint.count == 16)
        #expect(scenario.overrides.isEmpty)
        let reworded = "# a comment\n" + validScenario
            .replacingOccurrences(of: "name: test\nseed: 5\nhorizonDays: 60", with: "name: \"test\"\nhorizonDays: 60   # days\nseed: 5")
            .replacingOccurrences(of: "{name: main, leadTimeDays: 2, unitCost: 5, fixedCostPerOrder: 10}",
                                  with: "{fixedCostPerOrder: 10, name: main,  unitCost: 5, leadTimeDays: 2}")
        #expect(try ScenarioLoader.parse(yaml: reworded, file: "ok.yaml").fingerprint == fingerprint)
        let changed = try ScenarioLoader.parse(yaml: validScenario.replacingOccurrences(of: "seed: 5", with: "seed: 6"), file: "ok.yaml")
        #expect(changed.fingerprint != fingerprint)
        let overridden = try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml", overrides: ["horizonDays=61"])
        #expect(overridden.fingerprint != fingerprint)
        #expect(overridden.overrides == ["horizonDays=61"])
        // An override that sets what the file says changes nothing.
        #expect(try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml", overrides: ["horizonDays=60"]).fingerprint == fingerprint)
    }

    @Test("malformed YAML names the line")
    func malformed() throws {
        let error = try #require(loadError("name: x\nproducts: [\n  - sku: A\n horizonDays: 3"))
        #expect(error.line != nil)
        #expect(error.description.contains("bad.yaml:"))
        #expect(error.description.contains("malformed YAML"))
    }

    @Test("an unknown key is named with the nearest valid one and its line")
    func unknownKey() throws {
        let yaml = validScenario.replacingOccurrences(of: "holdingCostPerUnitDay: 0.1", with: "holdingCostPerUnitDy: 0.1")
        let error = try #require(loadError(yaml))
        #expect(error.keyPath == "products[0].holdingCostPerUnitDy")
        #expect(error.problem.contains("did you mean 'holdingCostPerUnitDay'"))
        #expect(error.line == 9)
    }

    @Test("a wrong type says what was expected and where")
    func wrongType() throws {
        let error = try #require(loadError(validScenario.replacingOccurrences(of: "horizonDays: 60", with: "horizonDays: sixty")))
        #expect(error.keyPath == "horizonDays")
        #expect(error.problem.contains("whole number"))
        #expect(error.line == 3)
    }

    @Test("negative costs and lead times are rejected with their key path")
    func negatives() throws {
        let cost = try #require(loadError(validScenario.replacingOccurrences(of: "unitCost: 5", with: "unitCost: -5")))
        #expect(cost.keyPath == "products[0].suppliers[0].unitCost")
        #expect(cost.allowed.contains(">= 0"))
        let lead = try #require(loadError(validScenario.replacingOccurrences(of: "leadTimeDays: 2", with: "leadTimeDays: -2")))
        #expect(lead.keyPath == "products[0].suppliers[0].leadTimeDays")
    }

    @Test("s > S is rejected")
    func sAboveS() throws {
        let error = try #require(loadError(validScenario.replacingOccurrences(of: "reorderPointUnits: 8, orderUpToUnits: 30",
                                                                             with: "reorderPointUnits: 40, orderUpToUnits: 30")))
        #expect(error.keyPath == "policies[1]")
        #expect(error.problem.contains("s = 40 >= S = 30"))
    }

    @Test("an empty product list is rejected")
    func emptyProducts() throws {
        let start = validScenario.range(of: "products:")!.lowerBound
        let end = validScenario.range(of: "policies:")!.lowerBound
        let yaml = validScenario.replacingCharacters(in: start..<end, with: "products: []\n")
        let error = try #require(loadError(yaml))
        #expect(error.keyPath == "products")
        #expect(error.problem.contains("empty"))
    }

    @Test("a missing file is an error naming the file")
    func missingFile() {
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/nonexistent/scenario.yaml") }
        do {
            _ = try ScenarioLoader.load(path: "/nonexistent/scenario.yaml")
        } catch {
            #expect("\(error)".contains("/nonexistent/scenario.yaml"))
        }
    }

    @Test("unknown policy types and distributions list what is allowed")
    func unknownNames() throws {
        let policy = try #require(loadError(validScenario.replacingOccurrences(of: "type: baseStock", with: "type: baseStok")))
        #expect(policy.problem.contains("did you mean 'baseStock'"))
        let law = try #require(loadError(validScenario.replacingOccurrences(of: "type: poisson", with: "type: poison")))
        #expect(law.keyPath == "products[0].demand.unitsPerDay.type")
        #expect(law.allowed.contains("negativeBinomial"))
    }

    @Test("invalid distribution parameters are reported, not trapped")
    func badDistribution() throws {
        let error = try #require(loadError(validScenario.replacingOccurrences(of: "{type: poisson, mean: 4}",
                                                                             with: "{type: gamma, mean: 4, sd: 0}")))
        #expect(error.keyPath == "products[0].demand.unitsPerDay")
    }

    @Test("--set overrides values, by index or by name, and rejects bad paths")
    func overrides() throws {
        let scenario = try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml",
                                                overrides: ["replications=7", "products.A.suppliers.0.leadTimeDays=5",
                                                            "policies.ss.orderUpToUnits=44"])
        #expect(scenario.replications == 7)
        #expect(scenario.world.products[0].suppliers[0].leadTimeDays == .constant(5))
        #expect(scenario.policies[1].parameters[0].values[.orderUpToUnits] == 44)
        // Lead time 5 + review 1: Poisson(24) → a larger base-stock level than with lead time 2.
        #expect((scenario.policies[0].parameters[0].values[.orderUpToUnits] ?? 0) > 17)
        let bad = try #require(loadError(validScenario, overrides: ["products.Z.sellingPrice=3"]))
        #expect(bad.keyPath == "products.Z")
        let noEquals = try #require(loadError(validScenario, overrides: ["replications"]))
        #expect(noEquals.problem.contains("no '='"))
        let unknown = try #require(loadError(validScenario, overrides: ["replicatoins=3"]))
        #expect(unknown.problem.contains("did you mean 'replications'"))
    }

    @Test("auto where no exact optimiser exists is a clear error")
    func autoUnavailable() throws {
        let yaml = validScenario.replacingOccurrences(of: "{type: backorder, costPerUnitDay: 1}", with: "{type: lostSales, penaltyPerUnit: 3}")
            .replacingOccurrences(of: "reorderPointUnits: 8, orderUpToUnits: 30", with: "reorderPointUnits: auto, orderUpToUnits: auto")
        let error = try #require(loadError(yaml))
        #expect(error.problem.contains("cannot compute 'auto'"))
        #expect(error.problem.contains("lost sales"))
    }

    @Test("every shipped scenario loads", arguments: ["quickstart", "zheng-federgruen", "lost-sales", "dual-sourcing"])
    func shipped(_ name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/\(name).yaml").path)
        #expect(scenario.name == name)
        #expect(scenario.policies.count >= 4)
    }

    @Test("inputs that used to reach traps are clean errors", arguments: [
        ("horizonDays: 60", "horizonDays: 0:0:0:0:0:0:0:0:0:0:0", "base-60"),
        ("orderUpToUnits: 30", "orderUpToUnits: -9223372036854775808", "out of range"),
        ("initialOnHandUnits: 20", "initialOnHandUnits: 9223372036854775807", "out of range"),
        ("leadTimeDays: 2", "leadTimeDays: 3 days", "expected a number or a distribution"),
        ("{name: bs, type: baseStock, orderUpToUnits: auto}", "{name: bs, type: baseStock, reviewPeriodDays: 7, orderUpToUnits: auto}",
         "only periodicOrderUpTo"),
    ])
    func formerTraps(_ original: String, _ replacement: String, _ expected: String) throws {
        #expect(validScenario.contains(original))
        let error = try #require(loadError(validScenario.replacingOccurrences(of: original, with: replacement)))
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test("periodicOrderUpTo must fit the scenario's review schedule")
    func periodicFitsReview() throws {
        let yaml = validScenario.replacingOccurrences(of: "  - {name: bs, type: baseStock, orderUpToUnits: auto}",
                                                      with: "  - {name: weekly, type: periodicOrderUpTo, reviewPeriodDays: 7, orderUpToUnits: auto}")
        let ok = try ScenarioLoader.parse(yaml: yaml, file: "ok.yaml")
        // Poisson(4 × (2 + 7) = 36), critical ratio 1/1.1: an order-up-to level well above the mean.
        #expect((ok.policies[0].parameters[0].values[.orderUpToUnits] ?? 0) > 36)
        let everyTwo = try #require(loadError(yaml, overrides: ["review.type=periodic", "review.everyDays=2"]))
        #expect(everyTwo.problem.contains("not a multiple"))
        let continuous = try #require(loadError(yaml, overrides: ["review={type: continuous}"]))
        #expect(continuous.problem.contains("needs periodic review"))
    }

    @Test("--set prefers a SKU code over a list index")
    func numericSKU() throws {
        let yaml = validScenario.replacingOccurrences(of: "sku: A", with: "sku: \"1\"")
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "ok.yaml", overrides: ["products.1.sellingPrice=99"])
        #expect(scenario.world.products[0].sellingPrice == 99)
    }
}
