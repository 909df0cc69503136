import Policies
import Scenario
import Simulation

/// Why a scenario cannot be played as a workshop game.
public struct WorkshopError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to change.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The game a scenario makes: which SKU the teams play, how many rounds, which replication (so which
/// demand), and the settings of the `workshop:` section. Every team's world and every policy's run in
/// the debrief is made here, so they all face the same demand (common random numbers: the same seed,
/// replication and purpose).
public struct GameDefinition: Sendable {
    /// The scenario as loaded (every `auto` resolved).
    public let scenario: Scenario
    /// The `workshop:` settings (defaults when the file has none).
    public let settings: WorkshopSettings
    /// Days between decisions: the scenario's review period.
    public let roundDays: Int
    /// Rounds in the game: the reviews within the horizon.
    public let rounds: Int

    /// The most rounds a game may have (a class plays tens, not thousands).
    public static let maximumRounds = 200

    /// Checks that the scenario can be played.
    /// - Parameter scenario: a loaded scenario.
    /// - Throws: ``WorkshopError`` for continuous review, too many rounds, a warm-up, or a played SKU whose
    ///   first supplier is missing.
    public init(scenario: Scenario) throws {
        let settings = scenario.workshop ?? WorkshopSettings()
        guard case .periodic(let every) = scenario.world.review else {
            throw WorkshopError("\(scenario.sourcePath): a workshop plays one round per review, so the scenario needs periodic review. Allowed: review: {type: periodic, everyDays: N}.")
        }
        let rounds = (scenario.world.horizonDays + every - 1) / every
        guard rounds <= Self.maximumRounds else {
            throw WorkshopError("\(scenario.sourcePath): \(rounds) rounds (horizonDays \(scenario.world.horizonDays) / review every \(every) days) is too many for a class. Allowed: at most \(Self.maximumRounds) rounds (shorten horizonDays or review less often).")
        }
        guard scenario.world.warmupDays == 0 else {
            throw WorkshopError("\(scenario.sourcePath): a workshop counts every round, so warmupDays must be 0 (it is \(scenario.world.warmupDays)). Allowed: warmupDays: 0.")
        }
        guard settings.skuIndex < scenario.world.products.count else {
            throw WorkshopError("\(scenario.sourcePath): workshop.sku is not a SKU of the scenario.")
        }
        self.scenario = scenario
        self.settings = settings
        self.roundDays = every
        self.rounds = rounds
    }

    /// The played SKU's configuration.
    public var product: ProductConfiguration { scenario.world.products[settings.skuIndex] }

    /// A fresh world at day 0 for one player (a team or a policy), on the game's replication.
    /// - Parameter showForecasts: run the scenario's forecasters so the observations carry forecasts
    ///   (teams see them; a policy gets them only when it reads them, as in `restock run`).
    /// - Returns: the world, stopped before the first decision.
    public func makeWorld(showForecasts: Bool = true) -> PlayedWorld {
        let others: [any Policy] = scenario.world.products.count == 1 ? [] : scenario.policies[0].makePolicies(for: scenario.world)
        let stepper = WorldStepper(configuration: scenario.world, controlledSKU: settings.skuIndex, otherPolicies: others,
                                   replication: settings.replication, purpose: .report, seed: scenario.seed,
                                   generator: scenario.generator, forecasters: showForecasts ? scenario.forecasters : [])
        return PlayedWorld(stepper: stepper, definition: self)
    }

    /// The action a decision stands for: its units from the SKU's first supplier and, with price levels,
    /// the price of the chosen level.
    public func action(for decision: Decision) -> Action {
        var action = Action.order(decision.orderUnits, from: 0)
        let levels = product.priceLevels
        if let level = decision.priceLevel, levels.indices.contains(level) { action.price = levels[level] }
        return action
    }
}
