import Forecasting
import Foundation
import Stochastics
import Testing

@Suite("ETS sample paths")
struct ETSSimulationTests {
    /// A series from ETS(A,A,N)-like dynamics with a weekly-ish season, deterministic.
    static func series(seasonal: Bool) -> TimeSeries {
        let stream = RandomStream(seed: 8)
        var level = 100.0
        var values: [Double] = []
        for t in 0..<150 {
            let season = seasonal ? 15 * sin(2 * Double.pi * Double(t) / 12) : 0
            level += 0.3 + 4 * StandardNormal.quantile(stream.uniformPositive())
            values.append(level + season + 3 * StandardNormal.quantile(stream.uniformPositive()))
        }
        return TimeSeries(values, seasonLength: seasonal ? 12 : 1)
    }

    @Test("paths average to the forecast mean and spread like the forecast sd",
          arguments: [ETSSpec(error: .additive, trend: .none, season: .none),
                      ETSSpec(error: .additive, trend: .additive, season: .additive)])
    func moments(_ spec: ETSSpec) throws {
        let series = Self.series(seasonal: spec.isSeasonal)
        let fitted = try ETSForecaster(spec: spec).fitETS(series)
        let horizon = 6
        let forecast = fitted.forecast(horizon: horizon)
        let stream = RandomStream(seed: 99)
        let n = 4000
        let paths = (0..<n).map { _ in fitted.simulatePath(horizon: horizon, using: stream) }
        for h in [0, horizon - 1] {
            let values = paths.map { $0[h] }
            let mean = values.reduce(0, +) / Double(n)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
            // Mean within 4 standard errors; the sd of a normal sample is within ~4·sd/√(2n) ≈ 4.5%.
            #expect(abs(mean - forecast.mean[h]) < 4 * forecast.standardDeviation[h] / Double(n).squareRoot(), "h=\(h)")
            #expect(abs(sd / forecast.standardDeviation[h] - 1) < 0.06, "h=\(h): sd \(sd) vs \(forecast.standardDeviation[h])")
        }
    }

    @Test("the same stream position gives the same path")
    func deterministic() throws {
        let fitted = try ETSForecaster(spec: ETSSpec(error: .additive, trend: .none, season: .none)).fitETS(Self.series(seasonal: false))
        #expect(fitted.simulatePath(horizon: 10, using: RandomStream(seed: 3)) == fitted.simulatePath(horizon: 10, using: RandomStream(seed: 3)))
    }
}
