import Foundation
import Reports
import Scenario
import Simulation

/// What-if variants of one scenario: the cartesian product of `--vary key.path=v1,v2,…` lists (the first
/// key varies slowest), or a list of scenario files (`restock compare`).
public struct Sweep: Sendable {
    /// One variant: a label and the overrides that make it.
    public struct Variant: Sendable, Equatable {
        /// 0-based position in the full sweep (stable across shards).
        public var index: Int
        /// Scenario file of the variant.
        public var scenarioPath: String
        /// `key.path=value` overrides, base ones first.
        public var overrides: [String]
        /// (key, value) pairs that distinguish it, for the comparison columns.
        public var settings: [(key: String, value: String)]

        public static func == (a: Variant, b: Variant) -> Bool {
            a.index == b.index && a.scenarioPath == b.scenarioPath && a.overrides == b.overrides
                && a.settings.map(\.key) == b.settings.map(\.key) && a.settings.map(\.value) == b.settings.map(\.value)
        }
    }

    /// All variants, in sweep order.
    public var variants: [Variant]
    /// The varied keys (comparison columns).
    public var keys: [String]

    /// The grid of a `--vary` sweep.
    /// - Parameters:
    ///   - scenarioPath: the scenario file.
    ///   - baseOverrides: `--set` overrides applied to every variant.
    ///   - vary: `key.path=v1,v2,…` (or `key.path=[v1, v2]` as a YAML list when values contain commas).
    /// - Returns: the sweep.
    /// - Throws: ``ScenarioError`` for an empty or malformed `--vary`.
    public static func grid(scenarioPath: String, baseOverrides: [String], vary: [String]) throws -> Sweep {
        guard !vary.isEmpty else {
            throw ScenarioError(file: scenarioPath, problem: "the sweep varies nothing",
                                allowed: "at least one --vary key.path=value1,value2")
        }
        var axes: [(key: String, values: [String])] = []
        for item in vary {
            guard let equals = item.firstIndex(of: "="), equals > item.startIndex else {
                throw ScenarioError(file: scenarioPath, keyPath: item, problem: "'--vary \(item)' has no key path and '='",
                                    allowed: "--vary key.path=value1,value2 (e.g. --vary products.0.suppliers.0.leadTimeDays=2,4,8)")
            }
            let key = String(item[..<equals])
            let text = String(item[item.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            let values = text.hasPrefix("[") && text.hasSuffix("]")
                ? splitTopLevel(String(text.dropFirst().dropLast()))
                : text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
                throw ScenarioError(file: scenarioPath, keyPath: key, problem: "'--vary \(item)' has an empty value list or an empty value",
                                    allowed: "one or more comma-separated values")
            }
            axes.append((key, values))
        }
        var combinations: [[(String, String)]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [(axis.key, $0)] } }
        }
        let variants = combinations.enumerated().map { index, settings in
            Variant(index: index, scenarioPath: scenarioPath,
                    overrides: baseOverrides + settings.map { "\($0.0)=\($0.1)" },
                    settings: settings.map { (key: $0.0, value: $0.1) })
        }
        return Sweep(variants: variants, keys: axes.map(\.key))
    }

    /// Variants that are whole scenario files (`restock compare`).
    public static func files(_ paths: [String], baseOverrides: [String]) -> Sweep {
        Sweep(variants: paths.enumerated().map {
            Variant(index: $0.offset, scenarioPath: $0.element, overrides: baseOverrides, settings: [(key: "scenario", value: $0.element)])
        }, keys: ["scenario"])
    }

    /// Splits on commas outside brackets and braces (YAML flow values may hold commas).
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            if c == "[" || c == "{" { depth += 1 }
            if c == "]" || c == "}" { depth -= 1 }
            if c == ",", depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    /// This shard's share: variants whose index ≡ K−1 (mod N), a split any scheduler can reproduce.
    /// - Parameter shard: "K/N" with 1 ≤ K ≤ N.
    /// - Returns: the variants to run.
    /// - Throws: ``ScenarioError`` for a malformed shard.
    public func shard(_ shard: String?) throws -> [Variant] {
        guard let shard else { return variants }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            throw ScenarioError(file: variants.first?.scenarioPath ?? "", problem: "'--shard \(shard)' is not K/N with 1 <= K <= N",
                                allowed: "e.g. --shard 2/8")
        }
        return variants.filter { $0.index % n == k - 1 }
    }
}

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
    public static func merge(_ texts: [String]) throws -> String {
        var header: String?
        var byVariant: [Int: [Substring]] = [:]
        for text in texts {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            guard let first = lines.first else { continue }
            if let header, header != String(first) {
                throw ReportError("the shards come from different sweeps (their comparison.csv headers differ)")
            }
            header = String(first)
            var seen = Set<Int>()
            for line in lines.dropFirst() {
                guard let variant = line.split(separator: ",", maxSplits: 1).first.flatMap({ Int($0) }) else {
                    throw ReportError("a comparison.csv row does not start with a variant number: \(line.prefix(60))")
                }
                if !seen.contains(variant), byVariant[variant] != nil {
                    throw ReportError("variant \(variant) appears in two shards")
                }
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
