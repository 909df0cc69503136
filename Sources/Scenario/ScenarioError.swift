/// A problem with a scenario file, told the way a planner can fix it: which file, which key (and line),
/// what is wrong and what is allowed.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scenario file's path as given.
    public var file: String
    /// Dotted key path such as `products[0].suppliers[1].unitCost`; empty for the whole file.
    public var keyPath: String
    /// 1-based line in the file, when known.
    public var line: Int?
    /// What is wrong, as a sentence.
    public var problem: String
    /// What would be accepted, as a phrase (may be empty).
    public var allowed: String

    /// Creates an error.
    public init(file: String, keyPath: String = "", line: Int? = nil, problem: String, allowed: String = "") {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.problem = problem
        self.allowed = allowed
    }

    /// One paragraph: `file:line: at key.path: problem. Allowed: ….`
    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        var text = "\(where_): "
        if !keyPath.isEmpty { text += "at '\(keyPath)': " }
        text += problem
        if !text.hasSuffix(".") { text += "." }
        if !allowed.isEmpty { text += " Allowed: \(allowed)" + (allowed.hasSuffix(".") ? "" : ".") }
        return text
    }
}

/// Edit distance, to suggest the nearest valid key for a misspelt one.
enum Spelling {
    /// Levenshtein distance between two strings, case-insensitive.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate closest to `word`, if reasonably close.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (best, score) = scored, score <= max(2, word.count / 2) else { return nil }
        return best
    }
}
