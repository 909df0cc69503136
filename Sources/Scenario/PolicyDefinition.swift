import Policies
import Simulation
import Stochastics

/// The policy families: those a scenario can name in `policies[].type` (``scenarioTypes``), and `custom`
/// for a library user's own policy.
public enum PolicyKind: String, CaseIterable, Sendable {
    /// Order-up-to S on the inventory position at every review (`orderUpToUnits`).
    case baseStock
    /// (s,S) (`reorderPointUnits`, `orderUpToUnits`).
    case sS
    /// (s,Q)/(R,Q) (`reorderPointUnits`, `orderQuantityUnits`).
    case sQ
    /// Periodic (R,S) (`reviewPeriodDays`, `orderUpToUnits`).
    case periodicOrderUpTo
    /// Dual-index dual sourcing (`expeditedOrderUpToUnits`, `regularOrderUpToUnits`).
    case dualIndex
    /// Capped dual-index (as dualIndex plus `regularCapUnits`).
    case cappedDualIndex
    /// Order up to a quantile of the forecast demand over lead time + review period (`serviceLevel`).
    case forecastOrderUpTo
    /// Order as forecastOrderUpTo, and cut the price one level when the weeks of cover exceed a threshold
    /// (`priceReviewDays`, `maxWeeksOfCover`, `seasonCoverRatio`).
    case markdownRule
    /// Order as forecastOrderUpTo, and cut the price one level on each of the `markdownDays`.
    case markdownSchedule
    /// A one-buy season's approximately Bayes-optimal buy and prices (``Policies/BayesMarkdownPolicy``):
    /// learns the season's level from the sales, and prices every `priceReviewDays` (default 7).
    case bayesMarkdown
    /// A policy trained by `restock train` and saved to a file (`file`, per SKU under `skus`).
    case trained
    /// A library user's own ``Policies/Policy``, made by a factory in Swift (``PolicyDefinition/custom(name:readsForecasts:make:)``).
    /// Not a scenario file type: YAML cannot hold code, so `type: custom` is refused.
    case custom

    /// The families a scenario file may name in `type:` (every kind but `custom`).
    public static var scenarioTypes: [PolicyKind] { allCases.filter { $0 != .custom } }

    /// Whether the policy reads the demand forecast (the world then runs the SKUs' forecasters).
    public var usesForecasts: Bool { self == .forecastOrderUpTo || self == .markdownRule || self == .markdownSchedule }

    /// Whether the policy changes the selling price (it needs price levels).
    public var setsPrices: Bool { self == .markdownRule || self == .markdownSchedule || self == .bayesMarkdown }

    /// Parameter keys the family needs.
    public var requiredParameters: [PolicyParameter] {
        switch self {
        case .baseStock, .periodicOrderUpTo: return [.orderUpToUnits]
        case .sS: return [.reorderPointUnits, .orderUpToUnits]
        case .sQ: return [.reorderPointUnits, .orderQuantityUnits]
        case .dualIndex: return [.expeditedOrderUpToUnits, .regularOrderUpToUnits]
        case .cappedDualIndex: return [.expeditedOrderUpToUnits, .regularOrderUpToUnits, .regularCapUnits]
        case .forecastOrderUpTo, .trained, .markdownRule, .markdownSchedule, .bayesMarkdown, .custom: return []
        }
    }
}

/// A numeric policy parameter, in units.
public enum PolicyParameter: String, CaseIterable, Sendable {
    case orderUpToUnits, reorderPointUnits, orderQuantityUnits, expeditedOrderUpToUnits, regularOrderUpToUnits, regularCapUnits
}

/// One SKU's resolved parameters and where each came from.
public struct SKUPolicyParameters: Sendable, Equatable {
    /// Parameter values in units.
    public var values: [PolicyParameter: Int]
    /// Parameters that were `auto` and filled in by an optimiser (exact or not: see `restock optimize`'s labels).
    public var optimised: Set<PolicyParameter>
    /// What the optimiser reported (e.g. its expected cost per day), for `restock optimize`.
    public var notes: [String]

    /// Creates parameters.
    public init(values: [PolicyParameter: Int] = [:], optimised: Set<PolicyParameter> = [], notes: [String] = []) {
        self.values = values
        self.optimised = optimised
        self.notes = notes
    }
}

/// The pricing settings of the markdown policies.
public struct MarkdownSettings: Sendable, Equatable {
    /// `markdownRule`: days between price reviews.
    public var priceReviewDays: Int
    /// `markdownRule`: fixed cover threshold in weeks (`.infinity`: none).
    public var maxWeeksOfCover: Double
    /// `markdownRule`: threshold as a multiple of the weeks left in the season (`.infinity`: none).
    public var seasonCoverRatio: Double
    /// `markdownSchedule`: the days on which each markdown starts, ascending.
    public var markdownDays: [Int]

    /// Creates settings (the defaults are those of ``MarkdownRulePolicy``).
    public init(priceReviewDays: Int = 7, maxWeeksOfCover: Double = .infinity, seasonCoverRatio: Double = 1, markdownDays: [Int] = []) {
        self.priceReviewDays = priceReviewDays
        self.maxWeeksOfCover = maxWeeksOfCover
        self.seasonCoverRatio = seasonCoverRatio
        self.markdownDays = markdownDays
    }
}

