import Experiment
import Foundation
import Policies
import Reporting
import Reports
import Scenario
import Simulation
import Stochastics
import Testing

@Suite("Runs split by SKU: shards that put together give the single run's numbers and bytes")
struct SKUShardTests {
    /// Five SKUs of different kinds: backorders and lost sales, daily draws and customer arrivals, a random
    /// lead time (its own substream), a fixed-price lost-sales SKU (the clairvoyant bound), traced and untraced.
    static let yaml = """
        name: split
        seed: 11
        horizonDays: 45
        replications: 3
        products:
          - sku: A
            sellingPrice: 10
            holdingCostPerUnitDay: 0.1
            shortage: {type: lostSales, penaltyPerUnit: 2}
            initialOnHandUnits: 20
            openOrders: [{units: 10, dueDay: 1}]
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 5}}
            suppliers: [{name: main, leadTimeDays: 2, unitCost: 5}]
          - sku: B
            sellingPrice: 29
            holdingCostPerUnitDay: 0.03
            shortage: {type: backorder, costPerUnitDay: 1.2}
            initialOnHandUnits: 40
            demand: {type: poissonArrivals, customersPerDay: 3.5, unitsPerCustomer: {type: empirical, values: [1, 1, 2, 3]}}
            suppliers: [{name: main, leadTimeDays: {type: poisson, mean: 3}, unitCost: 11.5, fixedCostPerOrder: 20}]
          - sku: C
            sellingPrice: 12.9
            holdingCostPerUnitDay: 0.012
            shortage: {type: backorder, costPerUnitDay: 0.6}
            initialOnHandUnits: 150
            demand: {type: perDay, unitsPerDay: {type: negativeBinomial, mean: 18, dispersion: 6}}
            suppliers: [{name: main, leadTimeDays: 5, unitCost: 4.2, fixedCostPerOrder: 35}]
          - sku: D
            sellingPrice: 64
            holdingCostPerUnitDay: 0.09
            shortage: {type: lostSales, penaltyPerUnit: 5}
            initialOnHandUnits: 12
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 1.4}}
            suppliers: [{name: main, leadTimeDays: 6, unitCost: 27}]
          - sku: E
            sellingPrice: 8
            holdingCostPerUnitDay: 0.02
            shortage: {type: backorder, costPerUnitDay: 0.3}
            initialOnHandUnits: 30
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 9}}
            suppliers: [{name: main, leadTimeDays: 1, unitCost: 3}]
        policies:
          - {name: base, type: baseStock, orderUpToUnits: 40}
          - {name: ss, type: sS, reorderPointUnits: 25, orderUpToUnits: 60}
        """

    func scenario(tracedSKUs: Int = 3, extra: String = "") throws -> Scenario {
        var scenario = try ScenarioLoader.parse(yaml: Self.yaml + extra, file: "split.yaml")
        scenario.tracedSKUs = tracedSKUs
        return scenario
    }

