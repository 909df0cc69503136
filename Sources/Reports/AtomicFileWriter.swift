import Foundation

/// Writes report files so that a reader never sees a half-written one: each file goes to a temporary
/// name in the same folder and is renamed into place (rename is atomic within a file system).
public enum AtomicFileWriter {
    /// Writes `contents` to `url` atomically, creating the folder if needed.
    /// - Parameters:
    ///   - contents: text to write (UTF-8).
    ///   - url: destination file.
    /// - Throws: `ReportError` naming the file when the folder cannot be made or the write fails.
    public static func write(_ contents: String, to url: URL) throws {
        try writeAll([(contents, url)])
    }
}

/// A failure to write a report, with a message naming the file.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension AtomicFileWriter {
    /// Writes several files all or nothing: every file goes to a temporary name first; only when all
    /// were written are they renamed into place. On failure the temporary files are removed.
    /// - Parameter files: (contents, destination) pairs.
    /// - Throws: ``ReportError`` naming the file that failed.
    public static func writeAll(_ files: [(contents: String, url: URL)]) throws {
        var temporaries: [(URL, URL)] = []
        do {
            for (contents, url) in files {
                let folder = url.deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ReportError("cannot create the output folder \(folder.path): \(error.localizedDescription)")
                }
                let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
                do {
                    try Data(contents.utf8).write(to: temporary)
                } catch {
                    throw ReportError("cannot write \(url.path): \(error.localizedDescription)")
                }
                temporaries.append((temporary, url))
            }
            for (temporary, url) in temporaries where rename(temporary.path, url.path) != 0 {
                throw ReportError("cannot move \(temporary.path) into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            for (temporary, _) in temporaries { try? FileManager.default.removeItem(at: temporary) }
            throw error
        }
    }
}
