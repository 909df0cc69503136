/// The scenario file as written: a one-to-one Codable image of the YAML, before validation.
///
/// Key names carry their units (`horizonDays`, `holdingCostPerUnitDay`, …). See `scenarios/quickstart.yaml`
/// for a commented example and ``ScenarioSchema`` for every allowed key.
struct ScenarioFile: Decodable {
    var name: String
    var description: String?
    var seed: UInt64?
    var horizonDays: Int
    var warmupDays: Int?
    var replications: Int?
    var review: ReviewFile?
    var costAccounting: String?
    var storageCapacityUnits: Int?
    var generator: String?
    var products: [ProductFile]
    var policies: [PolicyFile]
    var workshop: WorkshopFile?
}

/// The `workshop:` section (``WorkshopSettings``).
struct WorkshopFile: Decodable {
    var roundSeconds: Int?
    var missedRound: String?
    var sku: String?
    var replication: Int?
    var maximumOrderUnits: Int?
}

struct ReviewFile: Decodable {
    var type: String
    var everyDays: Int?
}

struct ProductFile: Decodable {
    var sku: String
    /// Required unless `priceLevels` is given (then it defaults to the first level).
    var sellingPrice: Double?
    /// Allowed selling prices, full price first.
    var priceLevels: [Double]?
    /// What a unit left at the end of the horizon fetches.
    var salvageValuePerUnit: Double?
    var holdingCostPerUnitDay: Double
    var shortage: ShortageFile
    var initialOnHandUnits: Int?
    /// Orders placed before day 0: `{units, dueDay, supplier}` (supplier by name; default the first).
    var openOrders: [OpenOrderFile]?
    var demand: DemandFile
    var suppliers: [SupplierFile]
}

struct OpenOrderFile: Decodable {
    var units: Int
    var dueDay: Double
    var supplier: String?
}

struct ShortageFile: Decodable {
    var type: String
    var costPerUnitDay: Double?
    var penaltyPerUnit: Double?
}

struct DemandFile: Decodable {
    /// perDay, poissonArrivals or forecast; may be left out when `history` is given (then forecast).
    var type: String?
    var unitsPerDay: DistributionFile?
    var customersPerDay: Double?
    var unitsPerCustomer: DistributionFile?
    /// `type: forecast`: the sales-history CSV (relative to the scenario file), the SKU in it, the model…
    var history: String?
    var sku: String?
    var model: String?
    var noise: String?
    var priceElasticity: Double?
    var seasonLength: Int?
    /// daily, weekly, monthly or quarterly; `nil` detects it from the history's dates.
    var frequency: String?
    var refreshDays: Int?
    var promotions: [PromotionWindowFile]?
    var promotionLift: Double?
    /// Coefficient of variation of a per-replication level factor on the mean path.
    var levelCV: Double?
    /// `model: global-deepar`: the cap on training epochs (default ``LSTMForecaster/deepAR``'s 200).
    var trainingEpochs: Int?
    /// `model: global-deepar`: epochs of fine-tuning on the last 13 observed periods at each refresh (default 1; 0: none).
    var refreshEpochs: Int?
}

/// A planned promotion in a simulated year: first day (0-based) and length in days.
struct PromotionWindowFile: Decodable {
    var startDay: Int
    var days: Int
}

struct SupplierFile: Decodable {
    var name: String
    var leadTimeDays: DistributionFile
    var unitCost: Double
    var fixedCostPerOrder: Double?
    var minimumOrderUnits: Int?
    var orderMultipleUnits: Int?
    var allowsOrderCrossing: Bool?
    var lastOrderDay: Int?
}

/// A probability law: `{type: poisson, mean: 12}`, or a bare number for a constant.
struct DistributionFile: Decodable {
    var type: String
    var mean: Double?
    var sd: Double?
    var dispersion: Double?
    var low: Double?
    var high: Double?
    var values: [Double]?
    var value: Double?

