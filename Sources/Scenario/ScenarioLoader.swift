import Forecasting
import Foundation
import Simulation
import Stochastics
import Yams

/// Reads, overrides, checks and resolves scenario files.
///
/// The steps: parse the YAML (syntax errors keep their line), apply `--set key.path=value` overrides,
/// check every key against ``ScenarioSchema`` (unknown keys are named with the nearest valid one),
/// decode with Codable, validate values (signs, ranges, s < S, …), then fill `auto` parameters with
/// the exact optimisers. Every failure is a ``ScenarioError``.
public enum ScenarioLoader {
    /// Loads a scenario file.
    /// - Parameters:
    ///   - path: path to the YAML file.
    ///   - overrides: `key.path=value` strings applied before validation.
    ///   - resolveAuto: fill `auto` parameters with the optimisers (turn off to only check the file).
    ///   - registry: where policy files (`type: trained`) load from.
    ///   - searchAuto: accept `auto` where no exact optimiser applies, leaving a starting value and the
    ///     parameter in ``PolicyDefinition/autoSearch`` for the caller to tune by simulation before running
    ///     (else such an `auto` is an error).
    /// - Returns: the validated scenario.
    /// - Throws: ``ScenarioError``.
    public static func load(path: String, overrides: [String] = [], resolveAuto: Bool = true,
                            registry: PolicyRegistry = PolicyRegistry(), searchAuto: Bool = false) throws -> Scenario {
        try parse(yaml: readText(path), file: path, overrides: overrides, resolveAuto: resolveAuto, registry: registry,
                  searchAuto: searchAuto)
    }

    /// Checks only that overrides fit the shape of a scenario file: parses it, applies them and checks
    /// every key against the schema, without decoding or validating values. A sweep checks each of its
    /// settings this way before running anything, since a value may be valid only together with others.
    /// - Parameters:
    ///   - path: path to the YAML file.
    ///   - overrides: `key.path=value` strings.
    /// - Throws: ``ScenarioError`` for an unreadable file, malformed YAML, a bad override or an unknown key
    ///   (named with the nearest valid one).
    public static func checkKeys(path: String, overrides: [String]) throws {
        _ = try tree(yaml: readText(path), file: path, overrides: overrides)
    }

