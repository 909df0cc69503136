import Foundation
import Yams

/// A sweep file (`restock sweep SCENARIO --file sweep.yaml`): which values of a scenario to vary.
///
/// ```yaml
/// vary:                      # cartesian product, the first key changing slowest
///   products[0].suppliers[0].leadTimeDays: [2, 4, 8]
///   review.everyDays: [1, 7]
/// variants:                  # and/or named variants, each a set of overrides
///   - {name: fast, set: {products[0].suppliers[0].leadTimeDays: 1, products[0].suppliers[0].unitCost: 6}}
///   - name: baseline         # no `set`: the scenario as it is
/// ```
///
/// Keys are override key paths as for `--set` (`products.0.x` or `products[0].x`, items also by SKU or
/// name); values are any YAML (a number, `auto`, a law such as `{type: poisson, mean: 4}`). Parsing
/// checks the file's own shape; whether the keys fit the scenario is checked by the sweep, which knows
/// the scenario (see `ScenarioLoader.checkKeys`). Every error is a ``ScenarioError`` naming this file,
/// the line and the key.
public struct SweepFile: Sendable, Equatable {
    /// One value from the file: one-line YAML text (flow style) and where it stands.
    public struct Value: Sendable, Equatable {
        /// The value as YAML text, as `--set key=value` takes it (`4`, `{type: poisson, mean: 4}`).
        public var text: String
        /// 1-based line in the file.
        public var line: Int?
    }

    /// A varied key and its values, in file order.
    public struct Axis: Sendable, Equatable {
        /// The override key path, as written.
        public var key: String
        /// 1-based line of the key.
        public var line: Int?
        /// The values (at least one, no two alike).
        public var values: [Value]
    }

    /// A named variant: overrides applied together.
    public struct NamedVariant: Sendable, Equatable {
        /// Its name (unique in the file).
        public var name: String
        /// 1-based line of the item.
        public var line: Int?
        /// (key path, value) pairs, in file order; may be empty (the scenario as it is).
        public var settings: [(key: String, value: Value)]

        public static func == (a: NamedVariant, b: NamedVariant) -> Bool {
            a.name == b.name && a.line == b.line && a.settings.map(\.key) == b.settings.map(\.key)
                && a.settings.map(\.value) == b.settings.map(\.value)
        }
    }

    /// The file's path as given.
    public var path: String
    /// The `vary` keys, in file order.
    public var axes: [Axis]
    /// The `variants` list, in file order.
    public var variants: [NamedVariant]

    /// What a sweep file may hold, for messages.
    static let allowedShape = "vary: {key.path: [value, …], …} and/or variants: [{name: NAME, set: {key.path: value, …}}, …]"

