import Foundation

/// A table written as RFC 4180 CSV (comma-separated, quoted where needed, `\n` line ends), so that
/// spreadsheets open it as is.
public struct CSVTable: Sendable {
    /// Column names.
    public var header: [String]
    /// Rows of already formatted cells.
    public var rows: [[String]] = []

    /// Creates an empty table.
    public init(header: [String]) { self.header = header }

    /// Appends a row.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The CSV text.
    public var text: String {
        var out = ""
        out.reserveCapacity(rows.count * header.count * 10)
        func line(_ cells: [String]) {
            out += cells.map(Self.escape).joined(separator: ",")
            out += "\n"
        }
        line(header)
        for row in rows { line(row) }
        return out
    }

    /// Quotes a cell when it holds a comma, quote or line break.
    public static func escape(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Formats a number with a fixed locale-independent representation: up to `digits` significant
    /// decimals, no exponent for ordinary magnitudes, `NaN` as an empty cell.
    /// - Parameters:
    ///   - value: the number.
    ///   - decimals: digits after the decimal point.
    /// - Returns: the cell text.
    public static func number(_ value: Double, decimals: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "" : (value > 0 ? "inf" : "-inf") }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