/// A named policy alternative of a scenario, resolved for every SKU.
public struct PolicyDefinition: Sendable {
    /// Name shown in reports.
    public var name: String
    /// Family.
    public var kind: PolicyKind
    /// Days between orders for `periodicOrderUpTo`.
    public var reviewPeriodDays: Int
    /// Per SKU: the supplier index orders go to (single-sourcing families).
    public var supplierIndex: [Int]
    /// Per SKU: resolved parameters.
    public var parameters: [SKUPolicyParameters]
    /// Per SKU: the service level of forecast-driven policies (probability of covering the protection interval).
    public var serviceLevels: [Double]
    /// Pricing of the markdown policies.
    public var markdown: MarkdownSettings
    /// Per SKU: the policy loaded from a `trained` policy's file (through ``PolicyRegistry``).
    public var loadedPolicies: [LoadedPolicy] = []
    /// Per SKU: the learning curve stored in a `trained` policy's file (empty when it has none).
    public var learningCurves: [[LearningCurvePoint]] { loadedPolicies.map(\.learningCurve) }
    /// Warnings found while loading (e.g. a policy file trained on other parameters), for the run's output.
    public var warnings: [String] = []
    /// The policy's `tune:` map: the range each parameter is searched in by `restock tune` (parameters
    /// without one get a range derived from the SKU's demand).
    public var tuningRanges: [TunableParameter: TuningRange] = [:]
    /// Numbers written `auto` that no exact optimiser computes (dual index, (s,S) and (s,Q) under lost
    /// sales, random lead times, forecast demand, `serviceLevel: auto`), when the scenario was loaded with
    /// `searchAuto`: they hold a rough starting value and must be tuned by simulation before the policy
    /// runs (Experiment's `PolicyTuner`). Empty otherwise.
    public var autoSearch: [TuningCoordinate] = []
    /// For `bayesMarkdown`: the programs of its SKUs, solved on first use and shared by every replication.
    public var bayesMarkdownPlans: BayesMarkdownPlans?
    /// For `custom`: the factory of the user's policies and whether they read forecasts (nil for the other kinds).
    public private(set) var customFactory: CustomPolicyFactory?

    /// Creates a definition.
    public init(name: String, kind: PolicyKind, reviewPeriodDays: Int = 1, supplierIndex: [Int],
                parameters: [SKUPolicyParameters], serviceLevels: [Double] = [], markdown: MarkdownSettings = MarkdownSettings()) {
        self.name = name
        self.kind = kind
        self.reviewPeriodDays = reviewPeriodDays
        self.supplierIndex = supplierIndex
        self.parameters = parameters
        self.serviceLevels = serviceLevels
        self.markdown = markdown
    }

    /// Whether the policy reads demand forecasts (the world then runs the SKUs' forecasters): the
    /// forecast-driven families, and trained policies that read the simulator's observation.
    public var usesForecasts: Bool {
        kind.usesForecasts || loadedPolicies.contains { $0.readsForecasts } || customFactory?.readsForecasts == true
    }

    /// A library user's own policy, run, compared and reported like the built-in families (common random
    /// numbers, statistics, CSVs and the HTML report). Add it to a scenario's `policies`, or hand it to
    /// ``ExperimentRunner``'s `run(_:adding:)`.
    /// - Parameters:
    ///   - name: name shown in reports (unique within the scenario).
    ///   - readsForecasts: whether the policies read `Observation.forecast` (the world then runs the SKUs'
    ///     forecasters); policies that do not are also evaluated exactly by ``ExactSolver``.
    ///   - make: fresh policies, one per SKU in product order, for one replication; called once per
    ///     replication (and from worker threads), so stateful policies start afresh each time.
    /// - Returns: the definition.
    public static func custom(name: String, readsForecasts: Bool = false,
                              make: @escaping @Sendable (WorldConfiguration) -> [any Policy]) -> PolicyDefinition {
        var definition = PolicyDefinition(name: name, kind: .custom, supplierIndex: [], parameters: [])
        definition.customFactory = CustomPolicyFactory(readsForecasts: readsForecasts, make: make)
        return definition
    }

    /// Fresh policy objects, one per SKU, for one replication.
    /// - Parameters:
    ///   - world: the world the policies act in (supplier lead times for dual sourcing).
    ///   - skus: only these SKUs of `world` (increasing indices), for a run split by SKU; nil for all.
    /// - Returns: policies in product order (of `skus` when given).
    public func makePolicies(for world: WorldConfiguration, skus: [Int]? = nil) -> [any Policy] {
        if kind == .custom {
            guard let factory = customFactory else {
                preconditionFailure("custom policy '\(name)' has no factory: create it with PolicyDefinition.custom(name:readsForecasts:make:)")
            }
            let policies = factory.make(world)
            precondition(policies.count == world.products.count,
                         "custom policy '\(name)' made \(policies.count) policies for \(world.products.count) SKUs (one per SKU, in product order)")
            return skus.map { $0.map { policies[$0] } } ?? policies
        }
        return (skus ?? Array(world.products.indices)).map { makePolicy(sku: $0, world: world) }
    }