    /// Reads a sweep file.
    /// - Parameter path: the YAML file.
    /// - Returns: the parsed file.
    /// - Throws: ``ScenarioError`` naming the file, line and key of the first problem.
    public static func load(path: String) throws -> SweepFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ScenarioError(file: path, problem: "the sweep file does not exist", allowed: "a path to a YAML sweep file")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, problem: "the sweep file cannot be read as UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses sweep-file text.
    /// - Parameters:
    ///   - yaml: the text.
    ///   - file: the name used in messages.
    /// - Returns: the parsed file.
    /// - Throws: ``ScenarioError`` for malformed YAML, unknown keys (with the nearest valid one), wrong shapes,
    ///   empty or duplicate values, duplicate variant names, a key both varied and set, or a sweep that varies nothing.
    public static func parse(yaml: String, file: String) throws -> SweepFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
            if let root { try ScenarioLoader.checkSize(root, file: file) }
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            var located = ScenarioLoader.yamlSyntaxError(error, file: file, yaml: yaml)
            // `[` starts a list inside {…}: the commonest slip with bracketed key paths.
            located.allowed += "; inside {…} write list indices with dots (products.0.leadTimeDays) or quote the key"
            throw located
        } catch {
            throw ScenarioError(file: file, problem: "the file is not valid YAML (\(error))")
        }
        guard let root, case .mapping(let top) = root else {
            throw ScenarioError(file: file, line: root?.mark?.line, problem: "the sweep file holds no mapping of vary/variants",
                                allowed: allowedShape)
        }
        var sweep = SweepFile(path: file, axes: [], variants: [])
        for (keyNode, value) in top {
            let key = keyNode.string ?? "?"
            switch key {
            case "vary": sweep.axes = try axes(value, file: file)
            case "variants": sweep.variants = try namedVariants(value, file: file)
            default:
                var problem = "unknown key '\(key)'"
                if let near = Spelling.nearest(to: key, in: ["vary", "variants"]) { problem += " (did you mean '\(near)'?)" }
                throw ScenarioError(file: file, keyPath: key, line: keyNode.mark?.line, problem: problem, allowed: "vary, variants")
            }
        }
        guard !sweep.axes.isEmpty || !sweep.variants.isEmpty else {
            throw ScenarioError(file: file, line: root.mark?.line, problem: "the sweep varies nothing", allowed: allowedShape)
        }
        // A named variant's overrides are applied after the varied value, silently replacing it.
        for (index, variant) in sweep.variants.enumerated() {
            for (key, value) in variant.settings {
                if let axis = sweep.axes.first(where: { normalized($0.key) == normalized(key) }) {
                    throw ScenarioError(file: file, keyPath: "variants[\(index)].set.\(key)", line: value.line,
                                        problem: "'\(key)' is varied (line \(axis.line.map(String.init) ?? "?")) and also set by variant '\(variant.name)'",
                                        allowed: "each key either under vary or in the variants' set")
                }
            }
        }
        return sweep
    }

    /// The `vary` mapping: key → non-empty list of distinct values.
    static func axes(_ node: Node, file: String) throws -> [Axis] {
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            throw ScenarioError(file: file, keyPath: "vary", line: node.mark?.line,
                                problem: node.mapping == nil ? "expected a mapping of key paths to value lists but found \(ScenarioSchema.kind(of: node))"
                                    : "the vary mapping is empty",
                                allowed: "vary: {key.path: [value, …], …}, e.g. products[0].suppliers[0].leadTimeDays: [2, 4, 8]")
        }
        var axes: [Axis] = []
        for (keyNode, valuesNode) in mapping {
            let key = try checkedKey(keyNode, section: "vary", file: file)
            if let earlier = axes.first(where: { normalized($0.key) == normalized(key) }) {
                throw ScenarioError(file: file, keyPath: "vary.\(key)", line: keyNode.mark?.line,
                                    problem: "'\(key)' is the same key as '\(earlier.key)' (line \(earlier.line.map(String.init) ?? "?"))",
                                    allowed: "each key once")
            }
            guard case .sequence(let items) = valuesNode else {
                throw ScenarioError(file: file, keyPath: "vary.\(key)", line: valuesNode.mark?.line ?? keyNode.mark?.line,
                                    problem: "expected a list of values but found \(ScenarioSchema.kind(of: valuesNode))",
                                    allowed: "a list such as [2, 4, 8] (for one value, use --set or [value])")
            }
            guard !items.isEmpty else {
                throw ScenarioError(file: file, keyPath: "vary.\(key)", line: keyNode.mark?.line, problem: "the value list is empty",
                                    allowed: "one or more values, e.g. [2, 4, 8]")
            }
            var values: [Value] = []
            for item in items {
                let value = try Value(text: flowText(item, keyPath: "vary.\(key)", file: file), line: item.mark?.line ?? keyNode.mark?.line)
                if values.contains(where: { $0.text == value.text }) {
                    throw ScenarioError(file: file, keyPath: "vary.\(key)", line: value.line, problem: "the value \(value.text) is listed twice",
                                        allowed: "distinct values")
                }
                values.append(value)
            }
            axes.append(Axis(key: key, line: keyNode.mark?.line, values: values))
        }
        return axes
    }

    /// The `variants` list: items `{name, set}` with unique names.
    static func namedVariants(_ node: Node, file: String) throws -> [NamedVariant] {
        let example = "variants: [{name: fast, set: {products[0].suppliers[0].leadTimeDays: 1}}, …]"
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw ScenarioError(file: file, keyPath: "variants", line: node.mark?.line,
                                problem: node.sequence == nil ? "expected a list of variants but found \(ScenarioSchema.kind(of: node))"
                                    : "the variants list is empty",
                                allowed: example)
        }
        var variants: [NamedVariant] = []
        for (index, item) in items.enumerated() {
            let here = "variants[\(index)]"
            guard case .mapping(let mapping) = item else {
                throw ScenarioError(file: file, keyPath: here, line: item.mark?.line,
                                    problem: "expected a mapping with name and set but found \(ScenarioSchema.kind(of: item))", allowed: example)
            }
            var name: String?
            var settings: [(key: String, value: Value)] = []
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "?"
                switch key {
                case "name":
                    guard case .scalar(let scalar) = value, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw ScenarioError(file: file, keyPath: "\(here).name", line: value.mark?.line ?? keyNode.mark?.line,
                                            problem: "the name must be non-empty text", allowed: "e.g. name: fast-supplier")
                    }
                    name = scalar.string
                case "set":
                    settings = try overrides(value, keyPath: "\(here).set", file: file)
                default:
                    var problem = "unknown key '\(key)'"
                    if let near = Spelling.nearest(to: key, in: ["name", "set"]) { problem += " (did you mean '\(near)'?)" }
                    throw ScenarioError(file: file, keyPath: "\(here).\(key)", line: keyNode.mark?.line, problem: problem, allowed: "name, set")
                }
            }
            guard let name else {
                throw ScenarioError(file: file, keyPath: here, line: item.mark?.line, problem: "the variant has no name", allowed: example)
            }
            if let earlier = variants.first(where: { $0.name == name }) {
                throw ScenarioError(file: file, keyPath: "\(here).name", line: item.mark?.line,
                                    problem: "the name '\(name)' is already used (line \(earlier.line.map(String.init) ?? "?"))",
                                    allowed: "a different name per variant")
            }
            variants.append(NamedVariant(name: name, line: item.mark?.line, settings: settings))
        }
        return variants
    }

    /// A variant's `set` mapping: key path → value.
    static func overrides(_ node: Node, keyPath: String, file: String) throws -> [(key: String, value: Value)] {
        if case .scalar(let scalar) = node, scalar.string.isEmpty, scalar.style == .plain { return [] }   // `set:` left empty
        guard case .mapping(let mapping) = node else {
            throw ScenarioError(file: file, keyPath: keyPath, line: node.mark?.line,
                                problem: "expected a mapping of key paths to values but found \(ScenarioSchema.kind(of: node))",
                                allowed: "set: {key.path: value, …}")
        }
        var settings: [(key: String, value: Value)] = []
        for (keyNode, valueNode) in mapping {
            let key = try checkedKey(keyNode, section: keyPath, file: file)
            if let earlier = settings.first(where: { normalized($0.key) == normalized(key) }) {
                throw ScenarioError(file: file, keyPath: "\(keyPath).\(key)", line: keyNode.mark?.line,
                                    problem: "'\(key)' is the same key as '\(earlier.key)'", allowed: "each key once")
            }
            settings.append((key, Value(text: try flowText(valueNode, keyPath: "\(keyPath).\(key)", file: file),
                                        line: valueNode.mark?.line ?? keyNode.mark?.line)))
        }
        return settings
    }

    /// A key path: non-empty text without `=` or spaces, with well-formed `[n]` indices.
    static func checkedKey(_ node: Node, section: String, file: String) throws -> String {
        let key = node.string ?? ""
        guard !key.isEmpty, !key.contains("="), !key.contains(where: \.isWhitespace),
              let segments = ScenarioOverride.segments(key), !segments.isEmpty else {
            throw ScenarioError(file: file, keyPath: "\(section).\(key)", line: node.mark?.line,
                                problem: "'\(key)' is not a key path",
                                allowed: "dotted keys with list indices, e.g. products[0].suppliers[0].leadTimeDays or review.everyDays")
        }
        return key
    }

    /// A key path in one spelling, to compare keys: `products.0.x` and `products[0].x` both give
    /// `["products", "0", "x"]`.
    /// - Parameter key: an override key path.
    /// - Returns: its segments (empty for a malformed path).
    public static func normalized(_ key: String) -> [String] {
        (ScenarioOverride.segments(key) ?? []).map(\.text)
    }

    /// One-line YAML (flow style) for a value, so it can go into `key=value` and a CSV cell.
    static func flowText(_ node: Node, keyPath: String, file: String) throws -> String {
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain && !needsQuotes(scalar.string) ? scalar.string : quoted(scalar.string)
        case .mapping(let mapping):
            let pairs = try mapping.map { key, value in
                "\(try flowText(key, keyPath: keyPath, file: file)): \(try flowText(value, keyPath: keyPath, file: file))"
            }
            return "{" + pairs.joined(separator: ", ") + "}"
        case .sequence(let items):
            return "[" + (try items.map { try flowText($0, keyPath: keyPath, file: file) }).joined(separator: ", ") + "]"
        case .alias:
            throw ScenarioError(file: file, keyPath: keyPath, line: node.mark?.line, problem: "YAML aliases are not supported in a sweep file",
                                allowed: "the value written out")
        }
    }

    /// Plain text that would read differently inside flow YAML or a one-line document.
    static func needsQuotes(_ text: String) -> Bool {
        text.isEmpty || text.first?.isWhitespace == true || text.last?.isWhitespace == true
            || text.contains { ",[]{}#&*!|>'\"%@`\n\r\t".contains($0) } || text.contains(": ") || text.hasSuffix(":")
    }

    /// A double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
