import Experiment
import Foundation
import Reports
import Scenario
import Simulation
import Stochastics

/// `run-shard.json`, written by `restock run --shard K/N` beside `run-shard.bin`: which run the shard
/// belongs to (the scenario as loaded and resolved, its seed, replications, policies and SKUs, and the
/// split), which part it is, and the hash of its data file, so that `restock merge` puts together only
/// shards of one run, all of them, each with its own data.
public struct RunShardManifest: ShardManifestFile {
    /// The manifest's file name.
    public static let fileName = "run-shard.json"
    /// The data file's name.
    public static let dataFileName = "run-shard.bin"
    /// The format tag.
    public static let currentFormat = "restock-run-shard/1"
    public static let kind = "run shard"
    public static let writer = "restock run --shard"
    public static let missingHint = "merge takes the output folders of 'restock run --shard K/N' (each holds run-shard.json and "
        + "run-shard.bin) or of 'restock sweep --shard K/N', not a mixture"

    /// ``currentFormat``.
    public var format: String
    /// Fingerprint of the run: equal for every shard of one run, different for any other run.
    public var run: String
    /// The scenario file as the shard was given it (merge loads it again from there unless told otherwise).
    public var scenario: String
    /// The `--set` overrides, in order.
    public var overrides: [String]
    /// The scenario file's fingerprint (overrides applied; ``Scenario/fingerprint``).
    public var scenarioFingerprint: String
    /// Fingerprint of the scenario as resolved: every policy's parameters per SKU and every SKU's demand
    /// model and forecast, which also depend on files the scenario reads (a sales history, policy files).
    public var resolved: String
    /// SKUs in the whole scenario.
    public var skuCount: Int
    /// SKUs traced in `trace.csv` (the first ones).
    public var tracedSKUs: Int
    /// `K/N`.
    public var shard: String
    /// How many SKUs this shard ran.
    public var shardSKUs: Int
    /// FNV-1a hash of `run-shard.bin`.
    public var data: String

    /// The manifest of `part` of `scenario`, whose data file holds `data`.
    public init(scenario: Scenario, scenarioPath: String, part: SKUShardResult, data: Data) {
        format = Self.currentFormat
        self.scenario = scenarioPath
        overrides = scenario.overrides
        scenarioFingerprint = scenario.fingerprint ?? ""
        resolved = Self.resolvedFingerprint(scenario)
        skuCount = scenario.world.products.count
        tracedSKUs = scenario.tracedSKUs
        shard = part.shard.description
        shardSKUs = part.skus.count
        self.data = FNV1a.hex(bytes: data)
        run = Self.runFingerprint(scenario, resolved: resolved, shardCount: part.shard.count)
    }

    /// The fingerprint of a run split into `shardCount` shards.
    public static func runFingerprint(_ scenario: Scenario, resolved: String, shardCount: Int) -> String {
        FNV1a.hex([currentFormat, scenario.fingerprint ?? "", scenario.overrides.joined(separator: "\u{1F}"), String(scenario.seed),
                   scenario.generator.rawValue, String(scenario.replications), scenario.policies.map(\.name).joined(separator: "\u{1F}"),
                   String(scenario.world.products.count), String(scenario.tracedSKUs), String(shardCount), resolved].joined(separator: "\u{1E}"))
    }

    /// A fingerprint of what loading resolved: per policy its family and per-SKU parameters, suppliers and
    /// service levels (and a trained policy's learning curves, which change when its file is retrained); per
    /// SKU its mean demand, demand model note and forecast.
    public static func resolvedFingerprint(_ scenario: Scenario) -> String {
        var text = ""
        for policy in scenario.policies {
            text += "\(policy.name)|\(policy.kind)|\(policy.reviewPeriodDays)|\(policy.supplierIndex)|\(policy.serviceLevels)|"
            text += policy.parameters.map { parameters in
                parameters.values.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
            }.joined(separator: ";") + "\n"
            for curve in policy.learningCurves {
                text += curve.map { "\($0.environmentSteps):\($0.meanRewardPerPeriod):\($0.evaluationCostPerPeriod ?? .nan)" }.joined(separator: ",") + "\n"
            }
        }
        for (index, product) in scenario.world.products.enumerated() {
            text += "\(product.sku)|\(product.customers.meanDemandPerDay)|\(scenario.demandModelNotes[index] ?? "")|"
            if let view = scenario.forecastViews[index] { text += "\(view.mean)|\(view.lower)|\(view.upper)" }
            text += "\n"
        }
        return FNV1a.hex(text)
    }