    /// The policy of SKU `sku` of `world` (not `custom`, whose factory makes all SKUs' at once).
    func makePolicy(sku: Int, world: WorldConfiguration) -> any Policy {
        let p = parameters[sku].values
        let supplier = supplierIndex[sku]
        switch kind {
        case .baseStock:
            return BaseStockPolicy(orderUpToUnits: p[.orderUpToUnits] ?? 0, supplier: supplier)
        case .sS:
            return SSPolicy(reorderPointUnits: p[.reorderPointUnits] ?? 0, orderUpToUnits: p[.orderUpToUnits] ?? 0,
                            supplier: supplier)
        case .sQ:
            return ReorderPointQuantityPolicy(reorderPointUnits: p[.reorderPointUnits] ?? 0,
                                              orderQuantityUnits: p[.orderQuantityUnits] ?? 1, supplier: supplier)
        case .periodicOrderUpTo:
            return PeriodicOrderUpToPolicy(reviewPeriodDays: reviewPeriodDays,
                                           orderUpToUnits: p[.orderUpToUnits] ?? 0, supplier: supplier)
        case .forecastOrderUpTo:
            return forecastOrdering(sku: sku, world: world)
        case .markdownRule:
            return MarkdownRulePolicy(ordering: forecastOrdering(sku: sku, world: world), priceReviewDays: markdown.priceReviewDays,
                                      maxWeeksOfCover: markdown.maxWeeksOfCover, seasonCoverRatio: markdown.seasonCoverRatio)
        case .markdownSchedule:
            return ScheduledMarkdownPolicy(ordering: forecastOrdering(sku: sku, world: world), markdownDays: markdown.markdownDays)
        case .bayesMarkdown:
            // The build checked that every SKU's program can be solved; should it fail all the same, the
            // policy of that SKU buys nothing and keeps the price (BayesMarkdownPlans.failures says why).
            guard let plan = bayesMarkdownPlans?.plan(sku: sku) else { return BaseStockPolicy(orderUpToUnits: 0, supplier: supplier) }
            return BayesMarkdownPolicy(plan: plan, supplier: supplier)
        case .trained:
            return loadedPolicies[sku].policy
        case .custom:
            preconditionFailure("custom policies are made by their factory")
        case .dualIndex, .cappedDualIndex:
            let roles = DualSourcingRoles(world.products[sku].suppliers)
            return DualIndexPolicy(expeditedOrderUpToUnits: p[.expeditedOrderUpToUnits] ?? 0,
                                   regularOrderUpToUnits: p[.regularOrderUpToUnits] ?? 0,
                                   regularCapUnits: kind == .cappedDualIndex ? p[.regularCapUnits] : nil,
                                   regularSupplier: roles.regular, expeditedSupplier: roles.expedited,
                                   expeditedLeadTimeDays: roles.expeditedLeadTimeDays)
        }
    }
}

/// How a `custom` policy is made: see ``PolicyDefinition/custom(name:readsForecasts:make:)``.
public struct CustomPolicyFactory: Sendable {
    /// Whether the policies read `Observation.forecast`.
    public var readsForecasts: Bool
    /// Fresh policies, one per SKU in product order, for one replication.
    public var make: @Sendable (WorldConfiguration) -> [any Policy]

    /// Creates a factory.
    public init(readsForecasts: Bool = false, make: @escaping @Sendable (WorldConfiguration) -> [any Policy]) {
        self.readsForecasts = readsForecasts
        self.make = make
    }
}

extension PolicyDefinition {
    /// The forecast order-up-to rule of SKU `sku`: the ordering of every forecast-driven family.
    func forecastOrdering(sku: Int, world: WorldConfiguration) -> ForecastOrderUpToPolicy {
        let supplier = supplierIndex[sku]
        let lead = world.products[sku].suppliers[supplier].leadTimeDays.mean
        return ForecastOrderUpToPolicy(serviceLevel: sku < serviceLevels.count ? serviceLevels[sku] : 0.95,
                                       leadTimeDays: Int(min(lead, 100_000).rounded(.up)),
                                       reviewPeriodDays: reviewPeriodDays, supplier: supplier)
    }
}

/// Which supplier is the fast one: the one with the shorter mean lead time (ties: the later one in the list).
struct DualSourcingRoles {
    var regular: Int
    var expedited: Int
    var expeditedLeadTimeDays: Double

    init(_ suppliers: [SupplierConfiguration]) {
        let byLeadTime = suppliers.indices.sorted { suppliers[$0].leadTimeDays.mean > suppliers[$1].leadTimeDays.mean }
        regular = byLeadTime.first ?? 0
        expedited = byLeadTime.count > 1 ? byLeadTime[byLeadTime.count - 1] : regular
        expeditedLeadTimeDays = suppliers.isEmpty ? 0 : suppliers[expedited].leadTimeDays.mean
    }
}
