import Yams

/// `--set key.path=value`: changes one value of the parsed scenario before it is checked.
///
/// Path segments are mapping keys or list indices (`products.0.sellingPrice`, or as messages print key
/// paths, `products[0].sellingPrice`); a list of products or policies may also be indexed by SKU or name
/// (`products.MUG-01.sellingPrice`, `policies.base-stock.orderUpToUnits`). A bracketed index is always a
/// position; a dotted one names the item with that SKU or name first. The value is parsed as YAML, so
/// `3`, `auto`, `true` and `{type: poisson, mean: 4}` all work.
enum ScenarioOverride {
    /// One step of a key path.
    enum Segment: Equatable {
        /// `.word`: a mapping key, or in a list an item's SKU or name, else its index.
        case name(String)
        /// `[n]`: a list position.
        case index(Int)

        var text: String {
            switch self {
            case .name(let name): return name
            case .index(let index): return String(index)
            }
        }
    }

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
        let keyText = String(text[..<equals])
        let valueText = String(text[text.index(after: equals)...])
        guard let path = segments(keyText) else {
            throw ScenarioError(file: file, keyPath: keyText, problem: "the key path '\(keyText)' has a malformed [index]",
                                allowed: "key.path with whole-number indices, e.g. products[0].sellingPrice or products.0.sellingPrice")
        }
        guard !path.isEmpty else {
            throw ScenarioError(file: file, problem: "the override '\(text)' has an empty key path",
                                allowed: "--set key.path=value")
        }
        let value: Node
        do {
            value = try Yams.compose(yaml: valueText) ?? Node("")
        } catch {
            throw ScenarioError(file: file, keyPath: keyText,
                                problem: "the override value '\(valueText)' is not valid YAML")
        }
        try ScenarioLoader.checkSize(value, file: file, keyPath: keyText)
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

    /// The segments of a key path: dots separate names, `[n]` adds an index (`a[0].b` is `a`, `[0]`, `b`).
    /// - Parameter keyPath: the key path text.
    /// - Returns: the segments, or nil when a bracket is not a closed whole number.
    static func segments(_ keyPath: String) -> [Segment]? {
        var segments: [Segment] = []
        for part in keyPath.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { segments.append(.name(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while !rest.isEmpty {
                    guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]"),
                          let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0 else { return nil }
                    segments.append(.index(index))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                segments.append(.name(String(rest)))
            }
        }
        return segments
    }

    static func set(_ path: ArraySlice<Segment>, to value: Node, in node: Node, walked: [String], file: String) throws -> Node {
        guard let segment = path.first else { return value }
        let head = segment.text
        let here = (walked + [head]).joined(separator: ".")
        switch node {
        case .mapping(let mapping):
            guard case .name = segment else {
                throw ScenarioError(file: file, keyPath: here, line: node.mark?.line,
                                    problem: "[\(head)] indexes a list, but '\(walked.joined(separator: "."))' is a mapping",
                                    allowed: "a key name there")
            }
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
            let position: Int?
            switch segment {
            case .index(let index): position = index
            case .name:
                position = items.firstIndex { item in
                    item.mapping?["sku"]?.string == head || item.mapping?["name"]?.string == head
                } ?? Int(head)
            }
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