    /// The shard, parsed from ``shard``.
    public var parsedShard: SweepShard? { try? SweepShard.resolve(shard, environment: [:]) }

    /// Whether a folder holds a run shard (its manifest), rather than a sweep shard.
    public static func isRunShard(folder: String) -> Bool {
        FileManager.default.fileExists(atPath: URL(fileURLWithPath: folder).appendingPathComponent(fileName).path)
    }

    /// Reads a shard folder's manifest.
    /// - Throws: ``ReportError`` naming the file when it is missing, not JSON of this format, or inconsistent.
    public static func load(folder: String) throws -> RunShardManifest {
        let (manifest, path) = try read(folder: folder)
        guard let shard = manifest.parsedShard, manifest.skuCount >= 1,
              manifest.shardSKUs == SKUShardResult.skuTotal(of: shard, skuCount: manifest.skuCount) else {
            throw ReportError("\(path): its shard '\(manifest.shard.prefix(20))' and SKU counts (\(manifest.shardSKUs) of \(manifest.skuCount)) do not agree")
        }
        return manifest
    }
}

/// `run-shard.bin`: a run shard's ledgers and traces, every number exactly (IEEE 754 bit patterns,
/// little-endian), so that the merged report has the bytes of a single run's.
///
/// Layout: the 8 bytes `RSTKSKU1`; policies, replications and SKUs (64-bit each); the SKUs' indices in
/// the whole scenario; ledgers policy by policy, replication by replication, SKU by SKU, each its
/// ``ledgerFields`` in order; then per policy the number of trace rows and the rows (ten integers,
/// then revenue, cost, price and salvage revenue); then the events processed.
public enum RunShardData {
    static let magic = Array("RSTKSKU1".utf8)

    /// Every field of a ``Ledger``, in file order.
    static var ledgerFields: [WritableKeyPath<Ledger, Double>] { [
        \.revenue, \.salvageRevenue, \.salvagedUnits, \.purchaseCost, \.orderingCost, \.holdingCost, \.shortageCost,
        \.demandUnits, \.filledImmediatelyUnits, \.shippedUnits, \.lostUnits, \.backorderedUnits, \.ordersPlaced,
        \.orderedUnits, \.refusedUnits, \.onHandUnitDays, \.backorderUnitDays, \.periods, \.stockoutPeriods,
    ] }

