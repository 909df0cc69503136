import Foundation
import Simulation
import Stochastics
import Yams

/// Turns the decoded file into a validated ``Scenario``; every rule names its key path and line.
struct ScenarioBuilder {
    let file: String
    let root: Node
    /// Where policy files (`type: trained`) load from.
    var registry = PolicyRegistry()

    func error(_ path: String, _ problem: String, allowed: String = "") -> ScenarioError {
        ScenarioError(file: file, keyPath: path, line: KeyPath(text: path).line(in: root), problem: problem, allowed: allowed)
    }

    func nonNegative(_ value: Double, _ path: String) throws {
        guard value.isFinite, value >= 0 else {
            throw error(path, "the value \(value) is negative or not a number", allowed: "a number >= 0")
        }
    }

    /// Largest unit count accepted anywhere (keeps stock arithmetic far from integer overflow).
    static let maximumUnits = 1_000_000_000_000

    func nonNegative(_ value: Int, _ path: String) throws {
        guard value >= 0, value <= Self.maximumUnits else {
            throw error(path, "the value \(value) is out of range", allowed: "a whole number from 0 to \(Self.maximumUnits)")
        }
    }

    mutating func build(_ raw: ScenarioFile) throws -> Scenario {
        guard !raw.name.isEmpty else { throw error("name", "the name is empty", allowed: "a short name such as quickstart") }
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
        var seen = Set<String>()
        var products: [ProductConfiguration] = []
        var forecastDemands: [ForecastDemandBuilder.Result?] = []
        for (index, product) in raw.products.enumerated() {
            let path = "products[\(index)]"
            guard seen.insert(product.sku).inserted else {
                throw error("\(path).sku", "the SKU '\(product.sku)' appears twice", allowed: "unique SKU codes")
            }
            let (configuration, forecast) = try buildProduct(product, path: path, horizonDays: raw.horizonDays,
                                                             paths: ForecastDemandBuilder.PathPlan(seed: raw.seed ?? 1, replications: replications, sku: index))
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
        for (sku, forecast) in forecastDemands.enumerated() {
            // SKUs with a plain demand law get a forecaster that knows the law: the best forecast there is.
            scenario.forecasters[sku] = forecast?.provider ?? KnownLawForecastProvider(customers: world.products[sku].customers)
            scenario.demandModelNotes[sku] = forecast?.note
            scenario.forecastViews[sku] = forecast?.view
        }
        return scenario
    }

    func buildProduct(_ raw: ProductFile, path: String, horizonDays: Int,
                      paths: ForecastDemandBuilder.PathPlan) throws -> (ProductConfiguration, ForecastDemandBuilder.Result?) {
        guard !raw.sku.isEmpty else { throw error("\(path).sku", "the SKU code is empty", allowed: "a non-empty code") }
        let (sellingPrice, priceLevels) = try prices(raw, path: path)
        let salvage = raw.salvageValuePerUnit ?? 0
        try nonNegative(salvage, "\(path).salvageValuePerUnit")
        try nonNegative(raw.holdingCostPerUnitDay, "\(path).holdingCostPerUnitDay")
        let initial = raw.initialOnHandUnits ?? 0
        try nonNegative(initial, "\(path).initialOnHandUnits")
        let shortage: ShortageTreatment
        switch raw.shortage.type {
        case "backorder":
            guard let cost = raw.shortage.costPerUnitDay else {
                throw error("\(path).shortage", "backorders need 'costPerUnitDay'", allowed: "{type: backorder, costPerUnitDay: 0.5}")
            }
            try nonNegative(cost, "\(path).shortage.costPerUnitDay")
            shortage = .backorder(costPerUnitDay: cost)
        case "lostSales":
            guard let penalty = raw.shortage.penaltyPerUnit else {
                throw error("\(path).shortage", "lost sales need 'penaltyPerUnit'", allowed: "{type: lostSales, penaltyPerUnit: 2}")
            }
            try nonNegative(penalty, "\(path).shortage.penaltyPerUnit")
            shortage = .lostSales(penaltyPerUnit: penalty)
        default:
            throw error("\(path).shortage.type", "unknown shortage type '\(raw.shortage.type)'", allowed: "backorder, lostSales")
        }
        let customers: CustomerModel
        var forecast: ForecastDemandBuilder.Result? = nil
        guard let demandType = raw.demand.type ?? (raw.demand.history != nil ? "forecast" : nil) else {
            throw error("\(path).demand", "the demand has no 'type'",
                        allowed: "type: perDay, poissonArrivals or forecast (or just history: FILE for forecast demand)")
        }
        switch demandType {
        case "forecast":
            let result = try ForecastDemandBuilder(builder: self).build(raw.demand, productSKU: raw.sku, sellingPrice: sellingPrice,
                                                                      path: "\(path).demand", horizonDays: horizonDays, paths: paths)
            customers = result.customers
            forecast = result
        case "perDay":
            guard let law = raw.demand.unitsPerDay else {
                throw error("\(path).demand", "per-day demand needs 'unitsPerDay'", allowed: "{type: perDay, unitsPerDay: {type: poisson, mean: 12}}")
            }
            customers = .perDay(demandUnits: try distribution(law, path: "\(path).demand.unitsPerDay", nonNegative: true))
        case "poissonArrivals":
            guard let rate = raw.demand.customersPerDay else {
                throw error("\(path).demand", "Poisson arrivals need 'customersPerDay'",
                            allowed: "{type: poissonArrivals, customersPerDay: 10, unitsPerCustomer: 1}")
            }
            guard rate.isFinite, rate > 0, rate <= 1e7 else {
                throw error("\(path).demand.customersPerDay", "the arrival rate must be positive and at most 10 million a day",
                            allowed: "a number in (0, 10000000]")
            }
            let size = try raw.demand.unitsPerCustomer.map {
                try distribution($0, path: "\(path).demand.unitsPerCustomer", nonNegative: true)
            } ?? .constant(1)
            customers = .poissonArrivals(customersPerDay: rate, unitsPerCustomer: size)
        default:
            throw error("\(path).demand.type", "unknown demand type '\(demandType)'", allowed: "perDay, poissonArrivals, forecast")
        }
        if !priceLevels.isEmpty, demandType != "forecast" {
            throw error("\(path).priceLevels", "price levels need demand that responds to price, but \(demandType) demand does not",
                        allowed: "demand of type forecast (its price elasticity is estimated from the history, or given as priceElasticity), or no priceLevels")
        }
        // Keeps stock counts far from integer overflow over any horizon the loader accepts.
        guard customers.meanDemandPerDay <= 10_000_000 else {
            throw error("\(path).demand", "mean demand of \(customers.meanDemandPerDay) units a day is too large",
                        allowed: "at most 10,000,000 units a day on average")
        }
        guard (1...64).contains(raw.suppliers.count) else {
            throw error("\(path).suppliers", "the SKU has \(raw.suppliers.count) suppliers",
                        allowed: "1 to 64 suppliers, each with name, leadTimeDays and unitCost")
        }
        var suppliers: [SupplierConfiguration] = []
        var names = Set<String>()
        for (index, supplier) in raw.suppliers.enumerated() {
            let spath = "\(path).suppliers[\(index)]"
            guard names.insert(supplier.name).inserted else {
                throw error("\(spath).name", "the supplier name '\(supplier.name)' is used twice for this SKU", allowed: "unique names")
            }
            let leadTime = try distribution(supplier.leadTimeDays, path: "\(spath).leadTimeDays", nonNegative: true)
            try nonNegative(supplier.unitCost, "\(spath).unitCost")
            let fixed = supplier.fixedCostPerOrder ?? 0
            try nonNegative(fixed, "\(spath).fixedCostPerOrder")
            let minimum = supplier.minimumOrderUnits ?? 0
            try nonNegative(minimum, "\(spath).minimumOrderUnits")
            if let cutoff = supplier.lastOrderDay { try nonNegative(cutoff, "\(spath).lastOrderDay") }
            let multiple = supplier.orderMultipleUnits ?? 1
            guard multiple >= 1, multiple <= Self.maximumUnits else {
                throw error("\(spath).orderMultipleUnits", "the order multiple \(multiple) is out of range",
                            allowed: "a whole number from 1 to \(Self.maximumUnits)")
            }
            suppliers.append(SupplierConfiguration(name: supplier.name, leadTimeDays: leadTime,
                                                   allowsOrderCrossing: supplier.allowsOrderCrossing ?? false,
                                                   unitCost: supplier.unitCost, fixedCostPerOrder: fixed,
                                                   minimumOrderUnits: minimum, orderMultipleUnits: multiple,
                                                   lastOrderDay: supplier.lastOrderDay))
        }
        // Salvage above the purchase price would make buying to salvage a money machine.
        if let cheapest = suppliers.map(\.unitCost).min(), salvage > cheapest {
            throw error("\(path).salvageValuePerUnit", "the salvage value \(salvage) is above the unit cost \(cheapest): buying stock only to salvage it would make money",
                        allowed: "0…\(cheapest) (at most the lowest unit cost)")
        }
        return (ProductConfiguration(sku: raw.sku, sellingPrice: sellingPrice, holdingCostPerUnitDay: raw.holdingCostPerUnitDay,
                                     shortage: shortage, initialOnHandUnits: initial, customers: customers, suppliers: suppliers,
                                     priceLevels: priceLevels, salvageValuePerUnit: salvage),
                forecast)
    }

    /// The starting price and the price levels: `priceLevels` (positive, distinct, full price first) with
    /// `sellingPrice` one of them or, when left out, the first; without levels, `sellingPrice` alone.
    func prices(_ raw: ProductFile, path: String) throws -> (sellingPrice: Double, levels: [Double]) {
        guard let levels = raw.priceLevels else {
            guard let price = raw.sellingPrice else {
                throw error(path, "the product has neither 'sellingPrice' nor 'priceLevels'",
                            allowed: "sellingPrice: 12.5, or priceLevels: [59, 47, 39, 29] (full price first)")
            }
            try nonNegative(price, "\(path).sellingPrice")
            return (price, [])
        }
        guard (1...100).contains(levels.count) else {
            throw error("\(path).priceLevels", "\(levels.count) price levels", allowed: "1 to 100 prices, full price first, e.g. [59, 47, 39, 29]")
        }
        for (index, level) in levels.enumerated() {
            guard level.isFinite, level > 0 else {
                throw error("\(path).priceLevels[\(index)]", "the price level \(level) is not a positive number",
                            allowed: "prices > 0 in currency per unit")
            }
            if let first = levels.firstIndex(of: level), first < index {
                throw error("\(path).priceLevels[\(index)]", "the price level \(level) appears twice (also at position \(first))",
                            allowed: "distinct prices, full price first")
            }
        }
        guard let price = raw.sellingPrice else { return (levels[0], levels) }
        guard levels.contains(price) else {
            throw error("\(path).sellingPrice", "the selling price \(price) is not one of the price levels",
                        allowed: levels.map { "\($0)" }.joined(separator: ", ") + " (or leave sellingPrice out to start at the first level)")
        }
        return (price, levels)
    }

    static let distributionTypes = "poisson (mean), negativeBinomial (mean, dispersion), gamma (mean, sd), lognormal (mean, sd), "
        + "normal (mean, sd; truncated at 0), uniform (low, high), uniformInteger (low, high), empirical (values), constant (value)"

    func distribution(_ raw: DistributionFile, path: String, nonNegative: Bool) throws -> Distribution {
        func need(_ value: Double?, _ key: String) throws -> Double {
            guard let value else {
                throw error(path, "a \(raw.type) distribution needs '\(key)'", allowed: Self.distributionTypes)
            }
            return value
        }
        let law: Distribution
        switch raw.type {
        case "poisson": law = .poisson(mean: try need(raw.mean, "mean"))
        case "negativeBinomial": law = .negativeBinomial(mean: try need(raw.mean, "mean"), dispersion: try need(raw.dispersion, "dispersion"))
        case "gamma": law = .gamma(mean: try need(raw.mean, "mean"), sd: try need(raw.sd, "sd"))
        case "lognormal": law = .lognormal(mean: try need(raw.mean, "mean"), sd: try need(raw.sd, "sd"))
        case "normal": law = .truncatedNormal(mean: try need(raw.mean, "mean"), sd: try need(raw.sd, "sd"))
        case "uniform": law = .uniform(low: try need(raw.low, "low"), high: try need(raw.high, "high"))
        case "uniformInteger":
            let low = try need(raw.low, "low"), high = try need(raw.high, "high")
            guard low == low.rounded(), high == high.rounded(), abs(low) < 1e15, abs(high) < 1e15 else {
                throw error(path, "uniformInteger needs whole-number bounds", allowed: "low and high whole numbers, low <= high")
            }
            law = .uniformInteger(low: Int(low), high: Int(high))
        case "empirical":
            guard let values = raw.values else { throw error(path, "an empirical distribution needs 'values'", allowed: "values: [3, 5, 4, 0, 7]") }
            do { law = .empirical(try Empirical(values: values)) } catch let failure as DistributionError {
                throw error(path, failure.message)
            }
        case "constant": law = .constant(try need(raw.value, "value"))
        default:
            throw error("\(path).type", "unknown distribution '\(raw.type)'", allowed: Self.distributionTypes)
        }
        do { try law.validate() } catch let failure as DistributionError {
            throw error(path, failure.message, allowed: Self.distributionTypes)
        } catch {
            throw self.error(path, "\(error)")
        }
        if nonNegative, !law.isNonNegative {
            throw error(path, "this quantity cannot be negative, but the \(raw.type) distribution allows negative values",
                        allowed: "a distribution on values >= 0")
        }
        return law
    }

    func buildPolicy(_ raw: PolicyFile, path: String, world: WorldConfiguration) throws -> PolicyDefinition {
        // `custom` policies are Swift code (PolicyDefinition.custom), which a scenario file cannot hold.
        guard let kind = PolicyKind(rawValue: raw.type), PolicyKind.scenarioTypes.contains(kind) else {
            let types = PolicyKind.scenarioTypes.map(\.rawValue)
            var problem = "unknown policy type '\(raw.type)'"
            if raw.type == PolicyKind.custom.rawValue {
                problem = "policy type 'custom' is for policies written in Swift (PolicyDefinition.custom, added to the scenario in code); a scenario file cannot name it"
            } else if let near = Spelling.nearest(to: raw.type, in: types) { problem += " (did you mean '\(near)'?)" }
            throw error("\(path).type", problem, allowed: types.joined(separator: ", "))
        }
        let reviewPeriod = raw.reviewPeriodDays ?? 1
        if kind == .periodicOrderUpTo, raw.reviewPeriodDays == nil {
            throw error(path, "periodicOrderUpTo needs 'reviewPeriodDays'", allowed: "a whole number of days >= 1")
        }
        guard reviewPeriod >= 1, reviewPeriod <= 100_000 else {
            throw error("\(path).reviewPeriodDays", "the review period must be 1…100000 days", allowed: "a whole number from 1 to 100000")
        }
        if kind != .periodicOrderUpTo, !kind.usesForecasts, raw.reviewPeriodDays != nil {
            throw error("\(path).reviewPeriodDays", "only periodicOrderUpTo and the forecast-driven policies have their own review period; '\(kind.rawValue)' reviews on the scenario's schedule",
                        allowed: "remove reviewPeriodDays, or set the scenario's review: {type: periodic, everyDays: R}")
        }
        if kind == .periodicOrderUpTo || (kind.usesForecasts && raw.reviewPeriodDays != nil) {
            try checkOnReviewEpochs(reviewPeriod, key: "reviewPeriodDays", kind: kind, path: path, world: world)
        }
        var supplierIndex: [Int] = []
        for (sku, product) in world.products.enumerated() {
            if kind == .dualIndex || kind == .cappedDualIndex {
                guard product.suppliers.count >= 2 else {
                    throw error("products[\(sku)].suppliers", "policy '\(raw.name)' is dual sourcing but SKU '\(product.sku)' has \(product.suppliers.count) supplier",
                                allowed: "two suppliers per SKU (a regular and a faster expedited one)")
                }
            }
            if let name = raw.supplier {
                guard let index = product.suppliers.firstIndex(where: { $0.name == name }) else {
                    throw error("\(path).supplier", "SKU '\(product.sku)' has no supplier named '\(name)'",
                                allowed: product.suppliers.map(\.name).joined(separator: ", "))
                }
                supplierIndex.append(index)
            } else {
                supplierIndex.append(0)
            }
        }
        let skuCodes = world.products.map(\.sku)
        for code in (raw.skus ?? [:]).keys.sorted() where !skuCodes.contains(code) {
            throw error("\(path).skus.\(code)", "no product has the SKU '\(code)'", allowed: skuCodes.joined(separator: ", "))
        }
        var parameters: [SKUPolicyParameters] = []
        for code in skuCodes {
            var values: [PolicyParameter: Int] = [:]
            var optimise: Set<PolicyParameter> = []
            let override = raw.skus?[code]
            for parameter in kind.requiredParameters {
                let value = override?.values[parameter] ?? raw.defaults.values[parameter]
                switch value {
                case .units(let units)?: values[parameter] = units
                case .auto?: optimise.insert(parameter)
                case nil:
                    throw error(path, "policy '\(raw.name)' (\(kind.rawValue)) needs '\(parameter.rawValue)' for SKU '\(code)'",
                                allowed: "a whole number of units or auto, set for all SKUs or under skus.\(code)")
                }
            }
            parameters.append(SKUPolicyParameters(values: values, optimised: optimise))
        }
        if let level = raw.serviceLevel {
            guard kind.usesForecasts else {
                throw error("\(path).serviceLevel", "only the forecast-driven policies (forecastOrderUpTo, markdownRule, markdownSchedule) take a service level",
                            allowed: "remove serviceLevel")
            }
            guard level > 0, level < 1 else {
                throw error("\(path).serviceLevel", "the service level \(level) is not a probability strictly between 0 and 1",
                            allowed: "a number in (0, 1), e.g. 0.95")
            }
        }
        // Default: the newsvendor's critical ratio, shortage cost over shortage + holding cost per day; for a
        // seasonal buy (a supplier with a last order day), margin + penalty over that plus cost − salvage.
        let serviceLevels = world.products.enumerated().map { sku, product -> Double in
            if let level = raw.serviceLevel { return level }
            if product.suppliers.contains(where: { $0.lastOrderDay != nil }) {
                let penalty: Double
                if case .lostSales(let p) = product.shortage { penalty = p } else { penalty = 0 }
                let unitCost = product.suppliers[supplierIndex[sku]].unitCost
                let under = product.sellingPrice + penalty - unitCost, over = unitCost - product.salvageValuePerUnit
                return under > 0 && over > 0 ? min(0.9999, max(0.01, under / (under + over))) : 0.95
            }
            let h = product.holdingCostPerUnitDay
            let b: Double
            switch product.shortage {
            case .backorder(let rate): b = rate
            case .lostSales(let penalty): b = penalty + product.sellingPrice - product.suppliers[0].unitCost
            }
            return b + h > 0 ? min(0.9999, max(0.5, b / (b + h))) : 0.95
        }
        let markdown = try markdownSettings(raw, kind: kind, path: path, world: world)
        var definition = PolicyDefinition(name: raw.name, kind: kind, reviewPeriodDays: reviewPeriod,
                                          supplierIndex: supplierIndex, parameters: parameters, serviceLevels: serviceLevels,
                                          markdown: markdown)
        try loadTrainedPolicies(raw, into: &definition, path: path, world: world)
        try checkParameters(definition, path: path, skuCodes: skuCodes)
        return definition
    }

    /// `trained` policies: loads each SKU's policy file and checks it fits the SKU's training model.
    func loadTrainedPolicies(_ raw: PolicyFile, into definition: inout PolicyDefinition, path: String,
                             world: WorldConfiguration) throws {
        let mentionsFile = raw.defaults.file != nil || (raw.skus ?? [:]).values.contains { $0.file != nil }
        guard definition.kind == .trained else {
            if mentionsFile {
                throw error("\(path).file", "only trained policies read a policy file", allowed: "remove file, or use type: trained")
            }
            return
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        for (sku, product) in world.products.enumerated() {
            let override = raw.skus?[product.sku]
            guard let name = override?.file ?? raw.defaults.file else {
                throw error(path, "trained policy '\(raw.name)' has no policy file for SKU '\(product.sku)'",
                            allowed: "file: PATH (written by `restock train`), for all SKUs or under skus.\(product.sku).file")
            }
            let keyPath = override?.file != nil ? "\(path).skus.\(product.sku).file" : "\(path).file"
            let location = name.hasPrefix("/") ? URL(fileURLWithPath: name) : folder.appendingPathComponent(name)
            guard let loader = registry.fileLoader else {
                throw error(keyPath, "this program cannot load policy files (no loader was handed to the scenario loader)",
                            allowed: "a PolicyRegistry with a file loader (restock and Experiment's PolicyRegistry.standard have one)")
            }
            do {
                let loaded = try loader.load(location, named: name, world: world, skuIndex: sku, supplier: definition.supplierIndex[sku])
                if let warning = loaded.warning { definition.warnings.append(warning) }
                definition.loadedPolicies.append(loaded)
            } catch let failure as PolicyFileError {
                throw error(keyPath, failure.problem.isEmpty ? "the policy file '\(name)' cannot be used" : failure.problem,
                            allowed: failure.allowed)
            } catch {
                throw self.error(keyPath, "the policy file '\(name)' cannot be used: \(error)", allowed: "a file written by `restock train`")
            }
        }
    }

    /// A policy's own period (of orders, or of price reviews) can only fall on the scenario's review epochs:
    /// it needs periodic review (under continuous review it would act after every customer on its days) and
    /// a multiple of the review period.
    func checkOnReviewEpochs(_ days: Int, key: String, kind: PolicyKind, path: String, world: WorldConfiguration) throws {
        switch world.review {
        case .continuous:
            throw error("\(path).type", "\(kind.rawValue) needs periodic review (under continuous review it would act after every customer on its review days)",
                        allowed: "review: {type: periodic, everyDays: E} with \(key) a multiple of E")
        case .periodic(let every) where days % every != 0:
            throw error("\(path).\(key)", "the period of \(days) days is not a multiple of the scenario's review period (\(every) days)",
                        allowed: "a multiple of \(every)")
        default: break
        }
    }

    /// The pricing settings of `markdownRule` and `markdownSchedule`, checked; other families may not set them.
    func markdownSettings(_ raw: PolicyFile, kind: PolicyKind, path: String, world: WorldConfiguration) throws -> MarkdownSettings {
        let ruleKeys: [(String, Bool)] = [("priceReviewDays", raw.priceReviewDays != nil), ("maxWeeksOfCover", raw.maxWeeksOfCover != nil),
                                          ("seasonCoverRatio", raw.seasonCoverRatio != nil)]
        for (key, present) in ruleKeys where present && kind != .markdownRule {
            throw error("\(path).\(key)", "only markdownRule takes '\(key)'; '\(kind.rawValue)' does not", allowed: "remove \(key)")
        }
        if raw.markdownDays != nil, kind != .markdownSchedule {
            throw error("\(path).markdownDays", "only markdownSchedule takes 'markdownDays'; '\(kind.rawValue)' does not", allowed: "remove markdownDays")
        }
        var settings = MarkdownSettings()
        guard kind.setsPrices else { return settings }
        let mostLevels = world.products.map(\.priceLevels.count).max() ?? 0
        guard mostLevels >= 2 else {
            throw error("\(path).type", "policy '\(raw.name)' (\(kind.rawValue)) changes prices, but no product has two or more price levels",
                        allowed: "priceLevels on the product, full price first, e.g. priceLevels: [59, 47, 39, 29]")
        }
        if kind == .markdownRule {
            let every = raw.priceReviewDays ?? 7
            guard (1...100_000).contains(every) else {
                throw error("\(path).priceReviewDays", "the price review period of \(every) days is out of range", allowed: "1…100000 days")
            }
            try checkOnReviewEpochs(every, key: "priceReviewDays", kind: kind, path: path, world: world)
            settings.priceReviewDays = every
            if let weeks = raw.maxWeeksOfCover {
                guard weeks.isFinite, weeks > 0, weeks <= 10_000 else {
                    throw error("\(path).maxWeeksOfCover", "the cover threshold \(weeks) weeks is out of range", allowed: "a number of weeks in (0, 10000]")
                }
                settings.maxWeeksOfCover = weeks
                // With a fixed threshold alone, the season trigger stays at "more than the rest of the season".
            }
            if let ratio = raw.seasonCoverRatio {
                guard ratio.isFinite, ratio > 0, ratio <= 1_000 else {
                    throw error("\(path).seasonCoverRatio", "the season cover ratio \(ratio) is out of range",
                                allowed: "a number in (0, 1000]: 1 cuts when the stock exceeds the forecast demand of the rest of the season")
                }
                settings.seasonCoverRatio = ratio
            }
        } else {
            guard let days = raw.markdownDays, !days.isEmpty else {
                throw error(path, "markdownSchedule needs 'markdownDays', the days on which each markdown starts",
                            allowed: "ascending days within the horizon, e.g. markdownDays: [70, 91, 112]")
            }
            // Days past the horizon simply do not come in this run (e.g. with a shorter --set horizonDays).
            for (index, day) in days.enumerated() {
                guard day >= 1, day <= 10_000_000, index == 0 || day > days[index - 1] else {
                    throw error("\(path).markdownDays[\(index)]", "the markdown day \(day) is not after day 0 and the markdown before it",
                                allowed: "strictly ascending days from 1 (day 0 sells at the starting price), e.g. [70, 91, 112]")
                }
            }
            guard days.count <= mostLevels - 1 else {
                throw error("\(path).markdownDays", "\(days.count) markdowns are listed, but the products have at most \(mostLevels - 1) price levels below full price",
                            allowed: "at most \(mostLevels - 1) days")
            }
            settings.markdownDays = days
        }
        return settings
    }

    /// Relations between parameters (checked again after `auto` has been filled in).
    func checkParameters(_ definition: PolicyDefinition, path: String, skuCodes: [String]) throws {
        for (sku, parameters) in definition.parameters.enumerated() {
            let p = parameters.values
            let code = skuCodes[sku]
            for key in PolicyParameter.allCases {
                guard let value = p[key], value > Self.maximumUnits || value < -Self.maximumUnits else { continue }
                throw error(path, "policy '\(definition.name)' has \(key.rawValue) = \(value) for SKU '\(code)', which is out of range",
                            allowed: "whole numbers of units between -\(Self.maximumUnits) and \(Self.maximumUnits)")
            }
            if let s = p[.reorderPointUnits], let bigS = p[.orderUpToUnits], definition.kind == .sS, s >= bigS {
                throw error(path, "policy '\(definition.name)' has s = \(s) >= S = \(bigS) for SKU '\(code)'",
                            allowed: "reorderPointUnits < orderUpToUnits")
            }
            if let q = p[.orderQuantityUnits], q < 1 {
                throw error(path, "policy '\(definition.name)' has orderQuantityUnits = \(q) for SKU '\(code)'", allowed: "a whole number >= 1")
            }
            if let up = p[.orderUpToUnits], up < 0, definition.kind != .sS {
                throw error(path, "policy '\(definition.name)' has a negative orderUpToUnits for SKU '\(code)'", allowed: "a whole number >= 0")
            }
            if let cap = p[.regularCapUnits], cap < 0 {
                throw error(path, "policy '\(definition.name)' has a negative regularCapUnits for SKU '\(code)'", allowed: "a whole number >= 0")
            }
            if let e = p[.expeditedOrderUpToUnits], let r = p[.regularOrderUpToUnits], e > r {
                throw error(path, "policy '\(definition.name)' has expeditedOrderUpToUnits \(e) > regularOrderUpToUnits \(r) for SKU '\(code)'",
                            allowed: "expeditedOrderUpToUnits <= regularOrderUpToUnits")
            }
        }
    }
}
