import Foundation

/// Text and number helpers for the HTML report: XML-safe escaping and locale-independent number text.
///
/// Everything here is deterministic (no locale, no time, no randomness), so the same document always
/// renders to the same bytes.
enum Markup {
    /// Makes text safe to embed in XML 1.0: characters XML forbids (C0 controls other than tab, line
    /// feed and carriage return, lone surrogates cannot occur in Swift strings, U+FFFE/U+FFFF) become
    /// U+FFFD. Mustache escapes `&<>"'` itself; this only removes what no escaping can express.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isForbidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Escapes text for an XML/HTML text node or a double- or single-quoted attribute value (and
    /// cleans it, see ``clean(_:)``).
    static func escape(_ text: String) -> String {
        let cleaned = clean(text)
        guard cleaned.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return cleaned
        }
        var out = ""
        out.reserveCapacity(cleaned.utf8.count + 16)
        for character in cleaned {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0D }
        return v == 0xFFFE || v == 0xFFFF
    }
}

/// Locale-independent number text.
enum NumberText {
    /// The exact value, as the shortest text that parses back to the same `Double` (Swift's
    /// round-trip `description`), without a trailing `.0`: `12`, `0.1`, `-3.25`, `1e-05`. Non-finite
    /// values give `NaN`, `Infinity`, `-Infinity` (all accepted by `Double(_:)` and JavaScript).
    /// Used for `data-*` attributes, so they can be compared with the CSV files exactly.
    static func exact(_ value: Double) -> String {
        // Fast path for whole numbers (days, units): the same text as below, without Double printing.
        if abs(value) < 1e15, value == value.rounded(.towardZero) { return String(Int(value)) }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        if value == 0 { return "0" }   // also −0
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// Comma-separated exact values (see ``exact(_:)``).
    static func exactList(_ values: [Double]) -> String {
        var out = ""
        out.reserveCapacity(values.count * 8)
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            out += exact(v)
        }
        return out
    }

    /// Comma-separated integers.
    static func intList(_ values: [Int]) -> String {
        values.map(String.init).joined(separator: ",")
    }

    /// Fixed-point text with `decimals` places and an ASCII minus, as C's `%.Nf` in the POSIX locale
    /// (Foundation's `String(format:)` without a locale never localises). `-0.00` becomes `0.00`.
    /// Non-finite values give `NaN` / `Infinity` / `-Infinity`.
    static func fixedASCII(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return exact(value) }
        let d = min(max(decimals, 0), 12)
        var text = String(format: "%.\(d)f", value)
        if text.hasPrefix("-"), !text.contains(where: { $0 >= "1" && $0 <= "9" }) { text.removeFirst() }
        return text
    }

    /// Display text: ``fixedASCII(_:decimals:)`` with a typographic minus sign (U+2212), `n/a` for
    /// non-finite values.
    static func display(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        let text = fixedASCII(value, decimals: decimals)
        return text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }

    /// Display text with an explicit sign (`+1.20`, `−0.40`, `0.00`), for differences.
    static func signedDisplay(_ value: Double, decimals: Int) -> String {
        let text = display(value, decimals: decimals)
        guard value.isFinite, !text.hasPrefix("\u{2212}"), text.contains(where: { $0 >= "1" && $0 <= "9" }) else { return text }
        return "+" + text
    }

    /// "mean ± half-width" display text; the half-width part is left out when it is not finite
    /// (e.g. a single replication).
    static func estimate(_ mean: Double, _ halfWidth: Double, decimals: Int, signed: Bool = false) -> String {
        let m = signed ? signedDisplay(mean, decimals: decimals) : display(mean, decimals: decimals)
        guard mean.isFinite, halfWidth.isFinite else { return m }
        return m + " ± " + display(halfWidth, decimals: decimals)
    }

    /// An SVG coordinate: at most 2 decimals, trailing zeros dropped, no exponent. Fast (integer
    /// arithmetic only) because charts write tens of thousands of them.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0" }
        let hundredths = Int((value * 100).rounded())
        if hundredths == 0 { return "0" }
        let negative = hundredths < 0
        let magnitude = negative ? -hundredths : hundredths
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var out = negative ? "-" : ""
        out += String(whole)
        if fraction != 0 {
            out += "."
            if fraction % 10 == 0 {
                out += String(fraction / 10)
            } else {
                if fraction < 10 { out += "0" }
                out += String(fraction)
            }
        }
        return out
    }
}
