/// What a substream is used for; part of the substream key.
///
/// The raw values are hashed into substream seeds, so they must never be renumbered:
/// changing one would silently change every simulation result that depends on it.
public enum StreamPurpose: UInt64, Sendable, CaseIterable {
    /// Customer demand per period.
    case demand = 1
    /// Size of individual customer orders.
    case orderSize = 2
    /// Customer arrival times.
    case arrivals = 3
    /// Replenishment lead times.
    case leadTime = 4
    /// Randomised decisions taken by an inventory policy.
    case policy = 5
    /// Anything else.
    case other = 6
    /// The level of a replication's demand (a season that runs above or below its forecast).
    case demandLevel = 7
}
