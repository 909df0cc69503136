@testable import Forecasting
import Testing

@Suite("Forecast runs on awkward histories")
struct ForecastRunTests {
    func run(_ text: String, horizon: Int = 4, model: String = "auto") throws -> [ForecastRun.SKUResult] {
        try ForecastRun(horizon: horizon, model: model).run(try SalesHistory.parse(text: text, file: "h.csv"))
    }

    @Test("a SKU with 3 weekly points and a 52-week season still gets a finite forecast, with a note")
    func tooShort() throws {
        let results = try run("date,sku,units\n2025-01-06,A,4\n2025-01-13,A,6\n2025-01-20,A,5\n")
        #expect(results.count == 1)
        #expect(results[0].forecast.mean.count == 4)
        #expect(results[0].forecast.mean.allSatisfy { $0.isFinite })
        #expect(!results[0].notes.isEmpty)
    }

    /// Two SKUs of 60 weeks and one of 10 (season 4: the network needs 8 + 8 periods): the long ones share
    /// the global network and its sample-path forecasts; the short one is forecast alone, with a note. Three
    /// epochs: the test is about which SKUs the network takes, not how well it fits (200 take minutes in debug).
    @Test("a global network trains on the SKUs long enough for it and forecasts the others alone",
          arguments: ["global-deepar", "global-deepar-conv"])
    func globalNetworkWithAShortSKU(model: String) throws {
        var text = "date,sku,units\n"
        let start = try #require(CalendarDay(year: 2024, month: 1, day: 1))
        for (sku, weeks, level) in [("A", 60, 20), ("B", 60, 50), ("C", 10, 5)] {
            for week in 0..<weeks { text += "\(start.adding(days: 7 * week)),\(sku),\(level + (week * 7) % 5)\n" }
        }
        let results = try ForecastRun(horizon: 4, model: model, seasonLength: 4, epochs: 3).run(try SalesHistory.parse(text: text, file: "h.csv"))
        #expect(results.map(\.sku) == ["A", "B", "C"])
        for result in results.prefix(2) {
            #expect(result.model == model)
            #expect(result.forecast.samples?.count == 4)
            #expect(result.forecast.mean.allSatisfy { $0.isFinite && $0 > 0 })
            #expect(result.backtests.first?.folds.count == 1, "a held-out score")
        }
        #expect(results[2].model != model)
        #expect(results[2].notes.first?.contains("too few for the \(model) network") == true, "\(results[2].notes)")
        #expect(results[2].forecast.mean.allSatisfy { $0.isFinite })
    }

    @Test("an epochs cap reaches the networks the run trains, per SKU and global; other models take none")
    func epochsCap() throws {
        #expect(ForecastRun(horizon: 4, model: "global-deepar", epochs: 7).globalNetwork?.0.epochs == 7)
        #expect(ForecastRun(horizon: 4, model: "lstm", globalLSTM: true, epochs: 9).globalNetwork?.0.epochs == 9)
        #expect(ForecastRun(horizon: 4, model: "global-deepar").globalNetwork?.0.epochs == LSTMForecaster.deepAR.epochs)
        let convolutional = try #require(ForecastRun(horizon: 4, model: "global-deepar-conv", epochs: 5).globalNetwork)
        #expect(convolutional.0.encoder == .dilatedConvolution && convolutional.0.layers == 5 && convolutional.0.epochs == 5)
        #expect(convolutional.1 == "global-deepar-conv")
        let perSKU = try #require(ForecasterCatalog.make("lstm", seasonLength: 4, epochs: 11) as? CovariateBoundForecaster)
        #expect((perSKU.base as? LSTMForecaster)?.epochs == 11)
        #expect(ForecasterCatalog.make("ets", seasonLength: 4, epochs: 11)?.name == ForecasterCatalog.make("ets", seasonLength: 4)?.name)
    }

    @Test("an all-zero SKU forecasts zeros, not NaN")
    func allZeros() throws {
        var text = "date,sku,units\n"
        for day in 1...28 { text += "2025-02-\(day < 10 ? "0" : "")\(day),Z,0\n" }
        let results = try run(text)
        #expect(results[0].forecast.mean.allSatisfy { $0 == 0 })
        #expect(results[0].forecast.standardDeviation.allSatisfy { $0.isFinite })
    }

    @Test("forecast dates continue the history's calendar")
    func dates() throws {
        let results = try run("date,sku,units\n2025-01-06,A,4\n2025-01-13,A,6\n2025-01-20,A,5\n2025-01-27,A,7\n", horizon: 2)
        #expect(results[0].dates.map(\.description) == ["2025-02-03", "2025-02-10"])
    }

    @Test("an unknown model name is an error with a suggestion")
    func unknownModel() {
        #expect(throws: ForecastError.self) { try run("date,sku,units\n2025-01-06,A,4\n", model: "thetta") }
    }
}
