import Foundation
import Yams

/// The text of `tuned.yaml`: the user's scenario file with tuned values written over the old ones.
///
/// The file is edited, not re-emitted, so its comments, order and layout survive: a value written in the
/// file (a number or `auto`) is replaced where it stands; a value the file does not have (a default
/// service level, a per-SKU value) is added as a key to its mapping — in a flow mapping (`{…}`) at the
/// front, in a block mapping as a line of its own — together with any mappings it needs
/// (`skus: {MUG: {serviceLevel: 0.8}}`). Paths relative to the scenario (a demand history, a trained
/// policy's file) are rewritten relative to the new file's folder, so it loads from there. With `--set`
/// overrides the file is first re-emitted from the overridden tree (so the overrides hold; the comments
/// are lost) and then edited the same way.
public enum TunedScenarioText {
    /// One value to write: a key path through the file and the YAML text of the value.
    public struct Assignment: Sendable, Equatable {
        /// Mapping keys and list indices from the root, e.g. `policies`, `2`, `skus`, `MUG`, `serviceLevel`.
        public var path: [String]
        /// The value as YAML, e.g. `42`, `0.81` or `"../data/sales.csv"`.
        public var value: String

        /// Creates an assignment.
        public init(path: [String], value: String) {
            self.path = path
            self.value = value
        }
    }

    /// Assignments that write a definition's tuned coordinates into policy `policyIndex` of the file: a
    /// per-SKU parameter with one value for every SKU at the policy's level (and over any per-SKU value of
    /// it), else one value per SKU under `skus`; markdown days one by one.
    /// - Parameters:
    ///   - definition: the policy with its tuned values.
    ///   - coordinates: the coordinates that were tuned.
    ///   - policyIndex: position of the policy in the file's `policies`.
    ///   - skuCodes: SKU codes in product order.
    ///   - root: the parsed file, to see which per-SKU values it writes.
    /// - Returns: the assignments.
    static func assignments(for definition: PolicyDefinition, coordinates: [TuningCoordinate], policyIndex: Int,
                            skuCodes: [String], root: Node) -> [Assignment] {
        let base = ["policies", String(policyIndex)]
        let policyNode = root.mapping?["policies"]?.sequence.flatMap { policyIndex < $0.count ? $0[policyIndex] : nil }
        var out: [Assignment] = []
        var parameters: [TunableParameter] = []
        for coordinate in coordinates.sorted() where !parameters.contains(coordinate.parameter) { parameters.append(coordinate.parameter) }
        for parameter in parameters {
            let mine = coordinates.filter { $0.parameter == parameter }.sorted()
            if parameter == .markdownDays {
                for coordinate in mine {
                    if let index = coordinate.index, let value = definition.value(at: coordinate) {
                        out.append(Assignment(path: base + ["markdownDays", String(index)], value: yamlNumber(value, integer: true)))
                    }
                }
                continue
            }
            guard parameter.isPerSKU else {
                if let value = mine.first.flatMap(definition.value(at:)) {
                    out.append(Assignment(path: base + [parameter.rawValue], value: yamlNumber(value, integer: parameter.isInteger)))
                }
                continue
            }
            let values = mine.compactMap { coordinate in coordinate.sku.flatMap { sku in definition.value(at: coordinate).map { (sku, $0) } } }
            guard let first = values.first else { continue }
            let sameEverywhere = values.count == skuCodes.count && values.allSatisfy { $0.1 == first.1 }
            if sameEverywhere {
                out.append(Assignment(path: base + [parameter.rawValue], value: yamlNumber(first.1, integer: parameter.isInteger)))
                for code in skuCodes where policyNode?.mapping?["skus"]?.mapping?[code]?.mapping?[parameter.rawValue] != nil {
                    out.append(Assignment(path: base + ["skus", code, parameter.rawValue], value: yamlNumber(first.1, integer: parameter.isInteger)))
                }
            } else {
                for (sku, value) in values where sku < skuCodes.count {
                    out.append(Assignment(path: base + ["skus", skuCodes[sku], parameter.rawValue], value: yamlNumber(value, integer: parameter.isInteger)))
                }
            }
        }
        return out
    }

    /// A number as YAML: whole numbers without a decimal point, others in Swift's shortest round-trip form.
    static func yamlNumber(_ value: Double, integer: Bool) -> String {
        if integer || (value == value.rounded() && abs(value) < 1e15) { return String(Int(value.rounded())) }
        return "\(value)"
    }

