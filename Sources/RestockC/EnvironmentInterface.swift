// Environments through the C interface: the stationary single-SKU environment (one copy, or N copies
// stepped together into flat buffers) and the scenario environment, all behind one handle type.

import Experiment
import Foundation
import Learning
import Policies
import Scenario
import Simulation
import Stochastics

/// An environment behind a handle.
final class EnvironmentHandle: LockedHandle, @unchecked Sendable {
    enum Kind {
        case stationary(StationaryEnvironment)
        case stationaryVector(StationaryVectorEnvironment)
        case scenario(ScenarioEnvironment)
    }

    var kind: Kind
    let observationSize: Int
    let actionCount: Int
    let copies: Int
    let observationNames: [String]
    let infoNames: [String]
    let low: [Double]
    let high: [Double]
    /// Scenario environments: the seed of the last reset and the resets since (for resets without a seed).
    var lastSeed: UInt64 = 0
    var resetsSinceSeed: UInt64 = 0
    /// Single scenario copy: the observation of the last decision (returned again when the season ends).
    var lastObservation: [Double] = []
    var started = false
    /// Per-step scratch buffers (no allocation while stepping).
    var actionScratch: [Int]
    var floatScratch: [Float]
    var rewardScratch: [Double]
    var costScratch: [Double]
    var endedScratch: [Bool]
    var finalScratch: [Float]

    static let stationaryInfoNames = ["cost", "holdingCost", "shortageCost", "orderingCost", "demand", "sales", "shortage",
                                      "arrived", "order", "priceLevel", "revenue", "period"]

    init(kind: Kind) {
        self.kind = kind
        switch kind {
        case .stationary(let environment):
            observationSize = environment.observationSpace.count
            actionCount = environment.actionSpace.count
            copies = 1
            observationNames = environment.observationSpace.names
            (low, high) = Self.finiteBounds(environment.observationSpace, environment.configuration)
            infoNames = Self.stationaryInfoNames
        case .stationaryVector(let environment):
            observationSize = environment.observationSpace.count
            actionCount = environment.actionSpace.count
            copies = environment.count
            observationNames = environment.observationSpace.names
            (low, high) = Self.finiteBounds(environment.observationSpace, environment.configuration)
            infoNames = ["cost"]
        case .scenario(let environment):
            observationSize = environment.observationSpace.count
            actionCount = environment.actionSpace.count
            copies = environment.count
            observationNames = environment.observationSpace.names
            // The features are clamped to ±1e6 (ObservationFeatures.write).
            low = Array(repeating: -1e6, count: observationSize)
            high = Array(repeating: 1e6, count: observationSize)
            infoNames = ["profit", "day"]
        }
        actionScratch = Array(repeating: 0, count: copies)
        floatScratch = Array(repeating: 0, count: copies * observationSize)
        rewardScratch = Array(repeating: 0, count: copies)
        costScratch = Array(repeating: 0, count: copies)
        endedScratch = Array(repeating: false, count: copies)
        finalScratch = Array(repeating: 0, count: copies * observationSize)
    }

    /// The stationary space with its infinite bounds replaced by what an episode can reach: stock and
    /// position at most the initial stock plus the largest order every period of the episode and lead
    /// time; under backorders, net stock at least minus the largest demand every period.
    static func finiteBounds(_ space: ObservationSpace, _ c: StationaryConfiguration) -> ([Double], [Double]) {
        let demandMax = c.demandLaws.compactMap { try? $0.resolved().maxValue }.max() ?? 0
        let periods = Double(c.episodeLength + c.leadTimePeriods + 1)
        let top = Double(c.initialOnHandUnits) + Double(c.maxOrderUnits) * periods
        let bottom = -Double(max(demandMax, 1)) * periods
        let low = space.low.map { $0.isFinite ? $0 : bottom }
        let high = space.high.map { $0.isFinite ? $0 : top }
        return (low, high)
    }

    /// Resets every copy. `reseed` false continues the random streams (stationary) or moves on to new
    /// replications (scenario).
    func reset(seed: UInt64, reseed: Bool, into observations: UnsafeMutablePointer<Double>) throws {
        switch kind {
        case .stationary(var environment):
            let first = reseed || !started ? environment.reset(seed: seed) : environment.reset()
            kind = .stationary(environment)
            first.withUnsafeBufferPointer { observations.update(from: $0.baseAddress!, count: observationSize) }
        case .stationaryVector(var environment):
            let seeds = (0..<copies).map { seed &+ UInt64($0) }
            let first = try environment.reset(seeds: seeds)
            kind = .stationaryVector(environment)
            first.withUnsafeBufferPointer { observations.update(from: $0.baseAddress!, count: copies * observationSize) }
        case .scenario(var environment):
            if reseed || !started {
                lastSeed = seed
                resetsSinceSeed = 0
            } else {
                resetsSinceSeed += 1
            }
            let episodeSeed = resetsSinceSeed == 0 ? lastSeed : SplitMix64.mix(lastSeed ^ SplitMix64.mix(resetsSinceSeed))
            try environment.reset(seeds: (0..<copies).map { SplitMix64.mix(episodeSeed &+ UInt64($0)) })
            kind = .scenario(environment)
            writeScenarioFeatures(environment, into: observations)
            lastObservation = Array(UnsafeBufferPointer(start: observations, count: observationSize))
        }
        started = true
    }

