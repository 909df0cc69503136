// ScenarioBuilder: products, with their shortage rule, customers (demand) and suppliers.
import Policies
import Simulation
import Stochastics

extension ScenarioBuilder {
    func buildProduct(_ raw: ProductFile, path: String, horizonDays: Int,
                      paths: ForecastDemandBuilder.PathPlan) throws -> (ProductConfiguration, ForecastDemandBuilder.Result?) {
        guard !raw.sku.isEmpty else { throw error("\(path).sku", "the SKU code is empty", allowed: "a non-empty code") }
        let (sellingPrice, priceLevels) = try prices(raw, path: path)
        let salvage = raw.salvageValuePerUnit ?? 0
        try nonNegative(salvage, "\(path).salvageValuePerUnit")
        try nonNegative(raw.holdingCostPerUnitDay, "\(path).holdingCostPerUnitDay")
        let initial = raw.initialOnHandUnits ?? 0
        try nonNegative(initial, "\(path).initialOnHandUnits")
        let shortage: ShortageRule
        switch raw.shortage.type {
        case "backorder":
            guard let cost = raw.shortage.costPerUnitDay else {
                throw error("\(path).shortage", "backorders need 'costPerUnitDay'", allowed: "{type: backorder, costPerUnitDay: 0.5}")
            }
            try nonNegative(cost, "\(path).shortage.costPerUnitDay")
            shortage = .backorders(costPerUnitDay: cost)
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
            // Ten years: far beyond any supplier, and it keeps pipelines and protection intervals bounded.
            guard leadTime.mean.isFinite, leadTime.mean <= 3650 else {
                throw error("\(spath).leadTimeDays", "the mean lead time of \(leadTime.mean) days is out of range",
                            allowed: "a lead time from 0 to 3650 days (its mean, for a distribution)")
            }
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
        var product = ProductConfiguration(sku: raw.sku, sellingPrice: sellingPrice, holdingCostPerUnitDay: raw.holdingCostPerUnitDay,
                                           shortage: shortage, initialOnHandUnits: initial, customers: customers, suppliers: suppliers,
                                           priceLevels: priceLevels, salvageValuePerUnit: salvage)
        for (index, order) in (raw.openOrders ?? []).enumerated() {
            let opath = "\(path).openOrders[\(index)]"
            let supplier: Int
            if let name = order.supplier {
                guard let found = suppliers.firstIndex(where: { $0.name == name }) else {
                    throw error("\(opath).supplier", "no supplier of this SKU is named '\(name)'",
                                allowed: suppliers.map(\.name).joined(separator: ", "))
                }
                supplier = found
            } else {
                supplier = 0
            }
            guard order.units >= 1, order.units <= Self.maximumUnits else {
                throw error("\(opath).units", "\(order.units) units is out of range", allowed: "1 to \(Self.maximumUnits) units")
            }
            guard order.dueDay.isFinite, order.dueDay >= 0, order.dueDay <= Double(horizonDays) + 3650 else {
                throw error("\(opath).dueDay", "the due day \(order.dueDay) is out of range",
                            allowed: "a day of the run from 0 (today) on, at most 3650 days past the horizon")
            }
            product.openOrders.append(PipelineOrder(supplier: supplier, quantityUnits: order.units, dueDay: order.dueDay))
        }
        return (product, forecast)
    }
}