    /// The tuned file's text.
    /// - Parameters:
    ///   - scenarioPath: the scenario file as given.
    ///   - overrides: the `--set` overrides the scenario was loaded with.
    ///   - outputFolder: where the tuned file will be written (relative paths in it are rewritten for it).
    ///   - header: comment lines (without `# `) put first.
    ///   - tuned: per tuned policy: its index in the file, the definition with the tuned values and the tuned coordinates.
    ///   - skuCodes: SKU codes in product order.
    /// - Returns: the text.
    /// - Throws: ``ScenarioError`` when the file cannot be read or parsed again, or a value cannot be placed.
    public static func text(scenarioPath: String, overrides: [String], outputFolder: URL, header: [String],
                            tuned: [(index: Int, definition: PolicyDefinition, coordinates: [TuningCoordinate])],
                            skuCodes: [String]) throws -> String {
        var text = try ScenarioLoader.readText(scenarioPath)
        if !overrides.isEmpty {
            let tree = try ScenarioLoader.tree(yaml: text, file: scenarioPath, overrides: overrides)
            do { text = try Yams.serialize(node: tree) } catch {
                throw ScenarioError(file: scenarioPath, problem: "the overridden scenario cannot be written as YAML (\(error))")
            }
        }
        let root = try ScenarioLoader.tree(yaml: text, file: scenarioPath, overrides: [])
        var assignments: [Assignment] = []
        for entry in tuned {
            assignments += Self.assignments(for: entry.definition, coordinates: entry.coordinates, policyIndex: entry.index,
                                            skuCodes: skuCodes, root: root)
        }
        assignments += relocatedPaths(root: root, from: URL(fileURLWithPath: scenarioPath).deletingLastPathComponent(), to: outputFolder)
        var editor = TextEditor(text: text, root: root, file: scenarioPath)
        try editor.apply(assignments)
        return header.map { $0.isEmpty ? "#" : "# \($0)" }.joined(separator: "\n") + (header.isEmpty ? "" : "\n") + editor.result
    }

    /// Assignments that rewrite the relative paths of a file (demand histories, trained policy files) for a
    /// file in another folder.
    static func relocatedPaths(root: Node, from source: URL, to target: URL) -> [Assignment] {
        let from = source.standardizedFileURL, to = target.standardizedFileURL
        guard from.path != to.path else { return [] }
        var out: [Assignment] = []
        func relocate(_ node: Node?, _ path: [String]) {
            guard let name = node?.string, !name.isEmpty, !name.hasPrefix("/") else { return }
            let quoted = "\"" + relativePath(from: to, to: from.appendingPathComponent(name).standardizedFileURL)
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            out.append(Assignment(path: path, value: quoted))
        }
        for (index, product) in (root.mapping?["products"]?.sequence.map(Array.init) ?? []).enumerated() {
            relocate(product.mapping?["demand"]?.mapping?["history"], ["products", String(index), "demand", "history"])
        }
        for (index, policy) in (root.mapping?["policies"]?.sequence.map(Array.init) ?? []).enumerated() {
            relocate(policy.mapping?["file"], ["policies", String(index), "file"])
            for (key, value) in policy.mapping?["skus"]?.mapping ?? Node.Mapping([]) {
                guard let code = key.string else { continue }
                relocate(value.mapping?["file"], ["policies", String(index), "skus", code, "file"])
            }
        }
        return out
    }

    /// `target` relative to the folder `folder` (both absolute, standardised).
    static func relativePath(from folder: URL, to target: URL) -> String {
        let a = folder.pathComponents, b = target.pathComponents
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...]
        return parts.joined(separator: "/")
    }
}

/// Edits scalar values in place and adds keys to mappings, by the marks of the parsed tree.
struct TextEditor {
    /// Lines as unicode scalars (Yams counts columns in unicode scalars, from 1).
    var lines: [[Unicode.Scalar]]
    let root: Node
    let file: String
    let endsWithNewline: Bool

    init(text: String, root: Node, file: String) {
        var split = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { split.removeLast() }
        lines = split
        self.root = root
        self.file = file
    }