    func writeScenarioFeatures(_ environment: ScenarioEnvironment, into observations: UnsafeMutablePointer<Double>) {
        floatScratch.withUnsafeMutableBufferPointer { environment.writeFeatures(into: $0.baseAddress!) }
        for k in 0..<(copies * observationSize) { observations[k] = Double(floatScratch[k]) }
    }

    /// Plays one decision in every copy.
    func step(actions: UnsafePointer<Int64>, observations: UnsafeMutablePointer<Double>, rewards: UnsafeMutablePointer<Double>,
              terminated: UnsafeMutablePointer<UInt8>, truncated: UnsafeMutablePointer<UInt8>,
              finalObservations: UnsafeMutablePointer<Double>?, info: UnsafeMutablePointer<Double>?) throws {
        guard started else { throw CFailure.input("step before reset: call reset first.") }
        for i in 0..<copies {
            let action = actions[i]
            guard action >= 0, action < Int64(actionCount) else {
                let which = copies == 1 ? "action" : "actions[\(i)]"
                throw CFailure.input("\(which) = \(action) is outside the action space: actions 0...\(actionCount - 1) are allowed.")
            }
            actionScratch[i] = Int(action)
        }
        switch kind {
        case .stationary(var environment):
            let result: StepResult
            do {
                result = try environment.step(actionScratch[0])
            } catch let error as EnvironmentError {
                throw CFailure.input(error.message)
            }
            kind = .stationary(environment)
            result.observation.withUnsafeBufferPointer { observations.update(from: $0.baseAddress!, count: observationSize) }
            rewards[0] = result.reward
            terminated[0] = result.terminated ? 1 : 0
            truncated[0] = result.truncated ? 1 : 0
            if let info {
                for (k, name) in infoNames.enumerated() { info[k] = result.info[name] ?? 0 }
            }
        case .stationaryVector(var environment):
            do {
                try environment.step(actions: actionScratch)
            } catch let error as EnvironmentError {
                throw CFailure.input(error.message)
            }
            kind = .stationaryVector(environment)
            let batch = environment.batch
            let n = copies * observationSize
            batch.observations.withUnsafeBufferPointer { observations.update(from: $0.baseAddress!, count: n) }
            batch.rewards.withUnsafeBufferPointer { rewards.update(from: $0.baseAddress!, count: copies) }
            for i in 0..<copies {
                terminated[i] = 0
                truncated[i] = batch.truncated[i] ? 1 : 0
            }
            if let finalObservations {
                batch.finalObservations.withUnsafeBufferPointer { finalObservations.update(from: $0.baseAddress!, count: n) }
            }
            if let info { batch.costs.withUnsafeBufferPointer { info.update(from: $0.baseAddress!, count: copies) } }
        case .scenario(var environment):
            try rewardScratch.withUnsafeMutableBufferPointer { rewardBuffer in
                try endedScratch.withUnsafeMutableBufferPointer { endedBuffer in
                    try costScratch.withUnsafeMutableBufferPointer { costBuffer in
                        try finalScratch.withUnsafeMutableBufferPointer { finalBuffer in
                            try environment.step(actions: actionScratch, rewards: rewardBuffer.baseAddress!, truncated: endedBuffer.baseAddress!,
                                                 finalFeatures: finalBuffer.baseAddress!, costs: costBuffer.baseAddress!)
                        }
                    }
                }
            }
            kind = .scenario(environment)
            writeScenarioFeatures(environment, into: observations)
            for i in 0..<copies {
                rewards[i] = rewardScratch[i]
                // The season's end is terminal; the copy has started a new replication already.
                terminated[i] = endedScratch[i] ? 1 : 0
                truncated[i] = 0
                if let info {
                    info[i * 2] = -costScratch[i]
                    info[i * 2 + 1] = environment.pendingObservation(copy: i).map { $0.day } ?? 0
                }
            }
            if copies == 1 {
                if endedScratch[0] {
                    // A single environment ends here: its last observation stands until the caller resets.
                    lastObservation.withUnsafeBufferPointer { observations.update(from: $0.baseAddress!, count: observationSize) }
                    started = false
                } else {
                    for k in 0..<observationSize { lastObservation[k] = observations[k] }
                }
            }
            if let finalObservations {
                // Copies that ended have no decision left; their final observation repeats their last one.
                for k in 0..<(copies * observationSize) { finalObservations[k] = observations[k] }
            }
        }
    }

