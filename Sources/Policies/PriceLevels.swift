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
        nearestIndex(to: price, in: levels).map { levels[$0] } ?? price
    }

    /// The index of the level nearest to `price`; on a tie between two levels, the higher price.
    /// - Parameters:
    ///   - price: the price asked for, currency per unit.
    ///   - levels: the allowed prices.
    /// - Returns: the index in `levels`, or nil when there are none.
    /// - Complexity: O(levels).
    public static func nearestIndex(to price: Double, in levels: [Double]) -> Int? {
        var best: Int?
        var bestDistance = Double.infinity
        for (k, level) in levels.enumerated() {
            let distance = abs(level - price)
            if distance < bestDistance || (distance == bestDistance && best.map { level > levels[$0] } == true) {
                best = k
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
