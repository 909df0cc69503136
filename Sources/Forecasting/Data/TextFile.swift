import Foundation

/// Reading the text of an input file (a scenario, a sales history) with a located error for bytes that
/// are not UTF-8.
public enum TextFile {
    /// Where `data` stops being UTF-8: the 1-based line and column (in characters) of the first bad byte.
    public struct InvalidByte: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var byte: UInt8
    }

    /// The text of the CSV file at `path` (a sales history or plan).
    /// - Parameters:
    ///   - path: the file.
    ///   - what: what the file is, for the message when it does not exist ("the sales history file").
    ///   - allowed: what a good file holds, for that message.
    /// - Returns: the file's text.
    /// - Throws: ``DataError`` when the file does not exist, cannot be read or is not UTF-8 (with line and column).
    static func readCSV(path: String, what: String, allowed: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(file: path, problem: "\(what) does not exist", allowed: allowed)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(file: path, problem: "the file cannot be read (permissions?)", allowed: "a readable CSV file")
        }
        switch decodeUTF8(data) {
        case .success(let text):
            return text
        case .failure(let bad):
            throw DataError(file: path, line: bad.line, problem: String(format: "the byte 0x%02X at column %d is not UTF-8 text", bad.byte, bad.column),
                            allowed: "a CSV file saved as UTF-8")
        }
    }

    /// `data` as UTF-8 text, or the position of its first byte that is not UTF-8.
    public static func decodeUTF8(_ data: Data) -> Result<String, InvalidByte> {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .emptyInput:
                return .success(String(decoding: data, as: UTF8.self))
            case .error:
                return .failure(InvalidByte(line: line, column: column, byte: data[data.startIndex + offset]))
            }
        }
    }
}