    /// The current state as text.
    func render() -> String {
        switch kind {
        case .stationary(let environment):
            let pipeline = environment.pipelineUnits.map(String.init).joined(separator: ", ")
            return "period \(environment.period) of \(environment.configuration.episodeLength): on hand \(environment.stockUnits) units, "
                + "pipeline [\(pipeline)] units (next to arrive first), inventory position \(environment.inventoryPositionUnits) units"
        case .stationaryVector(let environment):
            let rows = environment.batch.observations
            let shown = min(copies, 4)
            var lines = ["\(copies) copies; the first \(shown) (\(observationNames.joined(separator: ", "))):"]
            for i in 0..<shown {
                lines.append("  [\(i)] " + rows[(i * observationSize)..<((i + 1) * observationSize)].map { String(format: "%g", $0) }.joined(separator: " "))
            }
            return lines.joined(separator: "\n")
        case .scenario(let environment):
            guard let o = environment.pendingObservation(copy: 0) else { return "not started: call reset first" }
            let sku = environment.world.products[environment.skuIndex].sku
            let pipeline = o.pipeline.filter { $0.quantityUnits > 0 }
                .map { "\($0.quantityUnits) units due day \(String(format: "%g", $0.dueDay))" }.joined(separator: ", ")
            var text = "\(sku), day \(String(format: "%g", o.day)) of \(environment.world.horizonDays): on hand \(o.onHandUnits) units"
            if o.backorderedUnits > 0 { text += ", backordered \(o.backorderedUnits) units" }
            text += ", on order [\(pipeline)], price \(String(format: "%g", o.price))"
            if let forecast = o.forecast {
                let week = forecast.total(fromDay: Int(o.day.rounded(.down)), days: 7)
                text += String(format: ", forecast of the next 7 days %.1f units (sd %.1f)", week.mean, week.sd)
            }
            if let season = o.seasonToDate {
                text += String(format: ", sales to date %.0f against %.0f forecast", season.observedUnits, season.forecastUnits)
            }
            return text
        }
    }
}

/// Creates a stationary single-SKU environment from a JSON configuration (see `StationaryJSON`):
/// `copies` = 1 a single environment, more a vector of copies stepped together.
@_cdecl("restock_stationary_create")
public func restock_stationary_create(_ configuration: UnsafePointer<CChar>?, _ copies: Int64,
                                      _ handle: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                                      _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let out = try requiredBuffer(handle, "handle")
        out.pointee = nil
        let config = try StationaryJSON.parse(try requiredString(configuration, "configuration"))
        guard (1...1_000_000).contains(copies) else {
            throw CFailure.input("copies must lie in 1...1000000, got \(copies).")
        }
        do {
            let kind: EnvironmentHandle.Kind = copies == 1
                ? .stationary(try StationaryEnvironment(configuration: config))
                : .stationaryVector(try StationaryVectorEnvironment(configuration: config, count: Int(copies)))
            out.pointee = HandleTable.shared.insert(EnvironmentHandle(kind: kind))
        } catch let failure as EnvironmentError {
            throw CFailure.input("configuration: \(failure.message)")
        }
    }
}

