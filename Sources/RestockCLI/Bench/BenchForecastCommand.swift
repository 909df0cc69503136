import ArgumentParser
import Experiment
import Forecasting
import Foundation

/// `restock bench-forecast`: time a model on the train/test files of `statsforecast_ets.py`.
struct BenchForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-forecast",
        abstract: "Time a forecasting model per series on a train/test pair (e.g. from scripts/reference/statsforecast_ets.py) and report ms/series and sMAPE.")

    @Option(help: "Training history CSV.") var train: String
    @Option(help: "Held-out history CSV (same SKUs).") var test: String
    @Option(help: "Model name (catalog, or auto).") var model = "regression"
    @Option(help: "Season lengths to time, comma-separated.") var seasonLengths = "52,1"
    @Option(help: "Write each series' point forecasts to this CSV (sku,model,step,forecast), for the first season length.")
    var forecasts: String?
    @Option(help: "For --model auto: the relative margin by which a combination may trail and still win (default: auto's own, 0.3).")
    var autoMargin: Double?

    func run() throws {
        try exitForUserInput {
            let trainHistory: SalesHistory, testHistory: SalesHistory
            do {
                trainHistory = try SalesHistory.load(path: train)
                testHistory = try SalesHistory.load(path: test, options: HistoryOptions(frequency: trainHistory.frequency))
            } catch let error as DataError {
                throw UserInputFailure(message: error.description)
            }
            #if DEBUG
            print("note: this is a debug build; measure with `swift run -c release restock bench-forecast …`.")
            #endif
            for (index, m) in seasonLengths.split(separator: ",").compactMap({ Int($0) }).enumerated() {
                do {
                    let result = try ForecastBenchmark.measure(train: trainHistory, test: testHistory, model: model, seasonLength: m,
                                                                 autoMargin: autoMargin)
                    print(String(format: "%@ season_length=%d: %.2f ms/series over %d series, sMAPE %.2f, MASE %.3f%@", model, m,
                                 result.millisecondsPerSeries, result.series, result.smape, result.mase,
                                 result.failures > 0 ? " (\(result.failures) fell back to seasonal naive)" : ""))
                    if let training = result.trainingSeconds {
                        print(String(format: "  of which training the global network on all %d series: %.1f s (one thread)", result.series, training))
                    }
                    if index == 0, let path = forecasts {
                        var text = "sku,model,step,forecast\n"
                        for series in result.forecasts {
                            for (step, value) in series.mean.enumerated() {
                                text += "\(series.sku),\"\(series.model)\",\(step + 1),\(value)\n"
                            }
                        }
                        do {
                            try text.write(toFile: path, atomically: true, encoding: .utf8)
                        } catch {
                            throw UserInputFailure(message: "--forecasts: cannot write \(path): \(error.localizedDescription)")
                        }
                    }
                } catch let error as ForecastError {
                    throw UserInputFailure(message: "--model: \(error.message)")
                }
            }
        }
    }
}
