import Yams

/// `--set key.path=value`: changes one value of the parsed scenario before it is checked.
///
/// Path segments are mapping keys or list indices (`products.0.sellingPrice`); a list of products or
/// policies may also be indexed by SKU or name (`products.MUG-01.sellingPrice`, `policies.base-stock.orderUpToUnits`).
/// The value is parsed as YAML, so `3`, `auto`, `true` and `{type: poisson, mean: 4}` all work.
enum ScenarioOverride {
    /// Applies one override.
    /// - Parameters:
    ///   - text: `key.path=value`.
    ///   - root: the parsed scenario.
    ///   - file: file name for messages.
    /// - Returns: the changed tree.
    /// - Throws: ``ScenarioError`` for a malformed override or a path that does not exist.
    static func apply(_ text: String, to root: Node, file: String) throws -> Node {
        guard let equals = text.firstIndex(of: "=") else {
            throw ScenarioError(file: file, keyPath: text, problem: "the override '\(text)' has no '='",
                                allowed: "--set key.path=value, e.g. --set replications=50")
        }
        let path = text[..<equals].split(separator: ".").map(String.init)
        let valueText = String(text[text.index(after: equals)...])
        guard !path.isEmpty else {
            throw ScenarioError(file: file, problem: "the override '\(text)' has an empty key path",
                                allowed: "--set key.path=value")
        }
        let value: Node
        do {
            value = try Yams.compose(yaml: valueText) ?? Node("")
        } catch {
            throw ScenarioError(file: file, keyPath: path.joined(separator: "."),
                                problem: "the override value '\(valueText)' is not valid YAML")
        }
        return try set(path[...], to: withoutMarks(value), in: root, walked: [], file: file)
    }

    /// The value's line numbers refer to the override text, not to the file: drop them so messages
    /// about an overridden value do not point at a wrong line.
    static func withoutMarks(_ node: Node) -> Node {
        switch node {
        case .scalar(var scalar):
            scalar.mark = nil
            return .scalar(scalar)
        case .mapping(var mapping):
            let pairs = mapping.map { (withoutMarks($0.key), withoutMarks($0.value)) }
            mapping = Node.Mapping(pairs, mapping.tag, mapping.style, nil)
            return .mapping(mapping)
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(withoutMarks), sequence.tag, sequence.style, nil))
        case .alias:
            return node
        }
    }

    static func set(_ path: ArraySlice<String>, to value: Node, in node: Node, walked: [String], file: String) throws -> Node {
        guard let head = path.first else { return value }
        let here = (walked + [head]).joined(separator: ".")
        switch node {
        case .mapping(let mapping):
            var pairs = mapping.map { ($0.key, $0.value) }
            if let index = pairs.firstIndex(where: { $0.0.string == head }) {
                pairs[index].1 = try set(path.dropFirst(), to: value, in: pairs[index].1, walked: walked + [head], file: file)
            } else {
                // A missing key is added (intermediate ones as mappings); the schema check then says
                // whether it is allowed there.
                let fresh = path.count == 1 ? value
                    : try set(path.dropFirst(), to: value, in: .mapping(Node.Mapping([])), walked: walked + [head], file: file)
                pairs.append((Node(head), fresh))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            var items = Array(sequence)
            // A SKU or name match wins over an index, so a numeric SKU code such as "1001" addresses its product.
            let position = items.firstIndex { item in
                item.mapping?["sku"]?.string == head || item.mapping?["name"]?.string == head
            } ?? Int(head)
            guard let position, position >= 0, position < items.count else {
                throw ScenarioError(file: file, keyPath: here, problem: "--set names item '\(head)', which is not in the list",
                                    allowed: "an index 0…\(max(0, items.count - 1)) or an item's sku/name")
            }
            items[position] = try set(path.dropFirst(), to: value, in: items[position], walked: walked + [head], file: file)
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        default:
            throw ScenarioError(file: file, keyPath: here, line: node.mark?.line,
                                problem: "--set goes below '\(walked.joined(separator: "."))', which is a single value")
        }
    }
}