/// Creates a scenario environment: the scenario file (with `key=value` overrides, a JSON list of
/// strings or NULL), the SKU the agent decides for (NULL: the only one), the scenario policy that
/// drives the other SKUs (NULL: the first heuristic), and days between decisions (0: the default).
@_cdecl("restock_scenario_create")
public func restock_scenario_create(_ path: UnsafePointer<CChar>?, _ overrides: UnsafePointer<CChar>?, _ sku: UnsafePointer<CChar>?,
                                    _ others: UnsafePointer<CChar>?, _ decisionDays: Int64, _ copies: Int64,
                                    _ handle: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                                    _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let out = try requiredBuffer(handle, "handle")
        out.pointee = nil
        let scenario = try loadScenario(try requiredString(path, "scenario path"), overrides: try overrideList(overrides))
        guard (1...4096).contains(copies) else { throw CFailure.input("copies must lie in 1...4096, got \(copies).") }
        guard decisionDays >= 0, decisionDays <= 3650 else {
            throw CFailure.input("decision days must lie in 0...3650 (0: the default), got \(decisionDays).")
        }
        let skuIndex: Int
        do {
            skuIndex = try TrainingModel.skuIndex(in: scenario, sku: try optionalString(sku, "sku"))
        } catch let failure as TrainingModelError {
            throw CFailure.input("\(failure)")
        }
        let heuristics = scenario.policies.filter { $0.kind != .trained && $0.kind != .custom }
        let othersName = try optionalString(others, "others")
        let driver: PolicyDefinition
        if let othersName {
            guard let found = scenario.policies.first(where: { $0.name == othersName }) else {
                throw CFailure.input("scenario '\(scenario.name)' has no policy '\(othersName)'. Allowed: \(scenario.policies.map(\.name).joined(separator: ", ")).")
            }
            driver = found
        } else {
            guard let first = heuristics.first ?? scenario.policies.first else {
                throw CFailure.input("scenario '\(scenario.name)' has no policy to drive the other SKUs.")
            }
            driver = first
        }
        let model = ScenarioTrainingModel(world: scenario.world, skuIndex: skuIndex,
                                          decisionEveryDays: decisionDays == 0 ? nil : Int(decisionDays))
        let environment = ScenarioEnvironment(scenario: scenario, skuIndex: skuIndex, others: driver, features: model.features,
                                              actions: model.actions, supplier: 0, rewardScale: model.rewardScale, count: Int(copies))
        out.pointee = HandleTable.shared.insert(EnvironmentHandle(kind: .scenario(environment)))
    }
}

/// A scenario loaded with overrides, its errors (file, key path, line) as input errors.
func loadScenario(_ path: String, overrides: [String]) throws -> Scenario {
    do {
        return try ScenarioLoader.load(path: path, overrides: overrides, registry: .standard)
    } catch let failure as ScenarioError {
        throw CFailure.input(failure.description)
    }
}

/// `key=value` overrides from a JSON list of strings (NULL or empty: none).
func overrideList(_ pointer: UnsafePointer<CChar>?) throws -> [String] {
    guard let text = try optionalString(pointer, "overrides") else { return [] }
    guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any],
          let strings = list as? [String] else {
        throw CFailure.input("overrides: a JSON list of \"key.path=value\" strings is required, got \(text).")
    }
    return strings
}

/// Sizes of an environment: observation components, actions, copies and info values per copy.
@_cdecl("restock_env_dimensions")
public func restock_env_dimensions(_ handle: UnsafeMutableRawPointer?, _ observationSize: UnsafeMutablePointer<Int64>?,
                                   _ actionCount: UnsafeMutablePointer<Int64>?, _ copies: UnsafeMutablePointer<Int64>?,
                                   _ infoSize: UnsafeMutablePointer<Int64>?,
                                   _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let environment = try HandleTable.shared.object(handle, as: EnvironmentHandle.self, kind: "environment")
        try requiredBuffer(observationSize, "observation_size").pointee = Int64(environment.observationSize)
        try requiredBuffer(actionCount, "action_count").pointee = Int64(environment.actionCount)
        try requiredBuffer(copies, "copies").pointee = Int64(environment.copies)
        try requiredBuffer(infoSize, "info_size").pointee = Int64(environment.infoNames.count)
    }
}

/// The observation bounds (`observation_size` values each; ±infinity where unbounded).
@_cdecl("restock_env_bounds")
public func restock_env_bounds(_ handle: UnsafeMutableRawPointer?, _ low: UnsafeMutablePointer<Double>?, _ high: UnsafeMutablePointer<Double>?,
                               _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let environment = try HandleTable.shared.object(handle, as: EnvironmentHandle.self, kind: "environment")
        let lowBuffer = try requiredBuffer(low, "low"), highBuffer = try requiredBuffer(high, "high")
        for k in 0..<environment.observationSize {
            lowBuffer[k] = environment.low[k]
            highBuffer[k] = environment.high[k]
        }
    }
}

/// Names, one per line: `which` 0 the observation components (with units), 1 the info values.
@_cdecl("restock_env_names")
public func restock_env_names(_ handle: UnsafeMutableRawPointer?, _ which: Int32, _ out: UnsafeMutablePointer<CChar>?, _ outCapacity: Int,
                              _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let environment = try HandleTable.shared.object(handle, as: EnvironmentHandle.self, kind: "environment")
        guard which == 0 || which == 1 else { throw CFailure.input("which must be 0 (observation) or 1 (info), got \(which).") }
        let text = (which == 0 ? environment.observationNames : environment.infoNames).joined(separator: "\n")
        guard text.utf8.count < outCapacity else {
            throw CFailure.input("the names need \(text.utf8.count + 1) bytes; the buffer has \(outCapacity).")
        }
        writeMessage(text, into: try requiredBuffer(out, "out"), capacity: outCapacity)
    }
}

