import Foundation
import Scenario
import Simulation

/// What-if variants of one scenario: the cartesian product of value lists (`--vary key.path=v1,v2,…` and a
/// sweep file's `vary`, the first key varying slowest) times a sweep file's named variants (fastest), or a
/// list of scenario files (`restock compare`).
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

    /// One value of an axis of the grid: its label (the comparison cell) and the overrides it applies.
    struct Level {
        var label: String
        var overrides: [String]
    }

    /// An override as written in a sweep file, to point at when the scenario rejects its key.
    struct Origin: Sendable {
        var override: String
        var key: String
        var file: String
        var line: Int?
    }

    /// Name of the comparison column of a sweep file's named variants.
    public static let variantNameKey = "variant_name"

    /// All variants, in sweep order.
    public var variants: [Variant]
    /// The varied keys (comparison columns).
    public var keys: [String]
    /// Overrides applied to every variant (`--set`).
    var baseOverrides: [String] = []
    /// Every distinct varied override, with where it was written (empty file: on the command line).
    var origins: [Origin] = []

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
                                allowed: "at least one --vary key.path=value1,value2, or --file sweep.yaml")
        }
        let axes = try commandLineAxes(vary, scenarioPath: scenarioPath)
        return product(scenarioPath: scenarioPath, baseOverrides: baseOverrides, axes: axes, origins: axes.flatMap(commandLineOrigins))
    }

    /// The variants of a sweep file, plus any `--vary` lists: the file's `vary` keys, then the `--vary` ones,
    /// as one cartesian product (first key slowest), times the file's named variants (fastest; their names
    /// form the comparison column `variant_name`).
    /// - Parameters:
    ///   - file: the parsed sweep file.
    ///   - scenarioPath: the scenario file.
    ///   - baseOverrides: `--set` overrides applied to every variant.
    ///   - vary: extra `--vary` lists.
    /// - Returns: the sweep.
    /// - Throws: ``ScenarioError`` for a malformed `--vary` or a key varied both in the file and with `--vary`.
    public static func file(_ file: SweepFile, scenarioPath: String, baseOverrides: [String], vary: [String] = []) throws -> Sweep {
        var axes: [(key: String, levels: [Level])] = []
        var origins: [Origin] = []
        for axis in file.axes {
            axes.append((axis.key, axis.values.map { Level(label: $0.text, overrides: ["\(axis.key)=\($0.text)"]) }))
            origins += axis.values.map { Origin(override: "\(axis.key)=\($0.text)", key: axis.key, file: file.path, line: $0.line) }
        }
        for axis in try commandLineAxes(vary, scenarioPath: scenarioPath) {
            if let twin = file.axes.first(where: { SweepFile.normalized($0.key) == SweepFile.normalized(axis.key) }) {
                throw ScenarioError(file: file.path, keyPath: twin.key, line: twin.line,
                                    problem: "'\(axis.key)' is varied both here and with --vary", allowed: "each key varied once")
            }
            axes.append(axis)
            origins += commandLineOrigins(axis)
        }
        if !file.variants.isEmpty {
            axes.append((variantNameKey, file.variants.map { variant in
                Level(label: variant.name, overrides: variant.settings.map { "\($0.key)=\($0.value.text)" })
            }))
            for variant in file.variants {
                origins += variant.settings.map { Origin(override: "\($0.key)=\($0.value.text)", key: $0.key, file: file.path, line: $0.value.line) }
            }
        }
        return product(scenarioPath: scenarioPath, baseOverrides: baseOverrides, axes: axes, origins: origins)
    }

    /// Variants that are whole scenario files (`restock compare`).
    public static func files(_ paths: [String], baseOverrides: [String]) -> Sweep {
        Sweep(variants: paths.enumerated().map {
            Variant(index: $0.offset, scenarioPath: $0.element, overrides: baseOverrides, settings: [(key: "scenario", value: $0.element)])
        }, keys: ["scenario"], baseOverrides: baseOverrides)
    }

    /// Checks, before anything runs, that the base overrides and every varied setting fit the scenario's
    /// keys (each setting on its own: values may be valid only in combination, which loading each variant
    /// checks). A setting from a sweep file is reported at its line in that file.
    /// - Throws: ``ScenarioError``: an unknown key with the nearest valid one, a path that does not exist.
    public func checkKeys() throws {
        guard let scenarioPath = variants.first?.scenarioPath, !origins.isEmpty else { return }
        try ScenarioLoader.checkKeys(path: scenarioPath, overrides: baseOverrides)
        for origin in origins {
            do {
                try ScenarioLoader.checkKeys(path: scenarioPath, overrides: baseOverrides + [origin.override])
            } catch let error as ScenarioError where !origin.file.isEmpty {
                throw Self.relocated(error, to: origin, context: nil)
            }
        }
    }

    /// A scenario's complaint about a variant, moved to the line of the sweep file that set the key it
    /// names (the key itself or one above it).
    /// - Parameters:
    ///   - error: what loading the variant's scenario threw.
    ///   - variant: the variant.
    /// - Returns: the error at its place in the sweep file, or nil when no setting from a sweep file explains it.
    public func locate(_ error: ScenarioError, in variant: Variant) -> ScenarioError? {
        let path = SweepFile.normalized(error.keyPath)
        guard !path.isEmpty else { return nil }
        let origin = origins.first { origin in
            !origin.file.isEmpty && variant.overrides.contains(origin.override)
                && path.starts(with: SweepFile.normalized(origin.key))
        }
        let label = variant.settings.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return origin.map { Self.relocated(error, to: $0, context: "variant \(variant.index): \(label)") }
    }

    /// `error` at the sweep-file line of `origin`, naming the scenario (and its key path when it differs).
    static func relocated(_ error: ScenarioError, to origin: Origin, context: String?) -> ScenarioError {
        var place = error.file
        if !error.keyPath.isEmpty, SweepFile.normalized(error.keyPath) != SweepFile.normalized(origin.key) {
            place += " at '\(error.keyPath)'"
        }
        if let context { place += "; \(context)" }
        let problem = error.problem.hasSuffix(".") ? String(error.problem.dropLast()) : error.problem
        return ScenarioError(file: origin.file, keyPath: origin.key, line: origin.line, problem: "\(problem) (in \(place))",
                             allowed: error.allowed)
    }

    /// Parses `--vary key.path=v1,v2,…` options into axes.
    static func commandLineAxes(_ vary: [String], scenarioPath: String) throws -> [(key: String, levels: [Level])] {
        var axes: [(key: String, levels: [Level])] = []
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
            if axes.contains(where: { SweepFile.normalized($0.key) == SweepFile.normalized(key) }) {
                throw ScenarioError(file: scenarioPath, keyPath: key, problem: "'\(key)' is given to --vary twice", allowed: "each key varied once")
            }
            if let repeated = values.indices.first(where: { values.firstIndex(of: values[$0])! < $0 }) {
                throw ScenarioError(file: scenarioPath, keyPath: key, problem: "'--vary \(item)' lists the value '\(values[repeated])' twice",
                                    allowed: "distinct values (each variant once)")
            }
            axes.append((key, values.map { Level(label: $0, overrides: ["\(key)=\($0)"]) }))
        }
        return axes
    }

    /// The settings of a `--vary` axis, checked like a file's but reported as the scenario reports them.
    static func commandLineOrigins(_ axis: (key: String, levels: [Level])) -> [Origin] {
        axis.levels.flatMap { level in level.overrides.map { Origin(override: $0, key: axis.key, file: "", line: nil) } }
    }

    /// The cartesian product of the axes, the first axis changing slowest.
    static func product(scenarioPath: String, baseOverrides: [String], axes: [(key: String, levels: [Level])], origins: [Origin]) -> Sweep {
        var combinations: [[(key: String, level: Level)]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.levels.map { prefix + [(axis.key, $0)] } }
        }
        let variants = combinations.enumerated().map { index, chosen in
            Variant(index: index, scenarioPath: scenarioPath, overrides: baseOverrides + chosen.flatMap(\.level.overrides),
                    settings: chosen.map { (key: $0.key, value: $0.level.label) })
        }
        return Sweep(variants: variants, keys: axes.map(\.key), baseOverrides: baseOverrides, origins: origins)
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
        return variants(in: try SweepShard.resolve(shard, environment: [:]))
    }
}
