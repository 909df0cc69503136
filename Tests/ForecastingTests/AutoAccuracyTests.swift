import Forecasting
import Foundation
import Testing

@Suite("Automatic model choice on the reference series")
struct AutoAccuracyTests {
    /// `auto` picks by backtest on the training part only, then forecasts the 12 held-out months.
    @Test("auto is at least as accurate as the reference AutoETS (last 12 months held out)", arguments: [
        ("airline_monthly.csv", 1.170), ("shampoo_monthly.csv", 1.866),
    ])
    func autoVersusReference(_ file: String, _ referenceAutoETS: Double) throws {
        let values = try loadSeries(file)
        let training = TimeSeries(Array(values.dropLast(12)), seasonLength: 12)
        let mase = try holdoutMASE(ForecasterCatalog.choose("auto", series: training, covariates: .none), values)
        #expect(mase <= referenceAutoETS, "auto MASE \(mase) on \(file)")
    }
}
