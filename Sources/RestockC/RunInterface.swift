// `restock run` through the C interface, with policies of the caller's (e.g. Python callables) beside the
// scenario's own, under common random numbers, and the usual report written to a folder.

import Experiment
import Foundation
import Policies
import Reporting
import Reports
import Scenario
import Simulation
import Stochastics

/// A caller's policy decision: `context`, the index of the caller's policy, the observation as JSON;
/// out: the order in units per supplier (`suppliers` entries, zeroed before the call), and a price
/// with `has_price` set to 1 to charge it. Returns 0, or non-zero to abandon the run.
public typealias RestockPolicyCallback = @convention(c) (
    UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafeMutablePointer<Int64>?, Int64,
    UnsafeMutablePointer<Double>?, UnsafeMutablePointer<UInt8>?
) -> Int32

/// The caller's callback, shared by the policies of one run (runs are single-threaded).
final class CallbackBox: @unchecked Sendable {
    let callback: RestockPolicyCallback
    let context: UnsafeMutableRawPointer?
    let skuCodes: [String]
    let supplierCounts: [Int]
    /// Set when a callback failed: later decisions are not asked for.
    var failure: String?
    var orders: [Int64]

    init(callback: RestockPolicyCallback, context: UnsafeMutableRawPointer?, world: WorldConfiguration) {
        self.callback = callback
        self.context = context
        skuCodes = world.products.map(\.sku)
        supplierCounts = world.products.map(\.suppliers.count)
        orders = Array(repeating: 0, count: max(supplierCounts.max() ?? 1, 1))
    }
}

/// One SKU of a caller's policy.
struct CallbackPolicy: Policy {
    let box: CallbackBox
    let policyIndex: Int32
    let policyName: String

    func decide(_ observation: Observation) -> Action {
        guard box.failure == nil else { return .none }
        let suppliers = box.supplierCounts[observation.sku]
        for k in box.orders.indices { box.orders[k] = 0 }
        var price = 0.0
        var hasPrice: UInt8 = 0
        let json = ObservationJSON.render(observation, sku: box.skuCodes[observation.sku])
        let status = json.withCString { text in
            box.orders.withUnsafeMutableBufferPointer { orders in
                box.callback(box.context, policyIndex, text, orders.baseAddress, Int64(suppliers), &price, &hasPrice)
            }
        }
        guard status == 0 else {
            box.failure = "policy '\(policyName)' failed at day \(String(format: "%g", observation.day)) of SKU \(box.skuCodes[observation.sku])"
            return .none
        }
        var units: [Int] = []
        for k in 0..<suppliers {
            let value = box.orders[k]
            guard value >= 0, value <= 1_000_000_000 else {
                box.failure = "policy '\(policyName)' ordered \(value) units from supplier \(k) at day \(String(format: "%g", observation.day)) of SKU \(box.skuCodes[observation.sku]); allowed: 0...1000000000"
                return .none
            }
            units.append(Int(value))
        }
        var action = Action(orderUnits: units)
        if hasPrice != 0 {
            guard price.isFinite, price >= 0 else {
                box.failure = "policy '\(policyName)' set the price \(price) at day \(String(format: "%g", observation.day)); a finite price >= 0 is required"
                return .none
            }
            action.price = price
        }
        return action
    }
}

/// The observation a caller's policy sees, as a JSON object.
enum ObservationJSON {
    static func number(_ value: Double) -> String { JSONText.number(value) }

    static func string(_ value: String) -> String { JSONText.quoted(value) }