/// Starts an episode in every copy. `reseed` 1: from `seed` (a vector's copy i from `seed + i`);
/// 0: continuing (the stationary streams go on; a scenario moves on to new replications).
/// Writes `copies × observation_size` values.
@_cdecl("restock_env_reset")
public func restock_env_reset(_ handle: UnsafeMutableRawPointer?, _ seed: UInt64, _ reseed: Int32,
                              _ observations: UnsafeMutablePointer<Double>?,
                              _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let environment = try HandleTable.shared.object(handle, as: EnvironmentHandle.self, kind: "environment")
        let buffer = try requiredBuffer(observations, "observations")
        try environment.locked { try environment.reset(seed: seed, reseed: reseed != 0, into: buffer) }
    }
}

/// Plays one decision in every copy: `actions` (copies values) in, the next observations
/// (copies × observation_size), rewards, terminated and truncated flags (copies each) out; the final
/// observations of copies whose episode ended (vector environments, which start the next episode at
/// once; may be NULL) and the info values (copies × info_size; may be NULL). Nothing moves when an
/// action is out of range.
@_cdecl("restock_env_step")
public func restock_env_step(_ handle: UnsafeMutableRawPointer?, _ actions: UnsafePointer<Int64>?,
                             _ observations: UnsafeMutablePointer<Double>?, _ rewards: UnsafeMutablePointer<Double>?,
                             _ terminated: UnsafeMutablePointer<UInt8>?, _ truncated: UnsafeMutablePointer<UInt8>?,
                             _ finalObservations: UnsafeMutablePointer<Double>?, _ info: UnsafeMutablePointer<Double>?,
                             _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let environment = try HandleTable.shared.object(handle, as: EnvironmentHandle.self, kind: "environment")
        guard let actions else { throw CFailure.input("actions is NULL.") }
        let observationBuffer = try requiredBuffer(observations, "observations"), rewardBuffer = try requiredBuffer(rewards, "rewards")
        let terminatedBuffer = try requiredBuffer(terminated, "terminated"), truncatedBuffer = try requiredBuffer(truncated, "truncated")
        try environment.locked {
            try environment.step(actions: actions, observations: observationBuffer, rewards: rewardBuffer, terminated: terminatedBuffer,
                                 truncated: truncatedBuffer, finalObservations: finalObservations, info: info)
        }
    }
}

/// The current state as text (NUL-terminated, cut to `out_capacity`).
@_cdecl("restock_env_render")
public func restock_env_render(_ handle: UnsafeMutableRawPointer?, _ out: UnsafeMutablePointer<CChar>?, _ outCapacity: Int,
                               _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let environment = try HandleTable.shared.object(handle, as: EnvironmentHandle.self, kind: "environment")
        let text = environment.locked { environment.render() }
        writeMessage(text, into: try requiredBuffer(out, "out"), capacity: outCapacity)
    }
}

/// Reference trajectory for tests: a fresh environment of the same configuration, reset with `seed`
/// and stepped natively in Swift through `steps` actions (single copies only). Writes
/// `(steps + 1) × observation_size` observations and `steps` rewards.
@_cdecl("restock_stationary_reference_trajectory")
public func restock_stationary_reference_trajectory(_ configuration: UnsafePointer<CChar>?, _ seed: UInt64,
                                                    _ actions: UnsafePointer<Int64>?, _ steps: Int64,
                                                    _ observations: UnsafeMutablePointer<Double>?, _ rewards: UnsafeMutablePointer<Double>?,
                                                    _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guarded(error, capacity) {
        let config = try StationaryJSON.parse(try requiredString(configuration, "configuration"))
        guard let actions, steps >= 0 else { throw CFailure.input("actions is NULL or steps < 0.") }
        let observationBuffer = try requiredBuffer(observations, "observations"), rewardBuffer = try requiredBuffer(rewards, "rewards")
        do {
            var environment = try StationaryEnvironment(configuration: config)
            var observation = environment.reset(seed: seed)
            let size = observation.count
            for t in 0...Int(steps) {
                for k in 0..<size { observationBuffer[t * size + k] = observation[k] }
                guard t < Int(steps) else { break }
                if environment.isTruncated { observation = environment.reset() }
                let result = try environment.step(Int(actions[t]))
                rewardBuffer[t] = result.reward
                observation = result.observation
            }
        } catch let failure as EnvironmentError {
            throw CFailure.input(failure.message)
        }
    }
}
