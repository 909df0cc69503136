/// Splits RFC 4180 CSV text into rows of fields: commas (or semicolons, detected from the header),
/// double-quoted fields with `""` escapes and embedded line breaks, `\n` or `\r\n` line ends.
/// Each row keeps the 1-based line on which it starts, for error messages.
public enum CSVReader {
    /// One parsed row.
    public struct Row: Sendable, Equatable {
        /// Line number where the row starts.
        public var line: Int
        /// The fields, unquoted.
        public var fields: [String]
    }

    /// Parses CSV text.
    /// - Parameter text: the file contents.
    /// - Returns: the rows (blank lines skipped), or the line of an unterminated quote.
    /// - Complexity: O(length of text).
    public static func rows(_ text: String) -> Result<[Row], UnterminatedQuote> {
        let firstLine = text.prefix { $0 != "\n" }
        let separator: Character = firstLine.contains(",") || !firstLine.contains(";") ? "," : ";"
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var quoteStart = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowStart, fields: fields)) }
            fields = []
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteStart = line
            case separator:
                fields.append(field)
                field = ""
            case "\n", "\r\n":
                endRow()
                line += 1
                rowStart = line
            case "\r":
                continue
            default:
                field.append(c)
            }
        }
        if inQuotes { return .failure(UnterminatedQuote(line: quoteStart)) }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return .success(rows)
    }

    /// A quoted field that never closes.
    public struct UnterminatedQuote: Error, Sendable, Equatable {
        /// Line where the quote opened.
        public var line: Int
    }
}

extension CSVReader.Row {
    /// Throws unless the row has `count` fields, the header's.
    /// - Throws: ``DataError`` naming `file` and the row's line.
    func requireWidth(_ count: Int, file: String) throws {
        guard fields.count == count else {
            throw DataError(file: file, line: line, problem: "the row has \(fields.count) fields but the header has \(count)",
                            allowed: "the same number of comma-separated fields on every line")
        }
    }

    /// The field at `index` without surrounding spaces.
    func cell(_ index: Int) -> String { fields[index].trimmingCharacters(in: .whitespaces) }

    /// The date in field `index`, whose header is `column`.
    /// - Throws: ``DataError`` naming `file`, the line and the column when it is not a YYYY-MM-DD date.
    func date(at index: Int, column: String, file: String) throws -> CalendarDay {
        guard let day = CalendarDay(iso: Substring(cell(index))) else {
            throw DataError(file: file, line: line, column: column, problem: "'\(cell(index))' is not a date", allowed: "dates as YYYY-MM-DD")
        }
        return day
    }
}
