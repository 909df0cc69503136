import Foundation
import Reports

/// A shard's manifest file (`shard.json` of a sweep shard, `run-shard.json` of a run shard): JSON with a
/// format tag, written with sorted keys and read back with a message naming the file for every way it can
/// be missing or wrong.
public protocol ShardManifestFile: Codable, Sendable, Equatable {
    /// The file's name in the shard folder.
    static var fileName: String { get }
    /// The format tag it must carry.
    static var currentFormat: String { get }
    /// What it is, for messages ("shard", "run shard").
    static var kind: String { get }
    /// The command that writes it, for messages.
    static var writer: String { get }
    /// What a missing file should have been, for the message (e.g. which folders merge takes).
    static var missingHint: String { get }
    /// The format tag read.
    var format: String { get }
}

extension ShardManifestFile {
    /// The JSON text (keys sorted, one trailing newline): the same bytes for the same shard.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding plain strings and numbers cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Reads the manifest of a shard folder and checks its format tag.
    /// - Returns: the manifest and its path (for the caller's own checks' messages).
    /// - Throws: ``ReportError`` naming the file when it is missing, not this JSON, or of another format.
    static func read(folder: String) throws -> (Self, path: String) {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError("\(path): missing; \(missingHint)") }
        let manifest: Self
        do {
            manifest = try JSONDecoder().decode(Self.self, from: data)
        } catch {
            throw ReportError("\(path): not a \(kind) manifest (\(describe(error))); expected the \(fileName) '\(writer)' writes")
        }
        guard manifest.format == currentFormat else {
            throw ReportError("\(path): format '\(manifest.format.prefix(40))' is not \(currentFormat); re-run the shard with this restock")
        }
        return (manifest, path)
    }

    /// A decoding error in a few words.
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "unreadable"
        }
    }
}
