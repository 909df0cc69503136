/// How `restock workshop` plays a scenario as a classroom game: the `workshop:` section of a scenario
/// file. Other commands ignore it.
///
/// Each round is one review of the played SKU (a day under daily review, a week under weekly review);
/// every team plays the same replication of the scenario, so all face the same demand.
public struct WorkshopSettings: Sendable, Equatable {
    /// What happens to a team that has not submitted when the round's timer runs out.
    public enum MissedRound: String, Sendable, CaseIterable {
        /// The team's last order (and price level) again; nothing before its first order.
        case repeatLastOrder
        /// No order, the price unchanged.
        case orderNothing
    }

    /// Seconds a round lasts once the facilitator starts it (the timer); 10…3600.
    public var roundSeconds: Int
    /// The rule for a team that misses a round.
    public var missedRound: MissedRound
    /// Index of the SKU the teams decide for (the others, if any, follow the scenario's first policy).
    public var skuIndex: Int
    /// Which replication of the scenario's reported replications the game plays (0-based): replication
    /// `replication + 1` of `restock run`'s `replications.csv`.
    public var replication: Int
    /// The largest order a team may enter, units: a typo guard.
    public var maximumOrderUnits: Int

    /// Creates settings.
    public init(roundSeconds: Int = 90, missedRound: MissedRound = .repeatLastOrder, skuIndex: Int = 0, replication: Int = 0,
                maximumOrderUnits: Int = 10_000) {
        self.roundSeconds = roundSeconds
        self.missedRound = missedRound
        self.skuIndex = skuIndex
        self.replication = replication
        self.maximumOrderUnits = maximumOrderUnits
    }
}