    /// Keys: sku, skuIndex, day, onHandUnits, backorderedUnits, inventoryPositionUnits, pipeline
    /// (supplier, quantityUnits, dueDay), price, priceLevels, seasonEndDay, forecastUnitsPerDay (the
    /// mean of each day from today, up to 56 days; null without a forecast), forecastSdUnitsPerDay,
    /// salesToDateUnits and forecastToDateUnits (forecast-driven SKUs; null otherwise).
    static func render(_ o: Observation, sku: String) -> String {
        var parts: [String] = []
        parts.append("\"sku\":\(string(sku))")
        parts.append("\"skuIndex\":\(o.sku)")
        parts.append("\"day\":\(number(o.day))")
        parts.append("\"onHandUnits\":\(o.onHandUnits)")
        parts.append("\"backorderedUnits\":\(o.backorderedUnits)")
        parts.append("\"inventoryPositionUnits\":\(o.inventoryPositionUnits)")
        let pipeline = o.pipeline.map {
            "{\"supplier\":\($0.supplier),\"quantityUnits\":\($0.quantityUnits),\"dueDay\":\(number($0.dueDay))}"
        }
        parts.append("\"pipeline\":[\(pipeline.joined(separator: ","))]")
        parts.append("\"price\":\(number(o.price))")
        parts.append("\"priceLevels\":[\(o.priceLevels.map(number).joined(separator: ","))]")
        parts.append("\"seasonEndDay\":\(o.seasonEndDay.map(String.init) ?? "null")")
        if let forecast = o.forecast {
            let today = Int(o.day.rounded(.down)) - forecast.issuedDay
            let start = max(0, min(today, forecast.meanUnitsPerDay.count))
            let end = min(forecast.meanUnitsPerDay.count, start + 56)
            parts.append("\"forecastUnitsPerDay\":[\(forecast.meanUnitsPerDay[start..<end].map(number).joined(separator: ","))]")
            parts.append("\"forecastSdUnitsPerDay\":[\(forecast.sdUnitsPerDay[start..<min(end, forecast.sdUnitsPerDay.count)].map(number).joined(separator: ","))]")
        } else {
            parts.append("\"forecastUnitsPerDay\":null")
            parts.append("\"forecastSdUnitsPerDay\":null")
        }
        if let season = o.seasonToDate {
            parts.append("\"salesToDateUnits\":\(number(season.observedUnits))")
            parts.append("\"forecastToDateUnits\":\(number(season.forecastUnits))")
        } else {
            parts.append("\"salesToDateUnits\":null")
            parts.append("\"forecastToDateUnits\":null")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}

/// Runs a scenario on its `report` replications with its own policies and the caller's (names: a JSON
/// list of strings, NULL for none; each decision goes to `callback`), one thread, and writes the usual
/// report (summary.csv, replications.csv, index.html, …) to `out_folder`. Returns 3 when a callback
/// failed (nothing is written), 2 for bad input.
@_cdecl("restock_run")
public func restock_run(_ path: UnsafePointer<CChar>?, _ overrides: UnsafePointer<CChar>?, _ outFolder: UnsafePointer<CChar>?,
                        _ policyNames: UnsafePointer<CChar>?, _ callback: RestockPolicyCallback?, _ context: UnsafeMutableRawPointer?,
                        _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let scenario = try loadScenario(try requiredString(path, "scenario path"), overrides: try overrideList(overrides))
        let folderPath = try requiredString(outFolder, "out folder")
        guard !folderPath.isEmpty else { throw CFailure.input("the out folder is empty; name a folder for the report.") }
        var names: [String] = []
        if let text = try optionalString(policyNames, "policy names") {
            guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any], let strings = list as? [String] else {
                throw CFailure.input("policy names: a JSON list of strings is required, got \(text).")
            }
            names = strings
        }
        for (k, name) in names.enumerated() {
            guard !name.isEmpty, name.count <= 100, !name.contains(where: { $0.isNewline || $0 == "," || $0 == "\"" }) else {
                throw CFailure.input("policy names[\(k)] '\(name)': a name of 1 to 100 characters without newlines, commas or quotes is required.")
            }
            guard !scenario.policies.contains(where: { $0.name == name }), names.firstIndex(of: name) == k else {
                throw CFailure.input("policy names[\(k)] '\(name)' is already a policy of this run; choose another name.")
            }
        }
        guard names.isEmpty || callback != nil else { throw CFailure.input("policies are named but the callback is NULL.") }
        let folder = URL(fileURLWithPath: folderPath)
        try checkWritable(folder)
        var extra: [PolicyDefinition] = []
        var box: CallbackBox?
        if let callback, !names.isEmpty {
            let shared = CallbackBox(callback: callback, context: context, world: scenario.world)
            box = shared
            for (k, name) in names.enumerated() {
                extra.append(.custom(name: name, readsForecasts: true) { world in
                    world.products.indices.map { _ in CallbackPolicy(box: shared, policyIndex: Int32(k), policyName: name) }
                })
            }
        }
        let result = ExperimentRunner.run(scenario, adding: extra, purpose: .report, threads: 1)
        if let failure = box?.failure { throw CFailure(status: CStatus.callbackError, message: failure) }
        do {
            _ = try ReportWriter.write(result, to: folder)
        } catch let failure as ReportError {
            throw CFailure.input(failure.message)
        }
    }
}

/// Checks before any work that the report can be written to `folder` (Reports' own check, as `restock run` does).
func checkWritable(_ folder: URL) throws {
    do {
        try AtomicFileWriter.checkFolder(folder)
    } catch let failure as ReportError {
        throw CFailure.input(failure.message)
    }
}
