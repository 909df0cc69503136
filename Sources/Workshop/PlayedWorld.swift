import Policies
import Simulation

/// One round of one player (a team or a policy): the state it decided on, what it decided, and what
/// happened until the next decision.
public struct RoundRecord: Sendable, Equatable {
    /// Round number, from 1.
    public var round: Int
    /// Day of the decision (the round's first day).
    public var day: Int
    /// Units on the shelf when deciding (after the day's receipts).
    public var onHandUnits: Int
    /// Customers' units waiting (backorders) when deciding.
    public var backorderedUnits: Int
    /// Units on order when deciding (before this round's order).
    public var onOrderUnits: Int
    /// Units ordered this round (as decided; the supplier may round it up to its minimum or multiple).
    public var orderUnits: Int
    /// Selling price during the round, currency per unit.
    public var price: Double
    /// The decision was made by the missed-round rule, not by the player.
    public var missed: Bool
    /// Units demanded during the round.
    public var demandUnits: Double
    /// Units shipped during the round (from stock, and backorders filled).
    public var salesUnits: Double
    /// Units of demand lost during the round (lost sales).
    public var lostUnits: Double
    /// Units of demand that had to wait during the round (backorders).
    public var newlyBackorderedUnits: Double
    /// The forecast of the round's demand made at the decision: mean and 80% band (10% and 90% points,
    /// normal approximation, not below 0); nil when the world shows no forecast.
    public var forecast: DemandBand?
    /// Profit booked during the round, currency (at the last round with the final day's costs and salvage).
    public var profit: Double
    /// Profit from the start of the game to the end of the round.
    public var cumulativeProfit: Double
}

/// Mean and 80% band of the demand over some days, as a player reads it from a forecast.
public struct DemandBand: Sendable, Equatable {
    /// Expected units.
    public var mean: Double
    /// The 10% point, units (normal approximation, at least 0).
    public var low: Double
    /// The 90% point, units.
    public var high: Double

    /// z of the 90% point of the standard normal.
    static let z90 = 1.2815515655446004

    /// The band of the demand over `days` days from the observation's day, from its forecast.
    /// - Parameters:
    ///   - observation: what the player sees (nil forecast: no band).
    ///   - days: days covered, from the observation's day on.
    ///   - skipDays: days after the observation's day to start from.
    public init?(_ observation: Observation, days: Int, skipDays: Int = 0) {
        guard let forecast = observation.forecast, days > 0 else { return nil }
        let total = forecast.total(fromDay: Int(observation.day.rounded()) + skipDays, days: days)
        mean = total.mean
        low = max(0, total.mean - Self.z90 * total.sd)
        high = total.mean + Self.z90 * total.sd
    }
}

/// A player's world: a ``WorldStepper`` on the game's replication, stepped one round per decision, with
/// the record of every round played. A class, as the stepper is: a replication in progress has identity.
public final class PlayedWorld {
    /// The game.
    public let definition: GameDefinition
    private let stepper: WorldStepper
    /// The decision waiting for ``play(_:missed:)``, nil once the game is over.
    public private(set) var observation: Observation?
    /// Rounds played, in order.
    public private(set) var records: [RoundRecord] = []

    init(stepper: WorldStepper, definition: GameDefinition) {
        self.stepper = stepper
        self.definition = definition
        observation = stepper.nextDecision()
    }

    /// True when every round has been played.
    public var isFinished: Bool { observation == nil }

    /// The ledger of the played SKU so far.
    public var ledger: Ledger { stepper.ledger }

    /// Plays the pending round with `action` and runs the world to the next decision (or the end).
    /// - Parameters:
    ///   - action: the order and price.
    ///   - missed: the action came from the missed-round rule.
    /// - Returns: the round's record, or nil when the game is over.
    @discardableResult
    public func play(_ action: Action, missed: Bool = false) -> RoundRecord? {
        guard let observation else { return nil }
        let before = stepper.ledger
        stepper.act(action)
        let price = action.price.map { PriceLevels.nearest(to: $0, in: observation.priceLevels) } ?? observation.price
        self.observation = stepper.nextDecision()
        let after = stepper.ledger
        let record = RoundRecord(
            round: records.count + 1, day: Int(observation.day.rounded()), onHandUnits: observation.onHandUnits,
            backorderedUnits: observation.backorderedUnits, onOrderUnits: observation.onOrderUnits,
            orderUnits: action.totalOrderUnits, price: price, missed: missed,
            demandUnits: after.demandUnits - before.demandUnits, salesUnits: after.shippedUnits - before.shippedUnits,
            lostUnits: after.lostUnits - before.lostUnits, newlyBackorderedUnits: after.backorderedUnits - before.backorderedUnits,
            forecast: DemandBand(observation, days: definition.roundDays), profit: after.profit - before.profit, cumulativeProfit: after.profit)
        records.append(record)
        return record
    }

    /// Plays a team's decision (see ``GameDefinition/action(for:)``).
    @discardableResult
    public func play(_ decision: Decision, missed: Bool = false) -> RoundRecord? {
        play(definition.action(for: decision), missed: missed)
    }

    /// Plays every remaining round with a policy's decisions, as `restock run` would.
    /// - Parameter policy: the policy of the played SKU.
    public func finish(with policy: any Policy) {
        while let observation { play(policy.decide(observation)) }
    }
}
