import Forecasting
import Testing

/// ETS cannot see promotions; models that read the promotion calendar must beat it where promotions
/// drive sales (the synthetic shop's HEADPHONES-BT, YOGA-MAT and BOARD-GAME).
@Suite("Promotion-driven SKUs: causal models beat ETS in backtest MASE")
struct PromotionAccuracyTests {
    static let weekly: SalesHistory? = try? SalesHistory.parse(
        text: SyntheticHistory.csv(SyntheticHistory.weekly(SyntheticHistory.daily(seed: 20230102))), file: "weekly.csv")

    static func inputs(_ code: String) throws -> (TimeSeries, Covariates) {
        let sku = try #require(weekly?.skus.first { $0.sku == code })
        let prices = sku.prices?.map { $0 ?? 0 }
        return (sku.timeSeries(seasonLength: 52), Covariates(prices: prices, promotions: [sku.promotions["promo"] ?? []]))
    }

    /// Three 13-week folds at the end of the three-year history, as `restock forecast` backtests.
    static let backtest = Backtest(folds: 3, horizon: 13, step: 13, minimumTrainingLength: 52)

    static func mase(_ name: String, _ series: TimeSeries, _ covariates: Covariates) throws -> Double {
        let model = try #require(ForecasterCatalog.make(name, seasonLength: 52, covariates: covariates))
        return try Backtester.evaluate(forecaster: model, series: series, config: backtest).meanMASE
    }

    @Test("regression beats ETS", arguments: ["HEADPHONES-BT", "YOGA-MAT", "BOARD-GAME"])
    func regression(_ code: String) throws {
        let (series, covariates) = try Self.inputs(code)
        let ets = try Self.mase("ets", series, covariates)
        let regression = try Self.mase("regression", series, covariates)
        #expect(regression < ets, "\(code): regression \(regression) vs ETS \(ets)")
    }

    @Test("the LSTM beats ETS on the headphones")
    func lstm() throws {
        let (series, covariates) = try Self.inputs("HEADPHONES-BT")
        let ets = try Self.mase("ets", series, covariates)
        let lstm = try Self.mase("lstm", series, covariates)
        #expect(lstm < ets, "LSTM \(lstm) vs ETS \(ets)")
    }
}
