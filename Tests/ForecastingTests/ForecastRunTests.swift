import Forecasting
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
