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
    /// - Parameters:
    ///   - texts: the shards' CSV texts.
    ///   - names: the shards' names for messages (their folders).
    ///   - manifests: reads the shards' `shard.json`, in the same order, once the CSVs have passed their own
    ///     checks (a folder holding no sweep comparison is named as such first): then every shard must come from one sweep,
    ///     each CSV must hold exactly the variants its manifest lists, and every variant of the sweep must be
    ///     present (trailing ones too).
    /// - Returns: the merged CSV text.
    /// - Throws: ``ReportError`` when headers differ, a variant appears twice or the variants have gaps.
    public static func merge(_ texts: [String], names: [String]? = nil, manifests: (() throws -> [SweepShardManifest])? = nil) throws -> String {
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
        if let manifests { try checkCoverage(manifests(), names: texts.indices.map { names?[$0] ?? "shard \($0 + 1)" }, sources: variantSource) }
        let indices = byVariant.keys.sorted()
        if let last = indices.last, indices.count != last + 1 {
            let missing = Set(0...last).subtracting(indices).sorted().prefix(5).map(String.init).joined(separator: ", ")
            throw ReportError("the shards do not cover every variant (missing: \(missing)); run the missing shards first")
        }
        return ([header] + indices.flatMap { byVariant[$0, default: []].map(String.init) }).joined(separator: "\n") + "\n"
    }

    /// The manifests' checks of ``merge(_:names:manifests:)``.
    static func checkCoverage(_ manifests: [SweepShardManifest], names: [String], sources: [Int: String]) throws {
        guard let first = manifests.first else { return }
        for (manifest, name) in zip(manifests, names) {
            guard manifest.sweep == first.sweep, manifest.variantCount == first.variantCount else {
                throw ReportError("\(name) and \(names[0]) come from different sweeps (their shard.json fingerprints differ: "
                                  + "\(manifest.sweep) and \(first.sweep)); merge shards of one sweep")
            }
            let inCSV = sources.filter { $0.value == name }.keys.sorted()
            guard inCSV == manifest.variants else {
                throw ReportError("\(name): comparison.csv holds variants \(inCSV.prefix(8)) but its shard.json lists \(manifest.variants.prefix(8)); "
                                  + "the folder was changed after the shard ran")
            }
        }
        let present = Set(manifests.flatMap(\.variants))
        let missing = (0..<first.variantCount).filter { !present.contains($0) }
        guard missing.isEmpty else {
            let counts = Set(manifests.map { $0.shard.split(separator: "/").last.map(String.init) ?? "" })
            let shards: String
            if counts.count == 1, let n = Int(counts.first ?? "") {
                let names = Set(missing.map { $0 % n + 1 }).sorted().map { "\($0)/\(n)" }
                shards = " (shard\(names.count == 1 ? "" : "s") \(names.prefix(8).joined(separator: ", ")))"
            } else {
                shards = ""
            }
            throw ReportError("the shards do not cover the sweep's \(first.variantCount) variants: missing \(missing.count == 1 ? "variant" : "variants") "
                              + "\(missing.prefix(8).map(String.init).joined(separator: ", "))\(missing.count > 8 ? ", …" : "")\(shards); run the missing shards first")
        }
    }
}
