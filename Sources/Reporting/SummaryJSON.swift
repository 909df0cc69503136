import Experiment
import Foundation
import Reports
import Simulation
import Stochastics

/// The run summary as JSON for scripts (`restock run --json`): per policy and KPI (all SKUs together)
/// the mean, standard deviation and 95% half-width; the best policy by mean profit and whether the
/// runner-up is distinguishable from it (paired over replications). Keys are sorted; NaN becomes null.
public enum SummaryJSON {
    /// Renders the JSON text.
    public static func render(_ result: ExperimentResult) -> String {
        func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        let policies: [[String: Any]] = result.scenario.policies.enumerated().map { p, policy in
            var kpis: [String: Any] = [:]
            for kpi in KPI.allCases {
                let s = SampleSummary(result.values(kpi, policy: p))
                kpis[kpi.columnName] = ["mean": number(s.mean), "std_dev": number(s.standardDeviation),
                                        "ci95_half_width": number(s.halfWidth), "unit": kpi.unit]
            }
            return ["name": policy.name, "kpis": kpis]
        }
        let profits = result.scenario.policies.indices.map { SampleSummary(result.values(.profit, policy: $0)).mean }
        let ranked = profits.indices.sorted { profits[$0] > profits[$1] }
        var document: [String: Any] = [
            "scenario": result.scenario.name,
            "replications": result.scenario.replications,
            "horizon_days": result.scenario.world.horizonDays,
            "warmup_days": result.scenario.world.warmupDays,
            "seed": result.scenario.seed,
            "policies": policies,
        ]
        if let best = ranked.first {
            document["best_policy"] = result.scenario.policies[best].name
            if ranked.count > 1 {
                let d = SampleSummary.pairedDifference(result.values(.profit, policy: best), result.values(.profit, policy: ranked[1]))
                document["runner_up"] = ["policy": result.scenario.policies[ranked[1]].name,
                                         "profit_difference": number(d.mean), "ci95_half_width": number(d.halfWidth),
                                         "distinguishable": d.halfWidth.isFinite && d.lower > 0]
            }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}
