import Policies

extension StationaryConfiguration {
    /// The environment of a single-SKU model in cost terms: the daily demand pmf, the lead time, holding
    /// and fixed order costs, actions `0 ... model.orderLimitUnits`, and the model's
    /// `costEquivalentShortage` with no unit cost or revenue (under lost sales the lost margin
    /// `r − c` joins the penalty; profit per day = `model.profitOffsetPerDay` − cost per day).
    /// - Parameters:
    ///   - model: The SKU's model.
    ///   - episodeLength: Truncation horizon, days.
    ///   - rewardNormalization: Reward scaling; `.none` by default.
    public init(model: SingleSKUModel, episodeLength: Int, rewardNormalization: RewardNormalization = .none) {
        self.init(demand: .pmf(model.dailyDemand), leadTimePeriods: model.leadTimeDays, holdingCost: model.holdingCostPerUnitDay,
                  shortage: model.costEquivalentShortage, maxOrderUnits: model.orderLimitUnits, episodeLength: episodeLength,
                  rewardNormalization: rewardNormalization, initialOnHandUnits: 0, fixedOrderCost: model.fixedCostPerOrder)
    }
}
