import Yams

/// A key path through the YAML tree, as Codable reports it and as messages print it.
struct ScenarioKeyPath {
    enum Component { case key(String), index(Int) }
    var components: [Component]

    init(_ codingPath: [CodingKey]) {
        components = codingPath.map { key in
            if let index = key.intValue { return .index(index) }
            return .key(key.stringValue)
        }
    }

    init(text: String) {
        components = []
        for part in text.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { components.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { components.append(.index(index)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
    }

    func appending(_ key: CodingKey) -> ScenarioKeyPath {
        var copy = self
        copy.components.append(key.intValue.map { .index($0) } ?? .key(key.stringValue))
        return copy
    }

    var text: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key): out += out.isEmpty ? key : ".\(key)"
            case .index(let index): out += "[\(index)]"
            }
        }
        return out
    }

    /// The node at this path, if present.
    func node(in root: Node) -> Node? {
        var current: Node? = root
        for component in components {
            guard let node = current else { return nil }
            switch component {
            case .key(let key): current = node.mapping?[key]
            case .index(let index):
                guard let items = node.sequence, index >= 0, index < items.count else { return nil }
                current = items[index]
            }
        }
        return current
    }

    /// Line of the node at the path or, when the key is missing, of the deepest existing node along it.
    /// Values given with `--set` carry no line (they are not in the file).
    func line(in root: Node) -> Int? {
        var prefix = self
        while true {
            if let node = prefix.node(in: root) { return node.mark?.line }
            if prefix.components.isEmpty { return nil }
            prefix.components.removeLast()
        }
    }
}
