/// Helpers for a SKU's allowed selling prices (its price levels, currency per unit): the simulator uses
/// them to keep a policy's price on a level, and markdown policies to step down from one level to the next.
public enum PriceLevels {
    /// The level nearest to `price`; on a tie between two levels, the higher one.
    ///
    /// A policy that asks for a price off the levels has a bug (scenario input cannot cause it); the
    /// simulator moves the price to the nearest level rather than stopping the run, so that an
    /// exploring learning agent cannot crash an experiment.
    /// - Parameters:
    ///   - price: the price asked for, currency per unit.
    ///   - levels: the allowed prices; when empty, any price is allowed.
    /// - Returns: the allowed price to charge.
    /// - Complexity: O(levels).
    public static func nearest(to price: Double, in levels: [Double]) -> Double {
        var best = price
        var bestDistance = Double.infinity
        for level in levels {
            let distance = abs(level - price)
            if distance < bestDistance || (distance == bestDistance && level > best) {
                best = level
                bestDistance = distance
            }
        }
        return best
    }

    /// The highest level strictly below `price`: the next markdown.
    /// - Parameters:
    ///   - price: the current price, currency per unit.
    ///   - levels: the allowed prices.
    /// - Returns: the next lower level, or `nil` when `price` is already at (or below) the lowest level.
    /// - Complexity: O(levels).
    public static func nextLower(than price: Double, in levels: [Double]) -> Double? {
        levels.filter { $0 < price }.max()
    }
}
