import Experiment
import Foundation
import Reports
import Scenario
import Stochastics

/// The files of `restock tune`: `tuned.yaml` (the scenario file with the selected values, headed by the
/// evidence), `tuning.csv` (every candidate of the search and the final comparison) and `tuning.html`
/// (``TuningReport``). Same inputs, same bytes: no clock time, numbers in fixed formats.
public enum TuningReportWriter {
    /// Header of `tuning.csv`.
    public static let header = ["policy", "stage", "purpose", "replications", "iteration", "candidate", "parameters",
                                "profit_per_day", "half_width_95", "accepted", "selected", "selected_minus_this",
                                "selected_minus_this_half_width_95"]

    /// `tuning.csv`: per policy, the search rows (purpose tune, in the order evaluated; `accepted` marks the
    /// candidates the search moved to) and the final rows (purpose evaluate; `selected` marks the winner,
    /// with the paired difference selected − this and its 95% half-width).
    public static func csv(_ results: [TuningResult]) -> String {
        var table = CSVTable(header: header)
        let number = { (value: Double) in CSVTable.number(value, decimals: 6) }
        for result in results {
            for (index, candidate) in result.path.enumerated() {
                table.append([result.policyName, "search", ReplicationPurpose.tune.rawValue, String(result.searchReplications),
                              String(candidate.iteration), String(index), result.describe(candidate.values),
                              number(candidate.profitPerDay.mean), number(candidate.profitPerDay.halfWidth),
                              candidate.accepted ? "true" : "false", "", "", ""])
            }
            for (index, finalist) in result.finalists.enumerated() {
                table.append([result.policyName, "final", ReplicationPurpose.evaluate.rawValue, String(result.selectionReplications),
                              String(result.path[finalist.candidate].iteration), String(finalist.candidate),
                              result.describe(result.path[finalist.candidate].values),
                              number(finalist.profitPerDay.mean), number(finalist.profitPerDay.halfWidth), "",
                              index == result.winner ? "true" : "false",
                              number(finalist.winnerMinusThis.mean), number(finalist.winnerMinusThis.halfWidth)])
            }
        }
        return table.text
    }

    /// A paired difference as `+1.23 ± 0.45`.
    public static func difference(_ summary: SampleSummary) -> String {
        let sign = summary.mean >= 0 ? "+" : "−"
        return sign + String(format: "%.3f", abs(summary.mean)) + " ± " + String(format: "%.3f", summary.halfWidth)
    }

    /// One line per policy for the console and the YAML header: start → tuned values, profit per day start →
    /// tuned with the paired 95% CI of the difference (and against the runner-up).
    public static func summaryLine(_ result: TuningResult) -> String {
        let tunedValues = result.describe(result.tunedValues)
        let start = result.startFinalist?.profitPerDay.mean ?? .nan
        let tuned = result.finalists[result.winner].profitPerDay.mean
        var line = "\(result.policyName): \(result.describe(result.startValues)) → \(tunedValues); profit/day "
            + String(format: "%.2f → %.2f", start, tuned)
        if let versus = result.versusStart, !result.finalists[result.winner].isStart {
            line += " (paired difference \(difference(versus)), 95% CI"
            if let runnerUp = result.runnerUp, !runnerUp.isStart {
                line += "; vs runner-up \(difference(runnerUp.winnerMinusThis))"
            }
            line += ")"
        } else {
            line += " (the starting values stayed best"
            if let runnerUp = result.runnerUp { line += "; vs runner-up \(difference(runnerUp.winnerMinusThis)), 95% CI" }
            line += ")"
        }
        let edges = result.atRangeLimit
        if !edges.isEmpty { line += "; at the end of its range: \(edges.joined(separator: ", ")) (widen it with tune:)" }
        return line
    }

    /// The comment header of `tuned.yaml`.
    static func yamlHeader(_ results: [TuningResult], scenario: Scenario, scenarioPath: String, overrides: [String]) -> [String] {
        var lines = ["Tuned by `restock tune \(scenarioPath)`" + (overrides.isEmpty ? "" : " " + overrides.map { "--set \($0)" }.joined(separator: " "))
                     + ": the scenario with the parameter values found by simulation search.",
                     "Objective: mean profit per day over all SKUs. Seed \(scenario.seed)."]
        if let first = results.first {
            lines.append("Search: compass search on \(first.searchReplications) replications of purpose 'tune' (common random numbers);")
            lines.append("selection: best mean of the finalists on \(first.selectionReplications) fresh replications of purpose 'evaluate';")
            lines.append("± is the 95% confidence half-width of the paired difference. `restock run` reports other replications ('report').")
        }
        if !overrides.isEmpty { lines.append("The file was re-emitted with the overrides applied, so the original comments are gone.") }
        for result in results { lines.append("- " + summaryLine(result)) }
        lines.append("")
        return lines
    }