    var result: String {
        lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// A change at a 0-based line: replace `length` scalars from the 0-based column, or insert a whole line before it.
    enum Edit {
        case replace(line: Int, column: Int, length: Int, text: String)
        case insertLine(before: Int, text: String)

        var position: (Int, Int) {
            switch self {
            case .replace(let line, let column, _, _): return (line, column)
            case .insertLine(let line, _): return (line, -1)
            }
        }
    }

    /// Keys to add below one existing mapping, in order, as a tree of flow values.
    final class Pending {
        var keys: [String] = []
        var children: [String: Pending] = [:]
        var value: String?

        func child(_ key: String) -> Pending {
            if let existing = children[key] { return existing }
            let fresh = Pending()
            keys.append(key)
            children[key] = fresh
            return fresh
        }

        var flow: String {
            if let value { return value }
            return "{" + keys.map { "\($0): \(children[$0]?.flow ?? "")" }.joined(separator: ", ") + "}"
        }
    }

    mutating func apply(_ assignments: [TunedScenarioText.Assignment]) throws {
        var edits: [Edit] = []
        var pending: [(mapping: Node, path: [String], keys: Pending)] = []
        for assignment in assignments {
            var node = root
            var depth = 0
            while depth < assignment.path.count {
                let key = assignment.path[depth]
                if let items = node.sequence {
                    guard let index = Int(key), index >= 0, index < items.count else {
                        throw failure(assignment, "the list has no item \(key)")
                    }
                    node = items[index]
                } else if let mapping = node.mapping, let child = mapping[key] {
                    node = child
                } else {
                    break
                }
                depth += 1
            }
            if depth == assignment.path.count {
                edits.append(try replacement(of: node, with: assignment.value, for: assignment))
                continue
            }
            guard node.mapping != nil else { throw failure(assignment, "'\(assignment.path[depth - 1])' is not a mapping") }
            let prefix = Array(assignment.path[..<depth])
            let group: Pending
            if let existing = pending.first(where: { $0.path == prefix }) { group = existing.keys } else {
                group = Pending()
                pending.append((node, prefix, group))
            }
            var leaf = group
            for key in assignment.path[depth...] { leaf = leaf.child(key) }
            leaf.value = assignment.value
        }
        for (mapping, path, keys) in pending {
            edits += try insertions(keys, into: mapping, path: path)
        }
        // From the end of the file backwards, so earlier marks stay valid.
        let ordered = edits.enumerated().sorted { a, b in
            let (pa, pb) = (a.element.position, b.element.position)
            return pa.0 != pb.0 ? pa.0 > pb.0 : pa.1 != pb.1 ? pa.1 > pb.1 : a.offset > b.offset
        }
        for (_, edit) in ordered {
            switch edit {
            case .replace(let line, let column, let length, let text):
                lines[line].replaceSubrange(column..<(column + length), with: Array(text.unicodeScalars))
            case .insertLine(let line, let text):
                lines.insert(Array(text.unicodeScalars), at: line)
            }
        }
    }

    func failure(_ assignment: TunedScenarioText.Assignment, _ problem: String) -> ScenarioError {
        ScenarioError(file: file, keyPath: assignment.path.joined(separator: "."),
                      problem: "cannot write the tuned value there: \(problem)")
    }

    /// The edit that replaces a scalar's text where it stands.
    func replacement(of node: Node, with value: String, for assignment: TunedScenarioText.Assignment) throws -> Edit {
        guard case .scalar(let scalar) = node, let mark = scalar.mark, mark.line >= 1, mark.line <= lines.count else {
            throw failure(assignment, "the value there is not a single value written in the file")
        }
        let line = lines[mark.line - 1], start = mark.column - 1
        var end = start
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            let quote: Unicode.Scalar = scalar.style == .singleQuoted ? "'" : "\""
            end = start + 1
            while end < line.count {
                if quote == "\"", line[end] == "\\" { end += 2; continue }
                if line[end] == quote {
                    if quote == "'", end + 1 < line.count, line[end + 1] == "'" { end += 2; continue }
                    break
                }
                end += 1
            }
            guard end < line.count else { throw failure(assignment, "a quoted value spans several lines") }
            end += 1
        default:
            end = start + scalar.string.unicodeScalars.count
            guard scalar.style == .plain || scalar.style == .any, end <= line.count,
                  String(String.UnicodeScalarView(line[start..<end])) == scalar.string else {
                throw failure(assignment, "the value is written across several lines or in a block style")
            }
        }
        return .replace(line: mark.line - 1, column: start, length: end - start, text: value)
    }

    /// Edits that add keys to an existing mapping.
    func insertions(_ keys: Pending, into node: Node, path: [String]) throws -> [Edit] {
        guard case .mapping(let mapping) = node else { return [] }
        let pairs = keys.keys.map { "\($0): \(keys.children[$0]?.flow ?? "")" }
        let fail = ScenarioError(file: file, keyPath: path.joined(separator: "."), problem: "cannot add the tuned values to this mapping")
        let keyMarks = mapping.compactMap { $0.key.mark }
        if mapping.style == .flow {
            if let first = keyMarks.first {
                return [.replace(line: first.line - 1, column: first.column - 1, length: 0, text: pairs.joined(separator: ", ") + ", ")]
            }
            guard let mark = mapping.mark else { throw fail }
            return [.replace(line: mark.line - 1, column: mark.column, length: 0, text: pairs.joined(separator: ", "))]
        }
        // A block mapping: new lines at the indentation of its keys, before a key that starts its line
        // (the first key of a list item shares its line with the dash).
        guard let anchor = keyMarks.first(where: { mark in
            mark.line >= 1 && mark.line <= lines.count && lines[mark.line - 1].prefix(mark.column - 1).allSatisfy { $0 == " " }
        }) else {
            // Only the dash line: add after it when the value there is a one-line scalar.
            guard let first = mapping.first, let mark = first.key.mark, first.value.scalar != nil,
                  first.value.mark?.line == mark.line else { throw fail }
            let indent = String(repeating: " ", count: mark.column - 1)
            return pairs.map { .insertLine(before: mark.line, text: indent + $0) }
        }
        let indent = String(repeating: " ", count: anchor.column - 1)
        return pairs.map { .insertLine(before: anchor.line - 1, text: indent + $0) }
    }
}
