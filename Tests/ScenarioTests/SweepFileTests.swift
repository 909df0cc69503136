import Foundation
import Scenario
import Testing

@Suite("Sweep files and bracketed key paths")
struct SweepFileTests {
    @Test("--set takes key paths as messages print them: products[0].suppliers[0].leadTimeDays")
    func bracketedOverride() throws {
        let scenario = try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml",
                                                overrides: ["products[0].suppliers[0].leadTimeDays=5", "policies[1].orderUpToUnits=44"])
        #expect(scenario.world.products[0].suppliers[0].leadTimeDays == .constant(5))
        #expect(scenario.policies[1].parameters[0].values[.orderUpToUnits] == 44)
        // A bracket is a position, even where an item's SKU is that number.
        let numericSKU = validScenario.replacingOccurrences(of: "sku: A", with: "sku: \"1\"")
        let error = try #require(loadError(numericSKU, overrides: ["products[1].sellingPrice=99"]))
        #expect(error.problem.contains("not in the list"))
        #expect(loadError(validScenario, overrides: ["products[x].sellingPrice=1"])?.problem.contains("malformed [index]") == true)
        #expect(loadError(validScenario, overrides: ["review[0]=1"])?.problem.contains("indexes a list") == true)
    }

    @Test("a sweep file: axes and named variants with their values as one-line YAML and their lines")
    func parse() throws {
        let text = """
            vary:                      # cartesian product, in this order
              products[0].suppliers[0].leadTimeDays: [2, 4, 8]
              products.0.demand.unitsPerDay:
                - {type: poisson, mean: 4}
                - 6
            variants:
              - {name: fast, set: {products.0.suppliers.0.unitCost: 6, review: {type: periodic, everyDays: 7}}}
              - name: "quoted, name"
                set:
                  name: "a: b"
              - name: baseline
            """
        let sweep = try SweepFile.parse(yaml: text, file: "s.yaml")
        #expect(sweep.axes.map(\.key) == ["products[0].suppliers[0].leadTimeDays", "products.0.demand.unitsPerDay"])
        #expect(sweep.axes[0].values.map(\.text) == ["2", "4", "8"])
        #expect(sweep.axes[0].line == 2 && sweep.axes[0].values.map(\.line) == [2, 2, 2])
        #expect(sweep.axes[1].values.map(\.text) == ["{type: poisson, mean: 4}", "6"])
        #expect(sweep.axes[1].values.map(\.line) == [4, 5])
        #expect(sweep.variants.map(\.name) == ["fast", "quoted, name", "baseline"])
        #expect(sweep.variants[0].settings.map(\.key) == ["products.0.suppliers.0.unitCost", "review"])
        #expect(sweep.variants[0].settings.map(\.value.text) == ["6", "{type: periodic, everyDays: 7}"])
        #expect(sweep.variants[1].settings.map(\.value.text) == ["\"a: b\""])
        #expect(sweep.variants[1].settings[0].value.line == 10)
        #expect(sweep.variants[2].settings.isEmpty)
        // Every value goes back through --set unchanged.
        let overrides = sweep.axes.flatMap { axis in axis.values.map { "\(axis.key)=\($0.text)" } }
            + sweep.variants.flatMap { $0.settings.map { "\($0.key)=\($0.value.text)" } }
        let loaded = try ScenarioLoader.parse(yaml: validScenario, file: "ok.yaml", overrides: overrides)
        #expect(loaded.name == "a: b")
        #expect(loaded.world.products[0].suppliers[0].unitCost == 6)
        #expect(SweepFile.normalized("products[0].x") == SweepFile.normalized("products.0.x"))
    }

    @Test("the file's own mistakes are named with line and key", arguments: [
        ("vary:\n  a.b: [1]\n  a.b: [2]\n", 2, "duplicate key"),   // YAML names the mapping's first line
        ("vary:\n  a.b: [1]\n  a[0]: [2]\n  a.0: [3]\n", 4, "same key as 'a[0]'"),
        ("vary:\n  'a=b': [1]\n", 2, "not a key path"),
        ("variants:\n  - {name: [a]}\n", 2, "the name must be non-empty text"),
        ("variants: {name: a}\n", 1, "expected a list of variants"),
        ("variants:\n  - just-a-name\n", 2, "expected a mapping with name and set"),
        ("variants:\n  - {set: {a: 1}}\n", 2, "has no name"),
        ("variants:\n  - {name: a, set: [1]}\n", 2, "expected a mapping of key paths"),
        ("vary:\n  a: [1, 2]\nvariants:\n  - {name: v, set: {a: 3}}\n", 4, "is varied (line 2) and also set"),
        ("vary:\n  a: []\n", 2, "the value list is empty"),
        ("variants: []\n", 1, "the variants list is empty"),
    ])
    func mistakes(_ text: String, _ line: Int, _ expected: String) throws {
        do {
            _ = try SweepFile.parse(yaml: text, file: "s.yaml")
            Issue.record("expected an error for \(text)")
        } catch let error as ScenarioError {
            #expect(error.file == "s.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test("checkKeys accepts values valid only together and rejects unknown keys with a suggestion")
    func checkKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restock-sweepfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.yaml").path
        try validScenario.write(toFile: path, atomically: true, encoding: .utf8)
        // s = 40 > S = 30 would not load, but only keys are checked here.
        try ScenarioLoader.checkKeys(path: path, overrides: ["policies.ss.reorderPointUnits=40"])
        do {
            try ScenarioLoader.checkKeys(path: path, overrides: ["products[0].suppliers[0].leadTimeDay=3"])
            Issue.record("expected an error")
        } catch let error as ScenarioError {
            #expect(error.problem.contains("did you mean 'leadTimeDays'"))
            #expect(error.keyPath == "products[0].suppliers[0].leadTimeDay")
        }
    }
}
