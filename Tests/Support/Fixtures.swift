import Foundation

/// Reference files of the tests, in `Tests/Fixtures/` of this repository (see the README there for
/// each file's source). Paths are relative to this source file, so any clone in any folder finds them.
public enum Fixtures {
    /// The fixtures folder.
    public static var folder: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // Tests
            .appendingPathComponent("Fixtures")
    }

    /// The fixture named `name`.
    /// - Throws: `FixtureError` when the file is not in `Tests/Fixtures/`.
    public static func url(_ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FixtureError(message: "test fixture \(name) is missing from \(folder.path)")
        }
        return url
    }

    /// Rows of a small numeric CSV as dictionaries keyed by the header (NaN for a cell that is not a number).
    public static func numericRows(_ name: String) throws -> [[String: Double]] {
        let text = try String(contentsOf: try url(name), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    /// The last column of a `t,value` series CSV (header skipped).
    public static func series(_ name: String) throws -> [Double] {
        let text = try String(contentsOf: try url(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            line.split(separator: ",").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
    }
}

/// A fixture that is not where the tests expect it.
public struct FixtureError: Error, CustomStringConvertible {
    /// What is missing and where it was looked for.
    public let message: String
    public var description: String { message }
}
