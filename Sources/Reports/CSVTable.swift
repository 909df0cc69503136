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
        out.reserveCapacity((rows.count + 1) * header.count * 10)
        func line(_ cells: [String]) {
            for (index, cell) in cells.enumerated() {
                if index > 0 { out.append(",") }
                out.append(Self.needsQuoting(cell) ? Self.escape(cell) : cell)
            }
            out.append("\n")
        }
        line(header)
        for row in rows { line(row) }
        return out
    }

    static func needsQuoting(_ cell: String) -> Bool {
        cell.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }

    /// Quotes a cell when it holds a comma, quote or line break.
    public static func escape(_ cell: String) -> String {
        guard needsQuoting(cell) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Formats a number locale-independently: rounded to `decimals` places, trailing zeros dropped, no
    /// exponent, `NaN` as an empty cell, `-0` as `0`.
    ///
    /// Report files hold hundreds of thousands of numbers, so ordinary magnitudes are formatted with
    /// integer arithmetic (rounding `|x|·10^d` half away from zero); beyond 2^53 it falls back to printf.
    /// - Parameters:
    ///   - value: the number.
    ///   - decimals: digits after the decimal point (0…9).
    /// - Returns: the cell text.
    public static func number(_ value: Double, decimals: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "" : (value > 0 ? "inf" : "-inf") }
        let places = min(max(decimals, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9_007_199_254_740_992 else {
            var text = String(format: "%.\(places)f", value)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text == "-0" ? "0" : text
        }
        let units = UInt64(scaled)
        let whole = units / scale
        var fraction = units % scale
        if whole == 0 && fraction == 0 { return "0" }
        var text = value < 0 ? "-" : ""
        text += String(whole)
        if fraction > 0 {
            var digits = places
            while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }
}
