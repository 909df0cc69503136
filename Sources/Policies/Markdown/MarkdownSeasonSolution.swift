/// The optimal plan of a markdown season at a known level factor (``MarkdownSeasonDP``).
public struct MarkdownSeasonSolution: Sendable, Equatable {
    /// The level factor the plan knows.
    public var levelFactor: Double
    /// Expected profit of the optimal buy and pricing, currency: revenue + salvage − purchase − fixed
    /// order cost − holding − lost-sale penalties, as the simulator's ledger counts profit.
    public var expectedProfit: Double
    /// The optimal buy, units (on top of the initial stock).
    public var buyUnits: Int
    /// The largest stock the program tabulated, units.
    public var stockLimitUnits: Int
    /// `V₀(x)` for x = 0…`stockLimitUnits`: expected profit from day 0 on with x units on hand after
    /// the buy (its cost not counted), at the starting price level.
    public var startingStockValues: [Double]

    /// Creates a solution.
    public init(levelFactor: Double, expectedProfit: Double, buyUnits: Int, stockLimitUnits: Int, startingStockValues: [Double]) {
        self.levelFactor = levelFactor
        self.expectedProfit = expectedProfit
        self.buyUnits = buyUnits
        self.stockLimitUnits = stockLimitUnits
        self.startingStockValues = startingStockValues
    }
}
