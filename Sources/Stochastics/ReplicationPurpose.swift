/// Which use a replication's random numbers are for: training an agent, tuning a heuristic's
/// parameters, evaluating (selecting) trained or tuned candidates, or the report a user reads.
///
/// The purpose is part of every substream key (``RandomStream/substreamSeed(scenarioSeed:replication:sku:purpose:replicationPurpose:)``),
/// so replication 7 of `train` and replication 7 of `report` share no draw — not the demand, not the
/// lead times, not the level factor of a hit-or-flop season, not the sample path of a state-space
/// forecast — however many replications each purpose uses. Whatever is trained or tuned on one purpose
/// is therefore never graded on its own draws: training uses `train`, parameter search `tune`, the
/// choice among trained or tuned candidates `evaluate`, and `restock run` always `report`.
public enum ReplicationPurpose: String, Sendable, CaseIterable, Codable {
    /// Episodes an agent learns from.
    case train
    /// Replications a heuristic's parameters are searched on.
    case tune
    /// Replications on which trained or tuned candidates are compared and the best is kept.
    case evaluate
    /// The replications `restock run` reports (and that nothing is fitted to).
    case report

    /// Mixed into the substream key. `report` adds nothing, so the reported replications keep the
    /// substreams they have always had; the others add a distinct constant. Never renumber.
    var keySalt: UInt64? {
        switch self {
        case .report: nil
        case .evaluate: 0x4556_414C_5541_5445  // "EVALUATE"
        case .tune: 0x5455_4E45_5455_4E45      // "TUNETUNE"
        case .train: 0x5452_4149_4E54_524E     // "TRAINTRN"
        }
    }
}
