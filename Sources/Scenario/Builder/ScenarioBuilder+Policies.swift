// ScenarioBuilder: policy definitions, their parameters, the default service level and trained policy files.
import Foundation
import Policies
import Simulation

extension ScenarioBuilder {
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
        try checkServiceLevels(raw, kind: kind, path: path)
        let serviceLevels = self.serviceLevels(raw, world: world, supplierIndex: supplierIndex)
        let markdown = try markdownSettings(raw, kind: kind, path: path, world: world)
        var definition = PolicyDefinition(name: raw.name, kind: kind, reviewPeriodDays: reviewPeriod,
                                          supplierIndex: supplierIndex, parameters: parameters, serviceLevels: serviceLevels,
                                          markdown: markdown)
        for (sku, code) in skuCodes.enumerated() where (raw.skus?[code]?.serviceLevel ?? raw.defaults.serviceLevel) == .auto {
            definition.autoSearch.append(TuningCoordinate(.serviceLevel, sku: sku))
        }
        try loadTrainedPolicies(raw, into: &definition, path: path, world: world)
        definition.tuningRanges = try tuningRanges(path: path, definition: definition, world: world)
        if kind == .bayesMarkdown {
            definition.bayesMarkdownPlans = try bayesMarkdownPlans(raw, path: path, world: world, settings: markdown)
        }
        try checkParameters(definition, path: path, skuCodes: skuCodes)
        return definition
    }

    /// `bayesMarkdown`: every SKU must be a one-buy markdown season (``MarkdownSeasonModel/init(world:skuIndex:)``);
    /// the prior is its demand's level factor (lognormal, mean 1, the product's `levelCV`). The programs are
    /// solved on first use; here the widest day (lowest price, highest prior level) is checked to tabulate.
    func bayesMarkdownPlans(_ raw: PolicyFile, path: String, world: WorldConfiguration,
                            settings markdown: MarkdownSettings) throws -> BayesMarkdownPlans {
        let settings = BayesMarkdownSettings(epochDays: markdown.priceReviewDays)
        var models: [MarkdownSeasonModel] = []
        var priors: [LevelPrior] = []
        for (sku, product) in world.products.enumerated() {
            let model: MarkdownSeasonModel, prior: LevelPrior
            let oneBuy = "a one-buy season: demand type forecast, lost sales, price levels, suppliers with leadTimeDays: 0 and lastOrderDay: 0"
            do {
                model = try MarkdownSeasonModel(world: world, skuIndex: sku)
                prior = try LevelPrior.lognormal(coefficientOfVariation: sku < levelCVs.count ? levelCVs[sku] : 0,
                                                 nodes: settings.priorLevels)
            } catch {
                throw self.error("\(path).type", "policy '\(raw.name)' (bayesMarkdown) cannot price SKU '\(product.sku)': \(error)", allowed: oneBuy)
            }
            do {
                try BayesMarkdownDP.checkSize(model, settings: settings, prior: prior)
            } catch {
                let allowed = error is MarkdownModelError
                    ? "horizonDays / priceReviewDays at most \(BayesMarkdownDP.maximumEpochs), demand tables of at most "
                        + "\(BayesMarkdownDP.maximumTableEntries) entries"
                    : oneBuy
                throw self.error("\(path).type", "policy '\(raw.name)' (bayesMarkdown) cannot price SKU '\(product.sku)': \(error)", allowed: allowed)
            }
            models.append(model)
            priors.append(prior)
        }
        return BayesMarkdownPlans(models: models, priors: priors, settings: settings)
    }

    /// The service level of each SKU: the policy's own, or by default the newsvendor's critical ratio,
    /// shortage cost over shortage + holding cost per day; for a seasonal buy (a supplier with a last
    /// order day), margin + penalty over that plus cost − salvage.
    /// A SKU's `serviceLevel` (under `skus`) wins over the policy's; `auto` starts from the default and is
    /// tuned by simulation (``PolicyDefinition/autoSearch``).
    func serviceLevels(_ raw: PolicyFile, world: WorldConfiguration, supplierIndex: [Int]) -> [Double] {
        world.products.enumerated().map { sku, product -> Double in
            if case .level(let level)? = raw.skus?[product.sku]?.serviceLevel ?? raw.defaults.serviceLevel { return level }
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
            case .backorders(let rate): b = rate
            case .lostSales(let penalty): b = penalty + product.sellingPrice - product.suppliers[0].unitCost
            }
            return b + h > 0 ? min(0.9999, max(0.5, b / (b + h))) : 0.95
        }
    }

    /// The policy's `serviceLevel` and its SKUs': only the forecast-driven families take one, a probability or `auto`.
    func checkServiceLevels(_ raw: PolicyFile, kind: PolicyKind, path: String) throws {
        var given: [(String, LevelValue)] = raw.defaults.serviceLevel.map { [("\(path).serviceLevel", $0)] } ?? []
        for code in (raw.skus ?? [:]).keys.sorted() {
            if let level = raw.skus?[code]?.serviceLevel { given.append(("\(path).skus.\(code).serviceLevel", level)) }
        }
        for (keyPath, level) in given {
            guard kind.usesForecasts else {
                throw error(keyPath, "only the forecast-driven policies (forecastOrderUpTo, markdownRule, markdownSchedule) take a service level",
                            allowed: "remove serviceLevel")
            }
            if case .level(let value) = level, !(value > 0 && value < 1) {
                throw error(keyPath, "the service level \(value) is not a probability strictly between 0 and 1",
                            allowed: "a number in (0, 1), e.g. 0.95, or auto (tuned by simulation in restock run and restock tune)")
            }
        }
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