    /// `tuning.html`'s content.
    static func trace(_ results: [TuningResult], scenario: Scenario) -> TuningTrace {
        let policies = results.map { result -> TuningTrace.Policy in
            let finalists = result.finalists.enumerated().map { index, finalist -> TuningTrace.Policy.Finalist in
                let label = index == result.winner ? (finalist.isStart ? "start (selected)" : "selected")
                    : finalist.isStart ? "start" : "candidate \(finalist.candidate)"
                return TuningTrace.Policy.Finalist(label: label, values: result.describe(result.path[finalist.candidate].values),
                                                   mean: finalist.profitPerDay.mean, halfWidth: finalist.profitPerDay.halfWidth,
                                                   difference: finalist.winnerMinusThis.mean,
                                                   differenceHalfWidth: finalist.winnerMinusThis.halfWidth)
            }
            let note = "\(result.path.count) candidates on \(result.searchReplications) tune replications; stopped: \(result.stopReason). "
                + summaryLine(result) + "."
            return TuningTrace.Policy(name: result.policyName, note: note,
                                      candidates: result.path.map { .init(mean: $0.profitPerDay.mean, halfWidth: $0.profitPerDay.halfWidth,
                                                                          accepted: $0.accepted) },
                                      finalists: finalists)
        }
        let summary = "Tuned parameters of \(results.count) polic\(results.count == 1 ? "y" : "ies") of scenario \(scenario.name) by compass search "
            + "on replications of purpose 'tune' under common random numbers (every candidate sees the same replications), then a paired "
            + "comparison of the best candidates and the starting values on fresh replications of purpose 'evaluate'. "
            + "The objective is the mean profit per day over all SKUs.\n\nIn the table, ± is a 95% confidence half-width; the selected "
            + "candidate has the best mean on the evaluate replications, and the last column is its paired difference to each row."
        let parameters = [ReportDocument.Parameter(name: "Seed", value: String(scenario.seed)),
                          ReportDocument.Parameter(name: "Search replications (tune)", value: results.first.map { String($0.searchReplications) } ?? "-"),
                          ReportDocument.Parameter(name: "Selection replications (evaluate)", value: results.first.map { String($0.selectionReplications) } ?? "-"),
                          ReportDocument.Parameter(name: "Horizon", value: "\(scenario.world.horizonDays) days (\(scenario.world.warmupDays) warm-up)")]
        return TuningTrace(title: "Tuning: \(scenario.name)", summary: summary, parameters: parameters, policies: policies,
                           sourceFiles: ["tuning.csv", "tuned.yaml"])
    }

    /// Writes `tuned.yaml`, `tuning.csv` and `tuning.html` to a folder, all or none.
    /// - Parameters:
    ///   - results: the tuned policies.
    ///   - scenario: the scenario as loaded.
    ///   - scenarioPath: its file.
    ///   - overrides: the `--set` overrides it was loaded with.
    ///   - folder: the output folder.
    /// - Returns: the files written.
    /// - Throws: ``ReportError`` when a file cannot be written, ``ScenarioError`` when the tuned values cannot be
    ///   placed in the file.
    public static func write(_ results: [TuningResult], scenario: Scenario, scenarioPath: String, overrides: [String],
                             to folder: URL) throws -> [URL] {
        let yaml = try TunedScenarioText.text(
            scenarioPath: scenarioPath, overrides: overrides, outputFolder: folder,
            header: yamlHeader(results, scenario: scenario, scenarioPath: scenarioPath, overrides: overrides),
            tuned: results.map { (index: $0.policyIndex, definition: $0.tuned, coordinates: $0.space.dimensions.map(\.coordinate)) },
            skuCodes: scenario.world.products.map(\.sku))
        let files = [(yaml, folder.appendingPathComponent("tuned.yaml")),
                     (csv(results), folder.appendingPathComponent("tuning.csv")),
                     (try TuningReport.html(trace(results, scenario: scenario)), folder.appendingPathComponent("tuning.html"))]
        try AtomicFileWriter.writeAll(files)
        return files.map(\.1)
    }
}