    /// The text of a scenario file.
    static func readText(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ScenarioError(file: path, problem: "the scenario file does not exist",
                                allowed: "a path to a YAML scenario file, e.g. scenarios/quickstart.yaml")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, problem: "the scenario file cannot be read (permissions?)", allowed: "a readable YAML file")
        }
        switch TextFile.decodeUTF8(data) {
        case .success(let text): return text
        case .failure(let bad):
            throw ScenarioError(file: path, line: bad.line,
                                problem: String(format: "the byte 0x%02X at column %d is not UTF-8 text", bad.byte, bad.column),
                                allowed: "a YAML file saved as UTF-8")
        }
    }

    /// Parses scenario text (the file name is only used in messages and to resolve nothing else).
    /// - Parameters:
    ///   - yaml: the scenario text.
    ///   - file: name for messages.
    ///   - overrides: `key.path=value` strings.
    ///   - resolveAuto: fill `auto` parameters.
    ///   - registry: where policy files (`type: trained`) load from.
    ///   - searchAuto: see ``load(path:overrides:resolveAuto:registry:searchAuto:)``.
    /// - Returns: the validated scenario.
    /// - Throws: ``ScenarioError``.
    public static func parse(yaml: String, file: String, overrides: [String] = [], resolveAuto: Bool = true,
                             registry: PolicyRegistry = PolicyRegistry(), searchAuto: Bool = false) throws -> Scenario {
        let root = try tree(yaml: yaml, file: file, overrides: overrides)
        let raw: ScenarioFile
        do {
            raw = try YAMLDecoder().decode(ScenarioFile.self, from: root)
        } catch let error as DecodingError {
            throw decodingError(error, root: root, file: file)
        } catch {
            throw ScenarioError(file: file, problem: "the file could not be read (\(error))")
        }
        var builder = ScenarioBuilder(file: file, root: root, registry: registry)
        var scenario = try builder.build(raw)
        if resolveAuto { try AutoParameters.resolve(&scenario, builder: builder, raw: raw, searchAuto: searchAuto) }
        scenario.overrides = overrides
        scenario.fingerprint = fingerprint(of: root)
        return scenario
    }

    /// FNV-1a hash of a canonical text of the parsed file: scalars length-prefixed, mapping keys
    /// sorted, so that comments, layout, quoting and key order do not change it and any value does.
    static func fingerprint(of root: Node) -> String {
        func canonical(_ node: Node) -> String {
            switch node {
            case .scalar(let scalar): return "\(scalar.string.utf8.count):\(scalar.string)"
            case .sequence(let sequence): return "[" + sequence.map(canonical).joined(separator: ",") + "]"
            case .mapping(let mapping):
                let pairs = mapping.map { (key: canonical($0.key), value: canonical($0.value)) }.sorted { $0.key < $1.key }
                return "{" + pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            case .alias(let alias): return "*\(alias.anchor.rawValue)"
            }
        }
        return FNV1a.hex(canonical(root))
    }

    /// The parsed YAML with the overrides applied, its keys checked against ``ScenarioSchema``.
    static func tree(yaml: String, file: String, overrides: [String]) throws -> Node {
        var root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ScenarioError(file: file, line: 1, problem: "the scenario file is empty",
                                    allowed: "a YAML mapping with name, horizonDays, products and policies")
            }
            root = node
            try checkSize(root, file: file)
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw yamlSyntaxError(error, file: file, yaml: yaml)
        } catch {
            throw ScenarioError(file: file, problem: "the file is not valid YAML (\(error))")
        }
        for override in overrides { root = try ScenarioOverride.apply(override, to: root, file: file) }
        try ScenarioSchema.scenario.check(root, path: "", file: file)
        return root
    }

    /// Largest number of YAML nodes a scenario, sweep file or override value may expand to (aliases
    /// counted at every use): a few thousand SKUs and policies fit many times over, while an alias bomb
    /// (anchors that nest aliases of each other) is refused at once instead of filling memory.
    public static let maximumNodes = 2_000_000

    /// Throws when `node`, with its aliases expanded, has more than ``maximumNodes`` nodes (stops counting there).
    static func checkSize(_ node: Node, file: String, keyPath: String = "") throws {
        var count = 0
        var line: Int?
        func walk(_ node: Node) -> Bool {
            count += 1
            if let mark = node.mark { line = mark.line }
            if count > maximumNodes { return false }
            switch node {
            case .scalar, .alias: return true
            case .mapping(let mapping):
                for (key, value) in mapping where !walk(key) || !walk(value) { return false }
                return true
            case .sequence(let sequence):
                for item in sequence where !walk(item) { return false }
                return true
            }
        }
        if !walk(node) {
            throw ScenarioError(file: file, keyPath: keyPath, line: line,
                                problem: "the YAML expands to more than \(maximumNodes) values (anchors and aliases that nest each other?)",
                                allowed: "at most \(maximumNodes) values after aliases are expanded")
        }
    }

    /// The key path of the mapping that holds line `line` (1-based) of block-style YAML, read from the
    /// indentation of the lines above it, e.g. `products[0].suppliers[0]`. Best effort (flow style is not
    /// followed); empty at the top level.
    static func keyPath(ofLine line: Int, in yaml: String) -> String {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 1, line <= lines.count else { return "" }
        func indent(_ text: String) -> Int { text.prefix { $0 == " " }.count }
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }
        func isContent(_ text: String) -> Bool { !trimmed(text).isEmpty && !trimmed(text).hasPrefix("#") }
        /// The position of the list item on line `at` (0-based) among the items above it.
        func position(ofItemAt at: Int) -> Int {
            let here = indent(lines[at])
            var count = 0
            var k = at - 1
            while k >= 0 {
                defer { k -= 1 }
                guard isContent(lines[k]) else { continue }
                if indent(lines[k]) < here { break }
                if indent(lines[k]) == here, trimmed(lines[k]).hasPrefix("- ") { count += 1 }
            }
            return count
        }
        var segments: [String] = []
        var level = indent(lines[line - 1])
        if trimmed(lines[line - 1]).hasPrefix("- ") { segments.append("[\(position(ofItemAt: line - 1))]") }
        var k = line - 2
        while k >= 0, level > 0 {
            defer { k -= 1 }
            let text = lines[k]
            guard isContent(text), indent(text) < level else { continue }
            let content = trimmed(text)
            if content.hasPrefix("- ") {
                segments.insert("[\(position(ofItemAt: k))]", at: 0)
            } else if let colon = content.firstIndex(of: ":") {
                segments.insert(String(content[..<colon]), at: 0)
            }
            level = indent(text)
        }
        return segments.reduce("") { path, segment in segment.hasPrefix("[") || path.isEmpty ? path + segment : path + "." + segment }
    }

    static func yamlSyntaxError(_ error: YamlError, file: String, yaml: String = "") -> ScenarioError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ScenarioError(file: file, line: mark.line, problem: "malformed YAML: \(detail) (column \(mark.column))",
                                 allowed: "YAML with consistent indentation (spaces, not tabs) and 'key: value' pairs")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let parent = keyPath(ofLine: context.mark.line, in: yaml)
            let key = duplicates.first.map { parent.isEmpty ? $0 : "\(parent).\($0)" } ?? parent
            return ScenarioError(file: file, keyPath: key, line: context.mark.line,
                                 problem: "duplicate key(s) \(duplicates.joined(separator: ", ")) in one mapping",
                                 allowed: "each key at most once per mapping")
        case .reader(let problem, let offset, let value, let yaml):
            // Say where, but never echo the offending byte (a NUL or an escape sequence) to the terminal.
            var line = 1
            if let offset { line += yaml.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count }
            return ScenarioError(file: file, line: line, problem: "malformed YAML: \(problem) (character code \(value))",
                                 allowed: "UTF-8 text without control characters other than tab and newline")
        default:
            return ScenarioError(file: file, problem: "malformed YAML: \(error)")
        }
    }

    static func decodingError(_ error: DecodingError, root: Node, file: String) -> ScenarioError {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = ScenarioKeyPath(context.codingPath)
            return ScenarioError(file: file, keyPath: parent.appending(key).text, line: parent.line(in: root),
                                 problem: "the required key '\(key.stringValue)' is missing")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = ScenarioKeyPath(context.codingPath)
            let found = path.node(in: root).map { ScenarioSchema.kind(of: $0) } ?? "nothing"
            return ScenarioError(file: file, keyPath: path.text, line: path.line(in: root),
                                 problem: "expected \(describe(type, context.debugDescription)) but found \(found)")
        case .dataCorrupted(let context):
            let path = ScenarioKeyPath(context.codingPath)
            return ScenarioError(file: file, keyPath: path.text, line: path.line(in: root),
                                 problem: context.debugDescription)
        @unknown default:
            return ScenarioError(file: file, problem: "\(error)")
        }
    }

    static func describe(_ type: Any.Type, _ detail: String) -> String {
        if detail.contains("auto") { return detail.replacingOccurrences(of: "expected ", with: "") }
        switch type {
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        default: return "a value of type \(type)"
        }
    }
}
