// The stationary single-SKU configuration as the C interface takes it: one JSON object.

import Foundation
import Learning
import Policies
import Stochastics

/// Reads a `StationaryConfiguration` from JSON text; every key is checked (unknown keys are refused,
/// with the allowed ones listed), so a typo never falls back to a default silently.
///
/// ```json
/// {"demand": 5, "leadTimePeriods": 2, "holdingCost": 1, "shortage": "lostSales", "shortageCost": 9,
///  "maxOrderUnits": 20, "episodeLength": 1000, "initialOnHandUnits": 0, "fixedOrderCost": 0,
///  "unitOrderCost": 0, "priceLevels": [{"price": 10, "demand": 5}], "rewardScale": 1}
/// ```
/// `demand` is a Poisson mean (units per period) or a list of probabilities of 0, 1, 2, … units.
enum StationaryJSON {
    static let allowedKeys = ["demand", "leadTimePeriods", "holdingCost", "shortage", "shortageCost", "maxOrderUnits",
                              "episodeLength", "initialOnHandUnits", "fixedOrderCost", "unitOrderCost", "priceLevels",
                              "rewardScale"]

    static func parse(_ text: String) throws -> StationaryConfiguration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw CFailure.input("configuration: not valid JSON (\(error.localizedDescription)).")
        }
        guard let root = object as? [String: Any] else { throw CFailure.input("configuration: a JSON object is required.") }
        for key in root.keys.sorted() where !allowedKeys.contains(key) {
            throw CFailure.input("configuration: unknown key '\(key)'. Allowed: \(allowedKeys.joined(separator: ", ")).")
        }
        let demand = try demandLaw(root["demand"], key: "demand")
        let lead = try integer(root, "leadTimePeriods", default: 0)
        let holding = try number(root, "holdingCost", default: 1)
        let shortageCost = try number(root, "shortageCost", default: 9)
        let shortage: ShortageRule
        switch root["shortage"] {
        case nil, "lostSales" as String: shortage = .lostSales(penaltyPerUnit: shortageCost)
        case "backorders" as String: shortage = .backorders(costPerUnitDay: shortageCost)
        case let other?: throw CFailure.input("configuration.shortage: '\(other)' is not allowed. Allowed: \"lostSales\", \"backorders\".")
        }
        var configuration = StationaryConfiguration(
            demand: demand, leadTimePeriods: lead, holdingCost: holding, shortage: shortage,
            maxOrderUnits: try integer(root, "maxOrderUnits", default: 20), episodeLength: try integer(root, "episodeLength", default: 1000),
            initialOnHandUnits: try integer(root, "initialOnHandUnits", default: 0),
            fixedOrderCost: try number(root, "fixedOrderCost", default: 0))
        configuration.unitOrderCost = try number(root, "unitOrderCost", default: 0)
        switch root["rewardScale"] {
        case nil: configuration.rewardNormalization = .none
        case "meanShortageCost" as String: configuration.rewardNormalization = .meanShortageCost
        case let value as NSNumber where !isBoolean(value) && value.doubleValue.isFinite && value.doubleValue > 0:
            configuration.rewardNormalization = .divide(by: value.doubleValue)
        case let other?: throw CFailure.input("configuration.rewardScale: \(other) is not allowed. Allowed: a number > 0, or \"meanShortageCost\".")
        }
        if let levels = root["priceLevels"] {
            guard let list = levels as? [Any] else { throw CFailure.input("configuration.priceLevels: a list of objects is required.") }
            configuration.priceLevels = try list.enumerated().map { k, entry in
                guard let level = entry as? [String: Any] else {
                    throw CFailure.input("configuration.priceLevels[\(k)]: an object {\"price\", \"demand\", \"revenuePerUnit\"} is required.")
                }
                for key in level.keys.sorted() where !["price", "demand", "revenuePerUnit"].contains(key) {
                    throw CFailure.input("configuration.priceLevels[\(k)]: unknown key '\(key)'. Allowed: price, demand, revenuePerUnit.")
                }
                let price = try number(level, "price", default: nil, path: "priceLevels[\(k)].")
                let revenue = level["revenuePerUnit"] == nil ? nil : try number(level, "revenuePerUnit", default: nil, path: "priceLevels[\(k)].")
                return .init(price: price, demand: try demandLaw(level["demand"], key: "priceLevels[\(k)].demand"), revenuePerUnit: revenue)
            }
        }
        do {
            try configuration.validate()
            for law in configuration.demandLaws { _ = try law.resolved() }
        } catch let error as EnvironmentError {
            throw CFailure.input("configuration: \(error.message)")
        }
        return configuration
    }

    static func demandLaw(_ value: Any?, key: String) throws -> StationaryDemand {
        switch value {
        case nil: return .poisson(mean: 5)
        case let number as NSNumber where !isBoolean(number):
            let mean = number.doubleValue
            guard mean.isFinite, mean >= 0, mean <= 1e6 else {
                throw CFailure.input("configuration.\(key): a Poisson mean must be finite and in 0...1000000 units per period, got \(mean).")
            }
            return .poisson(mean: mean)
        case let list as [Any]:
            let values = try list.enumerated().map { i, entry -> Double in
                guard let number = entry as? NSNumber, !isBoolean(number), number.doubleValue.isFinite, number.doubleValue >= 0 else {
                    throw CFailure.input("configuration.\(key)[\(i)]: a probability (a finite number >= 0) is required.")
                }
                return number.doubleValue
            }
            do {
                return .pmf(try DiscretePMF(probabilities: values))
            } catch {
                throw CFailure.input("configuration.\(key): \(error)")
            }
        default:
            throw CFailure.input("configuration.\(key): a Poisson mean (number) or a list of probabilities of 0, 1, 2, … units is required.")
        }
    }

    /// Whether a parsed JSON number is `true` or `false` (an NSNumber of 0 or 1 also casts to Bool, so
    /// `is Bool` cannot tell; JSONSerialization gives booleans the type code "c").
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    static func number(_ object: [String: Any], _ key: String, default fallback: Double?, path: String = "") throws -> Double {
        guard let value = object[key] else {
            if let fallback { return fallback }
            throw CFailure.input("configuration.\(path)\(key) is required.")
        }
        guard let number = value as? NSNumber, !isBoolean(number), number.doubleValue.isFinite else {
            throw CFailure.input("configuration.\(path)\(key): a finite number is required, got \(value).")
        }
        return number.doubleValue
    }

    static func integer(_ object: [String: Any], _ key: String, default fallback: Int) throws -> Int {
        guard let value = object[key] else { return fallback }
        guard let number = value as? NSNumber, !isBoolean(number), number.doubleValue.isFinite,
              number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) <= 1e12 else {
            throw CFailure.input("configuration.\(key): a whole number is required, got \(value).")
        }
        return Int(number.doubleValue)
    }
}
