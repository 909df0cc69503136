/// Which GSL generator algorithm backs a ``RandomStream``.
///
/// All three take at most 32 bits of seed in GSL (see ``RandomStream/init(seed:kind:)``).
public enum GeneratorKind: String, Sendable, CaseIterable {
    /// Mersenne Twister MT19937: fast, period 2^19937 - 1; the default.
    case mt19937
    /// RANLUX at luxury level 2 (double precision): slower, with proven decorrelation.
    case ranlxd2
    /// L'Ecuyer's maximally equidistributed Tausworthe generator: very fast, small state.
    case taus2
}
