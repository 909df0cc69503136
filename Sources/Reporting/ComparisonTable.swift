import Experiment
import Reports
import Simulation
import Stochastics

/// `comparison.csv`: one row per variant × policy × KPI (all SKUs together), with the varied settings
/// as columns; the rows of shards merge into exactly the rows of a single run.
public enum ComparisonTable {
    /// The CSV header for a sweep.
    public static func header(keys: [String]) -> [String] {
        ["variant"] + keys + ["policy", "kpi", "unit", "mean", "std_dev", "ci95_half_width", "replications"]
    }

    /// Rows of one variant's experiment.
    public static func rows(variant: Sweep.Variant, result: ExperimentResult) -> [[String]] {
        var rows: [[String]] = []
        for (p, policy) in result.scenario.policies.enumerated() {
            for kpi in KPI.allCases {
                let s = SampleSummary(result.values(kpi, policy: p))
                rows.append([String(variant.index)] + variant.settings.map(\.value)
                    + [policy.name, kpi.columnName, kpi.unit, CSVTable.number(s.mean), CSVTable.number(s.standardDeviation),
                       CSVTable.number(s.halfWidth), String(s.count)])
            }
        }
        return rows
    }

    /// Merges shard files (each a comparison.csv) into the text a single run writes: rows ordered by
    /// variant, each variant's rows in their original order.
    /// - Parameter texts: the shards' CSV texts.
    /// - Returns: the merged CSV text.
    /// - Throws: ``ReportError`` when headers differ, a variant appears twice or the variants have gaps.
    public static func merge(_ texts: [String], names: [String]? = nil) throws -> String {
        var header: String?
        var headerSource = ""
        var byVariant: [Int: [Substring]] = [:]
        var variantSource: [Int: String] = [:]
        let tail = ["policy", "kpi", "unit", "mean", "std_dev", "ci95_half_width", "replications"]
        for (index, text) in texts.enumerated() {
            let name = names?[index] ?? "shard \(index + 1)"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            guard let first = lines.first else { throw ReportError("\(name): comparison.csv is empty; expected a sweep shard's comparison.csv") }
            let columns = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard columns.first == "variant", columns.count >= 1 + tail.count, Array(columns.suffix(tail.count)) == tail else {
                throw ReportError("\(name): comparison.csv is not a sweep's comparison (its header is '\(first.prefix(80))'); "
                                  + "expected variant, the varied keys, then \(tail.joined(separator: ", "))")
            }
            if let header, header != String(first) {
                throw ReportError("\(name) and \(headerSource) come from different sweeps (their comparison.csv headers differ)")
            }
            if header == nil { headerSource = name }
            header = String(first)
            var seen = Set<Int>()
            for line in lines.dropFirst() {
                guard let variant = line.split(separator: ",", maxSplits: 1).first.flatMap({ Int($0) }), variant >= 0 else {
                    throw ReportError("\(name): a comparison.csv row does not start with a variant number: \(line.prefix(60))")
                }
                if !seen.contains(variant), byVariant[variant] != nil {
                    throw ReportError("variant \(variant) appears in two shards: \(variantSource[variant] ?? "?") and \(name)")
                }
                variantSource[variant] = name
                seen.insert(variant)
                byVariant[variant, default: []].append(line)
            }
        }
        guard let header else { throw ReportError("no comparison.csv rows to merge") }
        let indices = byVariant.keys.sorted()
        if let last = indices.last, indices.count != last + 1 {
            let missing = Set(0...last).subtracting(indices).sorted().prefix(5).map(String.init).joined(separator: ", ")
            throw ReportError("the shards do not cover every variant (missing: \(missing)); run the missing shards first")
        }
        return ([header] + indices.flatMap { byVariant[$0, default: []].map(String.init) }).joined(separator: "\n") + "\n"
    }
}
