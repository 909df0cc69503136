// ScenarioBuilder: the builder itself, its error helpers and build(), which walks the whole file.
import Forecasting
import Foundation
import Simulation
import Stochastics
import Yams

/// Sales histories already read during one build, by file and frequency. A scenario drafted by
/// `restock init` names the same history for every SKU; reading it again for each product made loading
/// quadratic in the SKUs (a 1,000-SKU weekly history was parsed 1,000 times).
final class SalesHistoryCache {
    private var loaded: [String: SalesHistory] = [:]

    /// The history at `path` read with `frequency`, read by `load` the first time it is asked for.
    func history(path: String, frequency: HistoryFrequency?, load: () throws -> SalesHistory) rethrows -> SalesHistory {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path + "\u{0}" + (frequency?.rawValue ?? "detected")
        if let known = loaded[key] { return known }
        let history = try load()
        loaded[key] = history
        return history
    }

    private var networks: [String: [String: any CausalFittedForecaster]] = [:]

    /// The global network trained on the SKUs of the history at `path` (one view per SKU code), trained by
    /// `train` the first time it is asked for: every product whose demand names it shares one training.
    func globalFit(path: String, frequency: HistoryFrequency?, seasonLength: Int, model: String,
                   train: () throws -> [String: any CausalFittedForecaster]) rethrows -> [String: any CausalFittedForecaster] {
        let key = [URL(fileURLWithPath: path).standardizedFileURL.path, frequency?.rawValue ?? "detected", "\(seasonLength)", model]
            .joined(separator: "\u{0}")
        if let known = networks[key] { return known }
        let fitted = try train()
        networks[key] = fitted
        return fitted
    }
}

/// Turns the decoded file into a validated ``Scenario``; every rule names its key path and line.
struct ScenarioBuilder {
    let file: String
    let root: Node
    /// Where policy files (`type: trained`) load from.
    var registry = PolicyRegistry()
    /// Per product, the CV of its demand's level factor (0 without one): the prior of `bayesMarkdown`.
    var levelCVs: [Double] = []
    /// Sales histories read so far in this build.
    let histories = SalesHistoryCache()

    func error(_ path: String, _ problem: String, allowed: String = "") -> ScenarioError {
        ScenarioError(file: file, keyPath: path, line: ScenarioKeyPath(text: path).line(in: root), problem: problem, allowed: allowed)
    }

    /// Largest amount of money per unit (or per order, or per unit and day) accepted: costs and prices
    /// beyond it would overflow the ledger's totals over long runs into infinities.
    static let maximumMoney = 1e9

    /// A money amount (price, cost, penalty, salvage value): finite, 0…``maximumMoney``.
    func nonNegative(_ value: Double, _ path: String) throws {
        // Amounts below a billionth (e.g. 1e-320) are rounding noise that sends the optimisers searching
        // for levels in the billions: 0 or at least 1e-9.
        guard value.isFinite, value == 0 || (value >= 1e-9 && value <= Self.maximumMoney) else {
            let problem = value < 0 ? "the value \(value) is negative" : "the value \(value) is out of range"
            throw error(path, problem, allowed: "a number >= 0: 0, or from 1e-9 to 1e9 (currency)")
        }
    }

    /// Largest unit count accepted anywhere (keeps stock arithmetic far from integer overflow).
    static let maximumUnits = WorldConfiguration.maximumUnits

    func nonNegative(_ value: Int, _ path: String) throws {
        guard value >= 0, value <= Self.maximumUnits else {
            throw error(path, "the value \(value) is out of range", allowed: "a whole number from 0 to \(Self.maximumUnits)")
        }
    }

