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
    /// Checks, before a long run, that report files can be written to `folder` (which need not exist
    /// yet): its nearest existing ancestor must be a folder the process may write in. Creates nothing.
    /// - Parameter folder: the output folder.
    /// - Throws: ``ReportError`` in one sentence naming the folder and the reason.
    public static func checkFolder(_ folder: URL) throws {
        if let reason = obstacle(to: folder) {
            throw ReportError("cannot write the report to \(folder.path): \(reason); choose an output folder you can write to.")
        }
    }

    /// Why files cannot be written into `folder`, or nil when nothing is in the way: the nearest
    /// existing ancestor is a file, or a folder without write permission.
    public static func obstacle(to folder: URL) -> String? {
        var current = folder.standardizedFileURL
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: current.path, isDirectory: &isFolder) {
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
        if !isFolder.boolValue { return "\(current.path) is a file, not a folder" }
        if access(current.path, W_OK | X_OK) != 0 { return "\(current.path) is not writable (\(String(cString: strerror(errno))))" }
        return nil
    }

    /// The reason a folder or file operation failed: what is in the way of `folder`, else the system's message.
    static func reason(_ error: Error, folder: URL) -> String {
        if let obstacle = obstacle(to: folder) { return obstacle }
        let error = error as NSError
        let candidates = [error.userInfo[NSUnderlyingErrorKey] as? NSError, error].compactMap { $0 }
        if let posix = candidates.first(where: { $0.domain == NSPOSIXErrorDomain }) {
            return String(cString: strerror(Int32(posix.code)))
        }
        return error.localizedDescription
    }

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
                    throw ReportError("cannot create the output folder \(folder.path): \(reason(error, folder: folder)); "
                                      + "choose an output folder you can write to.")
                }
                let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
                do {
                    try Data(contents.utf8).write(to: temporary)
                } catch {
                    throw ReportError("cannot write \(url.path): \(reason(error, folder: folder)); choose an output folder you can write to.")
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