    enum CodingKeys: String, CodingKey { case type, mean, sd, dispersion, low, high, values, value }

    init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let number = try? single.decode(Double.self) {
            type = "constant"
            value = number
            return
        }
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected a number or a distribution such as {type: poisson, mean: 4}, but found '\(text)'"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        mean = try container.decodeIfPresent(Double.self, forKey: .mean)
        sd = try container.decodeIfPresent(Double.self, forKey: .sd)
        dispersion = try container.decodeIfPresent(Double.self, forKey: .dispersion)
        low = try container.decodeIfPresent(Double.self, forKey: .low)
        high = try container.decodeIfPresent(Double.self, forKey: .high)
        values = try container.decodeIfPresent([Double].self, forKey: .values)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
    }
}

/// A whole number of units, or `auto` for "let the exact optimiser choose".
enum ParameterValue: Decodable, Equatable {
    case units(Int)
    case auto

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .units(number)
        } else if let word = try? container.decode(String.self), word.lowercased() == "auto" {
            self = .auto
        } else {
            throw DecodingError.typeMismatch(
                Int.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a whole number of units or 'auto'"))
        }
    }
}

/// A probability, or `auto` for "tune it by simulation" (a service level has no exact optimiser).
enum LevelValue: Decodable, Equatable {
    case level(Double)
    case auto

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .level(number)
        } else if let word = try? container.decode(String.self), word.lowercased() == "auto" {
            self = .auto
        } else {
            throw DecodingError.typeMismatch(
                Double.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a probability in (0, 1) or 'auto'"))
        }
    }
}

/// Policy parameters (any of ``PolicyParameter``'s keys); the same keys may be overridden per SKU under `skus`.
struct PolicyParametersFile: Decodable {
    var values: [PolicyParameter: ParameterValue] = [:]
    /// Forecast-driven policies: the service level (per SKU under `skus`).
    var serviceLevel: LevelValue?
    /// `trained` policies: the policy file (relative to the scenario file).
    var file: String?

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for parameter in PolicyParameter.allCases {
            if let value = try container.decodeIfPresent(ParameterValue.self, forKey: Key(stringValue: parameter.rawValue)) {
                values[parameter] = value
            }
        }
        file = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "file"))
        serviceLevel = try container.decodeIfPresent(LevelValue.self, forKey: Key(stringValue: "serviceLevel"))
    }
}

struct PolicyFile: Decodable {
    var name: String
    var type: String
    var reviewPeriodDays: Int?
    var supplier: String?
    /// Markdown policies: days between price reviews, the cover thresholds, the calendar of markdowns.
    var priceReviewDays: Int?
    var maxWeeksOfCover: Double?
    var seasonCoverRatio: Double?
    var markdownDays: [Int]?
    /// Parameters shared by all SKUs (written at the policy's top level), with the service level.
    var defaults: PolicyParametersFile
    var skus: [String: PolicyParametersFile]?

    enum CodingKeys: String, CodingKey {
        case name, type, reviewPeriodDays, supplier, priceReviewDays, maxWeeksOfCover, seasonCoverRatio, markdownDays, skus
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(String.self, forKey: .type)
        reviewPeriodDays = try container.decodeIfPresent(Int.self, forKey: .reviewPeriodDays)
        supplier = try container.decodeIfPresent(String.self, forKey: .supplier)
        priceReviewDays = try container.decodeIfPresent(Int.self, forKey: .priceReviewDays)
        maxWeeksOfCover = try container.decodeIfPresent(Double.self, forKey: .maxWeeksOfCover)
        seasonCoverRatio = try container.decodeIfPresent(Double.self, forKey: .seasonCoverRatio)
        markdownDays = try container.decodeIfPresent([Int].self, forKey: .markdownDays)
        skus = try container.decodeIfPresent([String: PolicyParametersFile].self, forKey: .skus)
        defaults = try PolicyParametersFile(from: decoder)
    }
}
