/// A problem with a data file, located for the person who has to fix it: file, line, column, what is
/// wrong and what is allowed.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as given.
    public var file: String
    /// 1-based line, when the problem is on one line.
    public var line: Int?
    /// Column name, when the problem is in one column.
    public var column: String?
    /// What is wrong.
    public var problem: String
    /// What would be accepted.
    public var allowed: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, column: String? = nil, problem: String, allowed: String = "") {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.allowed = allowed
    }

    /// One paragraph: `file:line: column 'units': problem. Allowed: ….`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column '\(column)': " }
        text += problem
        if !text.hasSuffix(".") { text += "." }
        if !allowed.isEmpty { text += " Allowed: \(allowed)" + (allowed.hasSuffix(".") ? "" : ".") }
        return text
    }
}