    mutating func build(_ raw: ScenarioFile) throws -> Scenario {
        guard !raw.name.isEmpty else { throw error("name", "the name is empty", allowed: "a short name such as quickstart") }
        // The name becomes the default report folder's name: it must fit a file name.
        guard raw.name.count <= 100, !raw.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw error("name", "the name is \(raw.name.count) characters long or contains control characters",
                        allowed: "a short name of at most 100 printable characters, such as quickstart")
        }
        guard raw.horizonDays > 0, raw.horizonDays <= 10_000_000 else {
            throw error("horizonDays", "the horizon of \(raw.horizonDays) days is out of range", allowed: "1…10000000 days")
        }
        let warmup = raw.warmupDays ?? 0
        guard warmup >= 0, warmup < raw.horizonDays else {
            throw error("warmupDays", "the warm-up (\(warmup) days) must be >= 0 and shorter than the horizon (\(raw.horizonDays) days)",
                        allowed: "0…\(raw.horizonDays - 1)")
        }
        let replications = raw.replications ?? 10
        guard (1...1_000_000).contains(replications) else {
            throw error("replications", "\(replications) replications is out of range", allowed: "1…1000000")
        }
        var generator = GeneratorKind.mt19937
        if let name = raw.generator {
            guard let kind = GeneratorKind(rawValue: name) else {
                throw error("generator", "unknown generator '\(name)'", allowed: GeneratorKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            generator = kind
        }
        var accounting = CostAccounting.endOfPeriod
        if let name = raw.costAccounting {
            guard let mode = CostAccounting(rawValue: name) else {
                throw error("costAccounting", "unknown cost accounting '\(name)'",
                            allowed: CostAccounting.allCases.map(\.rawValue).joined(separator: ", "))
            }
            accounting = mode
        }
        var review = ReviewSchedule.periodic(everyDays: 1)
        if let file = raw.review {
            switch file.type {
            case "periodic":
                let every = file.everyDays ?? 1
                guard every >= 1, every <= 100_000 else {
                    throw error("review.everyDays", "the review period must be 1…100000 days", allowed: "a whole number from 1 to 100000")
                }
                review = .periodic(everyDays: every)
            case "continuous": review = .continuous
            default: throw error("review.type", "unknown review type '\(file.type)'", allowed: "periodic, continuous")
            }
        }
        if let capacity = raw.storageCapacityUnits { try nonNegative(capacity, "storageCapacityUnits") }
        guard !raw.products.isEmpty else {
            throw error("products", "the product list is empty", allowed: "at least one product with sku, prices, demand and suppliers")
        }
        levelCVs = raw.products.map { $0.demand.levelCV ?? 0 }
        var seen = Set<String>()
        var products: [ProductConfiguration] = []
        var forecastDemands: [ForecastDemandBuilder.Result?] = []
        for (index, product) in raw.products.enumerated() {
            let path = "products[\(index)]"
            guard seen.insert(product.sku).inserted else {
                throw error("\(path).sku", "the SKU '\(product.sku)' appears twice", allowed: "unique SKU codes")
            }
            let (configuration, forecast) = try buildProduct(product, path: path, horizonDays: raw.horizonDays,
                                                             paths: ForecastDemandBuilder.PathPlan(seed: raw.seed ?? 1, sku: index))
            products.append(configuration)
            forecastDemands.append(forecast)
        }
        let world = WorldConfiguration(products: products, review: review, costAccounting: accounting,
                                       horizonDays: raw.horizonDays, warmupDays: warmup,
                                       storageCapacityUnits: raw.storageCapacityUnits)
        guard !raw.policies.isEmpty else {
            throw error("policies", "the policy list is empty", allowed: "at least one policy, e.g. {name: base-stock, type: baseStock, orderUpToUnits: auto}")
        }
        var names = Set<String>()
        var policies: [PolicyDefinition] = []
        for (index, policy) in raw.policies.enumerated() {
            let path = "policies[\(index)]"
            guard !policy.name.isEmpty, names.insert(policy.name).inserted else {
                throw error("\(path).name", "the policy name '\(policy.name)' is empty or used twice", allowed: "unique, non-empty names")
            }
            policies.append(try buildPolicy(policy, path: path, world: world))
        }
        var scenario = Scenario(name: raw.name, description: raw.description ?? "", seed: raw.seed ?? 1, replications: replications,
                                generator: generator, world: world, policies: policies, sourcePath: file)
        if let workshop = raw.workshop { scenario.workshop = try buildWorkshop(workshop, products: products, replications: replications) }
        // Safety net: the world passes its own checks (the rules above come first, with more detail).
        do { try world.validate() } catch let failure as WorldConfigurationError {
            throw error(failure.keyPath, failure.message, allowed: failure.allowed)
        }
        for (sku, forecast) in forecastDemands.enumerated() {
            // SKUs with a plain demand law get a forecaster that knows the law: the best forecast there is.
            scenario.forecasters[sku] = forecast?.provider ?? KnownLawForecastProvider(customers: world.products[sku].customers)
            scenario.demandModelNotes[sku] = forecast?.note
            scenario.forecastViews[sku] = forecast?.view
        }
        return scenario
    }
}

extension ScenarioBuilder {
    /// The `workshop:` section: the classroom game's timer, missed-round rule, played SKU and replication.
    func buildWorkshop(_ raw: WorkshopFile, products: [ProductConfiguration], replications: Int) throws -> WorkshopSettings {
        var settings = WorkshopSettings()
        if let seconds = raw.roundSeconds {
            guard (10...3600).contains(seconds) else {
                throw error("workshop.roundSeconds", "a round of \(seconds) seconds is out of range", allowed: "10…3600 seconds")
            }
            settings.roundSeconds = seconds
        }
        if let rule = raw.missedRound {
            guard let value = WorkshopSettings.MissedRound(rawValue: rule) else {
                throw error("workshop.missedRound", "unknown rule '\(rule)'",
                            allowed: WorkshopSettings.MissedRound.allCases.map(\.rawValue).joined(separator: ", "))
            }
            settings.missedRound = value
        }
        if let sku = raw.sku {
            guard let index = products.firstIndex(where: { $0.sku == sku }) else {
                throw error("workshop.sku", "the scenario has no SKU '\(sku)'", allowed: products.map(\.sku).joined(separator: ", "))
            }
            settings.skuIndex = index
        }
        if let replication = raw.replication {
            guard (0..<1_000_000).contains(replication) else {
                throw error("workshop.replication", "replication \(replication) is out of range", allowed: "0…999999 (0 is the first)")
            }
            settings.replication = replication
        }
        if let maximum = raw.maximumOrderUnits {
            guard (1...Self.maximumUnits).contains(maximum) else {
                throw error("workshop.maximumOrderUnits", "the value \(maximum) is out of range", allowed: "1…\(Self.maximumUnits) units")
            }
            settings.maximumOrderUnits = maximum
        }
        return settings
    }
}
