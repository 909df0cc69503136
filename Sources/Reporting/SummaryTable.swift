import Experiment
import Foundation
import Reports
import Simulation
import Stochastics

/// The plain-text summary `restock run` prints: one row per policy, totals over all SKUs, mean ± 95% half-width.
public enum SummaryTable {
    /// Columns shown, in order.
    static let columns: [(KPI, String, Int)] = [
        (.profit, "profit", 2), (.costPerDay, "cost/day", 2), (.fillRate, "fill rate", 4), (.readyRate, "ready rate", 4),
        (.averageOnHandUnits, "avg on hand", 1), (.ordersPlaced, "orders", 1),
    ]

    /// Renders the table.
    /// - Parameter result: the experiment.
    /// - Returns: text with a header, one line per policy, and a note on the best profit.
    public static func render(_ result: ExperimentResult) -> String {
        let names = result.scenario.policies.map(\.name)
        var rows: [[String]] = []
        var profits: [Double] = []
        for p in names.indices {
            var row = [names[p]]
            for (kpi, _, decimals) in columns {
                let s = SampleSummary(result.values(kpi, policy: p))
                if kpi == .profit { profits.append(s.mean) }
                let mean = String(format: "%.\(decimals)f", s.mean)
                row.append(s.halfWidth.isFinite ? "\(mean) ± \(String(format: "%.\(decimals)f", s.halfWidth))" : mean)
            }
            rows.append(row)
        }
        let header = ["policy"] + columns.map(\.1)
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { out += line(row) + "\n" }
        let ranked = profits.indices.sorted { profits[$0] > profits[$1] }
        if let best = ranked.first {
            let world = result.scenario.world
            out += "\nBest mean profit: \(names[best]) (\(result.scenario.replications) replications of \(world.horizonDays) days, "
            out += "\(world.warmupDays) warm-up days excluded; ± is the 95% confidence half-width)\n"
            if ranked.count > 1 {
                // Policies share random numbers within a replication, so the paired difference is the sharp comparison.
                let second = ranked[1]
                let difference = SampleSummary.pairedDifference(result.values(.profit, policy: best),
                                                                result.values(.profit, policy: second))
                let verdict = difference.halfWidth.isFinite && difference.lower > 0
                    ? "the best is better at 95% confidence" : "not distinguishable at 95% confidence"
                out += String(format: "Runner-up: %@, %.2f ± %.2f less profit (paired over replications): %@\n",
                              names[second], difference.mean, difference.halfWidth, verdict)
            }
        }
        return out
    }
}