    /// The bytes of a shard's result.
    public static func encode(_ part: SKUShardResult) -> Data {
        let fields = ledgerFields
        var words: [UInt64] = [UInt64(part.ledgers.count), UInt64(part.ledgers.first?.count ?? 0), UInt64(part.skus.count)]
        words += part.skus.map { UInt64($0) }
        for policy in part.ledgers {
            for replication in policy {
                for ledger in replication { words += fields.map { ledger[keyPath: $0].bitPattern } }
            }
        }
        for rows in part.traces {
            words.append(UInt64(rows.count))
            for row in rows {
                words += [row.day, row.sku, row.onHandUnits, row.onOrderUnits, row.backorderedUnits, row.demandUnits, row.shippedUnits,
                          row.shortUnits, row.orderedUnits, row.receivedUnits].map { UInt64(bitPattern: Int64($0)) }
                words += [row.revenue, row.cost, row.price, row.salvageRevenue].map(\.bitPattern)
            }
        }
        words.append(UInt64(part.processedEvents))
        var data = Data(magic)
        data.reserveCapacity(8 + words.count * 8)
        for word in words { withUnsafeBytes(of: word.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Reads a shard's result back.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - shard: the shard its manifest names.
    ///   - skuCount: SKUs in the whole scenario.
    ///   - path: the file, for messages.
    /// - Throws: ``ReportError`` when the bytes are not a shard's data for that shard.
    public static func decode(_ data: Data, shard: SweepShard, skuCount: Int, path: String) throws -> SKUShardResult {
        let bytes = [UInt8](data)
        func corrupt(_ what: String) -> ReportError {
            ReportError("\(path): \(what); the file is damaged or not a run shard's data (re-run the shard)")
        }
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic, (bytes.count - 8) % 8 == 0 else { throw corrupt("no RSTKSKU1 header") }
        var offset = 8
        func word() throws -> UInt64 {
            guard offset + 8 <= bytes.count else { throw corrupt("it ends early") }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            return value
        }
        func count(_ what: String, limit: Int) throws -> Int {
            let value = try word()
            guard value <= UInt64(limit) else { throw corrupt("\(what) \(value) is out of range") }
            return Int(value)
        }
        let remainingWords = (bytes.count - 8) / 8, fields = ledgerFields
        let policies = try count("the policy count", limit: remainingWords)
        let replications = try count("the replication count", limit: remainingWords)
        let skuTotal = try count("the SKU count", limit: remainingWords)
        // Products of counts each at most the file's length: checked for overflow before they are trusted.
        let (cells, overflow) = (policies * replications).multipliedReportingOverflow(by: skuTotal * fields.count)
        guard policies <= remainingWords / max(1, replications), !overflow, cells <= remainingWords else { throw corrupt("it ends early") }
        guard skuTotal == SKUShardResult.skuTotal(of: shard, skuCount: skuCount) else {
            throw corrupt("its SKUs are not those of shard \(shard) of \(skuCount) SKUs")
        }
        let skus = try (0..<skuTotal).map { _ in try count("a SKU index", limit: max(0, skuCount - 1)) }
        guard skus.enumerated().allSatisfy({ $0.element == shard.index - 1 + $0.offset * shard.count }) else {
            throw corrupt("its SKUs are not those of shard \(shard) of \(skuCount) SKUs")
        }
        let held = Set(skus)
        var ledgers: [[[Ledger]]] = []
        for _ in 0..<policies {
            var policy: [[Ledger]] = []
            for _ in 0..<replications {
                var replication: [Ledger] = []
                replication.reserveCapacity(skuTotal)
                for _ in 0..<skuTotal {
                    var ledger = Ledger()
                    for field in fields { ledger[keyPath: field] = Double(bitPattern: try word()) }
                    replication.append(ledger)
                }
                policy.append(replication)
            }
            ledgers.append(policy)
        }
        var traces: [[TraceRow]] = []
        for _ in 0..<policies {
            let rows = try count("a trace row count", limit: remainingWords / 14)
            traces.append(try (0..<rows).map { _ in
                let ints = try (0..<10).map { _ in Int(Int64(bitPattern: try word())) }
                let reals = try (0..<4).map { _ in Double(bitPattern: try word()) }
                guard held.contains(ints[1]) else { throw corrupt("a trace row names SKU \(ints[1]), not one of the shard's") }
                return TraceRow(day: ints[0], sku: ints[1], onHandUnits: ints[2], onOrderUnits: ints[3], backorderedUnits: ints[4],
                                demandUnits: ints[5], shippedUnits: ints[6], shortUnits: ints[7], orderedUnits: ints[8],
                                receivedUnits: ints[9], revenue: reals[0], cost: reals[1], price: reals[2], salvageRevenue: reals[3])
            })
        }
        let events = try count("the event count", limit: Int(Int32.max) * 1_000_000)
        guard offset == bytes.count else { throw corrupt("it has \(bytes.count - offset) bytes after its end") }
        return SKUShardResult(shard: shard, skuCount: skuCount, skus: skus, ledgers: ledgers, traces: traces, processedEvents: events)
    }
}
