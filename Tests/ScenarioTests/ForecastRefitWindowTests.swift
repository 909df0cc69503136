import Forecasting
import Foundation
@testable import Scenario
import Testing

/// What a refit saw: the series and the prices of its periods.
final class FitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var fits: [(values: [Double], prices: [Double]?)] = []
    func record(_ values: [Double], _ prices: [Double]?) { lock.withLock { fits.append((values, prices)) } }
    var last: (values: [Double], prices: [Double]?)? { lock.withLock { fits.last } }
}

/// A model that records what it is fitted on and forecasts the series' mean.
struct RecordingModel: CausalForecaster {
    let log: FitLog
    var name: String { "recording" }
    func fit(_ series: TimeSeries) throws -> any FittedForecaster { try fit(series, covariates: .none) }
    func fit(_ series: TimeSeries, covariates: Covariates) throws -> any CausalFittedForecaster {
        log.record(series.values, covariates.prices)
        return Fitted(level: series.values.reduce(0, +) / Double(max(1, series.count)))
    }
    struct Fitted: CausalFittedForecaster {
        let level: Double
        var name: String { "recording" }
        var residuals: [Double] { [] }
        func forecast(horizon: Int) -> Forecast {
            Forecast(mean: Array(repeating: level, count: horizon), standardDeviation: Array(repeating: 1, count: horizon))
        }
        func forecast(horizon: Int, future: Covariates) -> Forecast { forecast(horizon: horizon) }
    }
}

@Suite("Forecast refits in the simulator use a window of whole seasons")
struct ForecastRefitWindowTests {
    /// Weekly periods, yearly season; period p of the run sells p units (p/7 a day), the history's period i sells i + 0.5.
    func provider(historyPeriods: Int, log: FitLog, prices: [Double]? = nil) -> HistoryForecastProvider {
        let model = RecordingModel(log: log)
        let forecaster: any Forecaster = prices.map { CovariateBoundForecaster(model, covariates: Covariates(prices: $0)) } ?? model
        return HistoryForecastProvider(history: (0..<historyPeriods).map { Double($0) + 0.5 }, periods: RunPeriods(fixedDays: 7), seasonLength: 52,
                                       forecaster: forecaster, refreshEveryDays: 7)
    }

    func observed(weeks: Int) -> [Double] {
        (0..<weeks * 7).map { Double($0 / 7) / 7 }
    }

    @Test("a short run refits on the whole history and every complete period so far")
    func shortRunSeesEverything() throws {
        let log = FitLog()
        let p = provider(historyPeriods: 100, log: log)
        _ = try #require(p.forecast(observedUnitsPerDay: observed(weeks: 300) + [1, 1], issuedDay: 2102, horizonDays: 14))
        let fit = try #require(log.last)
        #expect(fit.values.count == 400)
        #expect(fit.values.first == 0.5 && abs(fit.values[100]) < 1e-9 && abs(fit.values[399] - 299) < 1e-9)
    }

    @Test("a long run drops the oldest whole seasons: at most 520 periods, the seasonal phase kept, the newest period last")
    func longRunIsWindowed() throws {
        let log = FitLog()
        let p = provider(historyPeriods: 100, log: log)
        #expect(p.refitWindowPeriods == 520)
        _ = try #require(p.forecast(observedUnitsPerDay: observed(weeks: 700), issuedDay: 4900, horizonDays: 14))
        let fit = try #require(log.last)
        // 800 periods in all: 6 × 52 = 312 dropped (the fewest whole seasons leaving at most 520).
        #expect(fit.values.count == 488)
        #expect(abs(fit.values[0] - 212) < 1e-9 && abs(fit.values[487] - 699) < 1e-9)
        // The cost of a refit no longer grows with the run: ten times longer, still at most 520 periods.
        _ = try #require(p.forecast(observedUnitsPerDay: observed(weeks: 7000), issuedDay: 49000, horizonDays: 14))
        let later = try #require(log.last)
        #expect(later.values.count <= 520 && (7100 - later.values.count) % 52 == 0)
        #expect(abs((later.values.last ?? 0) - 6999) < 1e-9)
    }

    @Test("the covariates are cut at the same period as the series")
    func covariatesFollowTheWindow() throws {
        let log = FitLog()
        // One price per period of history, run and forecast horizon: period i costs i.
        let p = provider(historyPeriods: 100, log: log, prices: (0..<900).map(Double.init))
        _ = try #require(p.forecast(observedUnitsPerDay: observed(weeks: 700), issuedDay: 4900, horizonDays: 14))
        let fit = try #require(log.last)
        let prices = try #require(fit.prices)
        #expect(prices.count == fit.values.count)
        #expect(prices.first == 312 && prices.last == 799)
    }

    @Test("daily data with a weekly season keeps at least 520 periods, in whole weeks")
    func dailyWindow() {
        let p = HistoryForecastProvider(history: [1, 2, 3], periods: RunPeriods(fixedDays: 1), seasonLength: 7, forecaster: NaiveForecaster(), refreshEveryDays: 7)
        #expect(p.refitWindowPeriods == 525)
    }
}