    @Test("shards of 1, 2, 3 and 7 (two empty) put together equal the whole run: ledgers, traces, bounds and every file's text",
          arguments: ["", "\nreview: {type: continuous}\n"])
    func assembledEqualsWholeRun(extra: String) throws {
        let scenario = try scenario(extra: extra)
        let whole = ExperimentRunner.run(scenario, threads: 2)
        // The run has a clairvoyant bound (fixed-price lost-sales SKUs A and D), which the merge computes again.
        #expect(whole.bounds.contains { $0.name == PerfectInformationBound.pathRowName })
        let wholeFiles = ReportWriter.tables(for: whole)
        for count in [1, 2, 3, 7] {
            let parts = try (1...count).reversed().map { index in
                try ExperimentRunner.run(scenario, shard: SweepShard(index: index, count: count), threads: index % 2 + 1)
            }
            #expect(parts.map(\.skus.count).reduce(0, +) == 5)
            let merged = try ExperimentResult.assembled(scenario, parts: parts, threads: 1)
            #expect(merged.ledgers == whole.ledgers, "split into \(count)")
            #expect(merged.traces == whole.traces, "split into \(count)")
            #expect(merged.bounds.map(\.profitBySKU) == whole.bounds.map(\.profitBySKU))
            let files = ReportWriter.tables(for: merged)
            #expect(files.map(\.name) == wholeFiles.map(\.name))
            for (a, b) in zip(files, wholeFiles) { #expect(a.text == b.text, "\(a.name), split into \(count)") }
        }
    }

    @Test("a SKU's substreams are keyed by its place in the whole world: a world cut out keeps them, a new world of the same SKU does not")
    func restrictedWorldKeepsStreams() throws {
        let world = try scenario().world
        let policies: [any Policy] = world.products.indices.map { _ in BaseStockPolicy(orderUpToUnits: 40, supplier: 0) }
        let whole = InventorySimulator(configuration: world).run(policies: policies, replication: 1, seed: 11)
        let part = world.restricted(to: [1, 4])
        #expect(part.products.map(\.sku) == ["B", "E"] && part.streamKey(of: 0) == 1 && part.streamKey(of: 1) == 4)
        let cut = InventorySimulator(configuration: part).run(policies: [policies[1], policies[4]], replication: 1, seed: 11)
        #expect(cut.ledgers == [whole.ledgers[1], whole.ledgers[4]])
        // A part of a part keeps the first world's keys.
        #expect(part.restricted(to: [1]).streamKey(of: 0) == 4)
        // The same SKU as the first product of a world of its own draws other numbers (the check above could fail).
        let alone = WorldConfiguration(products: [world.products[4]], horizonDays: world.horizonDays)
        let fresh = InventorySimulator(configuration: alone).run(policies: [policies[4]], replication: 1, seed: 11)
        #expect(fresh.ledgers[0] != whole.ledgers[4])
    }

    @Test("shared storage couples SKUs: such a run is not split, with a message")
    func storageRefused() throws {
        let coupled = try ScenarioLoader.parse(yaml: Self.yaml + "\nstorageCapacityUnits: 500\n", file: "split.yaml")
        #expect(ExperimentRunner.skuShardObstacle(coupled)?.contains("share storage") == true)
        #expect(throws: SKUShardError.self) { try ExperimentRunner.run(coupled, shard: SweepShard(index: 1, count: 2)) }
        #expect(ExperimentRunner.skuShardObstacle(try scenario()) == nil)
    }

    @Test("put together: a missing or repeated shard, or shards of other splits, are named")
    func assemblyRefusals() throws {
        let scenario = try scenario()
        let one = try ExperimentRunner.run(scenario, shard: SweepShard(index: 1, count: 3), threads: 1)
        let two = try ExperimentRunner.run(scenario, shard: SweepShard(index: 2, count: 3), threads: 1)
        let half = try ExperimentRunner.run(scenario, shard: SweepShard(index: 2, count: 2), threads: 1)
        func message(_ parts: [SKUShardResult]) -> String {
            do {
                _ = try ExperimentResult.assembled(scenario, parts: parts)
                return "assembled"
            } catch let error as SKUShardError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(message([one, two]).contains("3/3 missing"))
        #expect(message([one, two, two]).contains("2/3 is given twice"))
        #expect(message([one, two, half]).contains("split into 2"))
    }

    @Test("run-shard.bin holds every number exactly: every Ledger field, negative and odd values; damage is refused")
    func dataRoundTrip() throws {
        // Every stored property of a Ledger is a Double and is in the file: a new field not added to the format fails here.
        var ledger = Ledger()
        let fields = Mirror(reflecting: ledger).children.count
        #expect(fields == 19)
        ledger.revenue = 0.1 + 0.2
        ledger.salvageRevenue = -1e-300
        ledger.salvagedUnits = 3
        ledger.purchaseCost = .pi
        ledger.orderingCost = 1e308
        ledger.holdingCost = 5e-324
        ledger.shortageCost = 7
        ledger.demandUnits = 8
        ledger.filledImmediatelyUnits = 9
        ledger.shippedUnits = 10
        ledger.lostUnits = 11
        ledger.backorderedUnits = 12
        ledger.ordersPlaced = 13
        ledger.orderedUnits = 14
        ledger.refusedUnits = 15
        ledger.onHandUnitDays = 16.25
        ledger.backorderUnitDays = 17.5
        ledger.periods = 18
        ledger.stockoutPeriods = 19
        let labels = Set(Mirror(reflecting: ledger).children.compactMap { child in (child.value as? Double).map { "\($0)" } })
        #expect(labels.count == fields, "every field holds its own value")
        let row = TraceRow(day: 4, sku: 2, onHandUnits: -3, onOrderUnits: 5, backorderedUnits: 6, demandUnits: 7, shippedUnits: 8,
                           shortUnits: 9, orderedUnits: 10, receivedUnits: 11, revenue: 1.0 / 3, cost: -0.0, price: 19.9, salvageRevenue: 2)
        let shard = SweepShard(index: 3, count: 4)
        let part = SKUShardResult(shard: shard, skuCount: 11, skus: [2, 6, 10],
                                  ledgers: [[[ledger, Ledger(), ledger], [Ledger(), ledger, Ledger()]]], traces: [[row, row]], processedEvents: 12345)
        let data = RunShardData.encode(part)
        #expect(try RunShardData.decode(data, shard: shard, skuCount: 11, path: "x") == part)
        // Cut short, one byte more, another shard's SKUs, not a shard file at all.
        let refusals: [(Data, SweepShard, Int, String)] = [
            (data.prefix(data.count - 8), shard, 11, "ends early"), (data + Data([0]), shard, 11, "no RSTKSKU1 header"),
            (data + Data(repeating: 0, count: 8), shard, 11, "after its end"),
            (data, SweepShard(index: 2, count: 4), 11, "not those of shard 2/4"), (Data("policy,sku\n".utf8), shard, 11, "no RSTKSKU1 header"),
        ]
        for (bytes, other, skus, expected) in refusals {
            do {
                _ = try RunShardData.decode(bytes, shard: other, skuCount: skus, path: "x/run-shard.bin")
                Issue.record("decoded \(expected)")
            } catch let error as ReportError {
                #expect(error.message.contains(expected) && error.message.hasPrefix("x/run-shard.bin"), "\(error.message)")
            }
        }
    }

    @Test("restock run --shard K/N and restock merge: the merged report is byte-identical to a single run's; refusals exit 2")
    func commandLine() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("split.yaml")
        try Self.yaml.write(to: path, atomically: true, encoding: .utf8)
        let single = try restock(["run", "split.yaml", "--set", "replications=4", "--trace-skus", "4", "--out", "single", "--quiet"], in: folder)
        #expect(single.status == 0, "\(single.stderr)")
        // Shards on one thread and on two, one from a Slurm array's environment.
        let shards: [([String], [String: String])] = [
            (["--shard", "1/3", "--threads", "1"], [:]), (["--shard", "2/3"], [:]),
            (["--shard", "auto"], ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"]),
        ]
        for (k, (flags, environment)) in shards.enumerated() {
            let run = try restock(["run", "split.yaml", "--set", "replications=4", "--trace-skus", "4", "--out", "s\(k + 1)"] + flags,
                                  in: folder, environment: environment)
            #expect(run.status == 0 && run.stdout.contains("shard \(k + 1)/3"), "\(run.stdout)\(run.stderr)")
        }
        let manifest = try RunShardManifest.load(folder: folder.appendingPathComponent("s2").path)
        #expect(manifest.shard == "2/3" && manifest.shardSKUs == 2 && manifest.skuCount == 5 && manifest.overrides == ["replications=4"])
        let merge = try restock(["merge", "s3", "s1", "s2", "--out", "merged"], in: folder)
        #expect(merge.status == 0, "\(merge.stderr)")
        try expectSameFiles(folder.appendingPathComponent("single"), folder.appendingPathComponent("merged"),
                            names: ["index.html", "plan.csv", "replications.csv", "summary.csv", "trace.csv"])

        // A forecast-driven scenario with `auto` parameters: forecast.csv and plan.csv's resolved parameters too.
        let shop = repositoryRoot.appendingPathComponent("scenarios/ecommerce-forecast.yaml").path
        #expect(try restock(["run", shop, "--set", "replications=2", "--out", "shop", "--quiet"], in: folder).status == 0)
        for k in 1...2 {
            #expect(try restock(["run", shop, "--set", "replications=2", "--shard", "\(k)/2", "--out", "shop\(k)", "--quiet"], in: folder).status == 0)
        }
        #expect(try restock(["merge", "shop1", "shop2", "--out", "shop-merged", "--quiet"], in: folder).status == 0)
        try expectSameFiles(folder.appendingPathComponent("shop"), folder.appendingPathComponent("shop-merged"),
                            names: ["forecast.csv", "index.html", "plan.csv", "replications.csv", "summary.csv", "trace.csv"])

        // Refusals: exit 2, a message naming what is wrong, nothing written.
        let other = try restock(["run", "split.yaml", "--set", "replications=5", "--shard", "3/3", "--out", "other", "--quiet"], in: folder)
        #expect(other.status == 0)
        try Self.yaml.replacingOccurrences(of: "seed: 11", with: "seed: 12").write(to: path, atomically: true, encoding: .utf8)
        let refused: [([String], String)] = [
            (["merge", "s1", "s2", "--out", "m"], "shard(s) 3/3 of the run are missing"),
            (["merge", "s1", "s2", "s2", "--out", "m"], "shard 2/3 is given twice"),
            (["merge", "s1", "s2", "other", "--out", "m"], "is a shard of another run"),
            (["merge", "s1", "s2", "s3", "--out", "m"], "is not the scenario the shards ran"),
            (["merge", "s1", "single", "--out", "m"], "not a mixture"),
            (["merge", "single", "--scenario", "split.yaml", "--out", "m"], "applies only to the shards of 'restock run --shard'"),
            (["run", "split.yaml", "--shard", "1/2", "--json"], "--json prints the whole run's summary"),
            (["run", "split.yaml", "--shard", "1/2", "--set", "storageCapacityUnits=500", "--out", "m"], "share storage"),
            (["run", "split.yaml", "--shard", "0/2", "--out", "m"], "not K/N"),
        ]
        for (arguments, expected) in refused {
            let result = try restock(arguments, in: folder)
            #expect(result.status == 2 && result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m").path))
    }

    /// Both folders hold exactly `names`, byte for byte the same.
    func expectSameFiles(_ a: URL, _ b: URL, names: [String]) throws {
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.path).sorted() == names)
        #expect(try FileManager.default.contentsOfDirectory(atPath: b.path).sorted() == names)
        for name in names {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)), "\(name) differs")
        }
    }
}
