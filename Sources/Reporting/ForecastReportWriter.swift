import Experiment
import Forecasting
import Foundation
import Reports

/// The files of `restock forecast`: `forecasts.csv` (sku, date, model, mean and quantiles, in units, then
/// the price, promotions and features each period assumes) and `accuracy.csv` (sku × model × fold/overall ×
/// metric, from the rolling-origin backtest).
public enum ForecastReportWriter {
    /// forecasts.csv: sku, date, model, mean, p05…p95 (units), then the covariates the period assumes —
    /// `price` (currency per unit) when the history has prices, its promo* and feature columns — and
    /// `plan_row` (`yes`: the period's values come from a plan row; `no`: carried forward) and
    /// `model_uses_plan` (`no`: the model reads no covariates, so the plan did not change its forecast).
    public static func forecasts(_ results: [ForecastRun.SKUResult]) -> CSVTable {
        let first = results.first?.future
        let hasPrice = first?.prices != nil
        let promotionNames = first?.promotionNames ?? []
        let featureNames = first?.featureNames ?? []
        var table = CSVTable(header: ["sku", "date", "model", "mean"] + ForecastRun.quantiles.map { "p" + percent($0) }
                             + (hasPrice ? ["price"] : []) + promotionNames + featureNames + ["plan_row", "model_uses_plan"])
        for result in results {
            let future = result.future
            for (step, date) in result.dates.enumerated() {
                // Units sold cannot be negative: the normal quantiles are cut at zero.
                let quantiles = ForecastRun.quantiles.map { max(0, result.forecast.quantile($0, step: step)) }
                var row = [result.sku, date.description, result.model, CSVTable.number(max(0, result.forecast.mean[step]), decimals: 4)]
                    + quantiles.map { CSVTable.number($0, decimals: 4) }
                if hasPrice { row.append(future.prices.map { step < $0.count ? CSVTable.number($0[step]) : "" } ?? "") }
                for name in promotionNames {
                    let c = future.promotionNames.firstIndex(of: name)
                    row.append(c.map { step < future.promotions[$0].count ? CSVTable.number(future.promotions[$0][step]) : "" } ?? "")
                }
                for name in featureNames {
                    let c = future.featureNames.firstIndex(of: name)
                    row.append(c.flatMap { step < future.features[$0].count ? future.features[$0][step].map { CSVTable.number($0) } : nil } ?? "")
                }
                row.append(step < future.planned.count && future.planned[step] ? "yes" : "no")
                row.append(result.usesCovariates ? "yes" : "no")
                table.append(row)
            }
        }
        return table
    }

    /// accuracy.csv.
    public static func accuracy(_ results: [ForecastRun.SKUResult]) -> CSVTable {
        var table = CSVTable(header: ["sku", "model", "fold", "origin", "metric", "value", "note"])
        for result in results {
            for backtest in result.backtests {
                for fold in backtest.folds {
                    for metric in backtest.metrics {
                        let (value, note) = cell(fold.score(metric), metric)
                        table.append([result.sku, backtest.model, String(fold.index + 1), String(fold.origin), metric.name, value, note])
                    }
                }
                for metric in backtest.metrics {
                    let (value, note) = cell(backtest.score(metric), metric)
                    table.append([result.sku, backtest.model, "overall", "", metric.name, value, note])
                }
            }
        }
        return table
    }

    /// A metric's cell: the number, or empty with the reason where it is undefined (never "inf").
    static func cell(_ value: Double, _ metric: ForecastMetric) -> (String, String) {
        if value.isFinite { return (CSVTable.number(value), "") }
        if metric == .mase {
            return ("", "undefined: the training series never changes between seasons (the MASE scale: its seasonal naive error is 0)")
        }
        return ("", "undefined for this fold (no values to score)")
    }

    static func percent(_ p: Double) -> String {
        let value = Int((p * 100).rounded())
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// Writes both files, all or nothing.
    /// - Returns: the paths written.
    @discardableResult
    public static func write(_ results: [ForecastRun.SKUResult], to folder: URL) throws -> [URL] {
        let files = [(forecasts(results).text, folder.appendingPathComponent("forecasts.csv")),
                     (accuracy(results).text, folder.appendingPathComponent("accuracy.csv"))]
        try AtomicFileWriter.writeAll(files)
        return files.map(\.1)
    }

    /// The table printed on the terminal: one line per SKU with the chosen model and its backtest accuracy.
    public static func summary(_ results: [ForecastRun.SKUResult], frequency: HistoryFrequency) -> String {
        var rows = [["sku", "model", "backtest MASE", "sMAPE", "80% coverage", "CRPS (units)", "mean next \(frequency.periodName)"]]
        for result in results {
            let best = result.backtests.first
            func cell(_ metric: ForecastMetric, _ format: String) -> String {
                guard let value = best?.score(metric), value.isFinite else { return "-" }
                return String(format: format, value)
            }
            rows.append([result.sku, result.model, cell(.mase, "%.3f"), cell(.smape, "%.1f"), cell(.coverage(0.8), "%.2f"), cell(.crps, "%.2f"),
                         // As in forecasts.csv: demand is never negative.
                         String(format: "%.1f", max(0, result.forecast.mean.first ?? 0))])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
