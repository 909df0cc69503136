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
    public static func checkFolder(_ folder: URL, files: [String] = reportFileNames) throws {
        if let reason = obstacle(to: folder) {
            throw ReportError("cannot write the report to \(folder.path): \(reason); choose an output folder you can write to.")
        }
        for name in files {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw ReportError("cannot write the report to \(folder.path): \(path) is a folder where a report file goes; "
                                  + "move it or choose another output folder.")
            }
        }
    }

    /// The files Restock's commands write into an output folder (checked before any work).
    public static let reportFileNames = ["summary.csv", "replications.csv", "index.html", "trace.csv", "forecast.csv",
                                         "forecasts.csv", "accuracy.csv", "comparison.csv", "comparison.html", "tuning.csv",
                                         "tuning.html", "tuned.yaml", "learning_curve.csv", "training.html", "bench_policies.csv"]

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
    /// were written are they renamed into place, the files they replace kept aside until the last one is
    /// in place. On failure the temporary files are removed and the previous files put back, so the
    /// folder holds either the old set or the new one. Temporary files left by runs that were killed
    /// (their process is gone) are removed first; those of this run are removed on SIGINT/SIGTERM
    /// (``installInterruptCleanup()``).
    /// - Parameter files: (contents, destination) pairs.
    /// - Throws: ``ReportError`` naming the file that failed.
    public static func writeAll(_ files: [(contents: String, url: URL)]) throws {
        try writeAll(data: files.map { (Data($0.contents.utf8), $0.url) })
    }

    /// ``writeAll(_:)`` for files of bytes (all or nothing, the same way).
    public static func writeAll(data files: [(contents: Data, url: URL)]) throws {
        for (_, url) in files {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                throw ReportError("cannot write \(url.path): a folder of that name is in the way; move it or choose another output folder.")
            }
        }
        var temporaries: [(URL, URL)] = []
        var backups: [(backup: URL, url: URL)] = []
        var placed: [URL] = []
        let pid = getpid()
        defer { for (temporary, _) in temporaries { TemporaryFiles.shared.forget(temporary.path) } }
        do {
            for (contents, url) in files {
                let folder = url.deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ReportError("cannot create the output folder \(folder.path): \(reason(error, folder: folder)); "
                                      + "choose an output folder you can write to.")
                }
                removeStaleTemporaries(in: folder)
                let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(pid)")
                TemporaryFiles.shared.remember(temporary.path)
                temporaries.append((temporary, url))
                do {
                    try contents.write(to: temporary)
                } catch {
                    throw ReportError("cannot write \(url.path): \(reason(error, folder: folder)); choose an output folder you can write to.")
                }
            }
            for (temporary, url) in temporaries {
                if FileManager.default.fileExists(atPath: url.path) {
                    let backup = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(pid)-previous")
                    TemporaryFiles.shared.rememberBackup(backup.path, of: url.path)
                    guard rename(url.path, backup.path) == 0 else {
                        throw ReportError("cannot replace \(url.path): \(String(cString: strerror(errno)))")
                    }
                    backups.append((backup, url))
                }
                guard rename(temporary.path, url.path) == 0 else {
                    throw ReportError("cannot move \(temporary.path) into place: \(String(cString: strerror(errno)))")
                }
                placed.append(url)
            }
            for (backup, _) in backups {
                try? FileManager.default.removeItem(at: backup)
                TemporaryFiles.shared.forget(backup.path)
            }
        } catch {
            for url in placed { try? FileManager.default.removeItem(at: url) }
            for (backup, url) in backups {
                _ = rename(backup.path, url.path)
                TemporaryFiles.shared.forget(backup.path)
            }
            for (temporary, _) in temporaries { try? FileManager.default.removeItem(at: temporary) }
            throw error
        }
    }

    /// Removes `.NAME.tmp-PID` files (and their `-previous` backups) in `folder` whose process no longer runs.
    static func removeStaleTemporaries(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            let digits = name[range.upperBound...].prefix { $0.isNumber }
            guard let pid = Int32(digits), pid != getpid() else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            let path = folder.appendingPathComponent(name)
            // A file moved aside by a run killed while putting its set in place goes back if nothing replaced it.
            let original = folder.appendingPathComponent(String(name.dropFirst()[..<range.lowerBound]))
            if name.hasSuffix("-previous"), !FileManager.default.fileExists(atPath: original.path) {
                _ = rename(path.path, original.path)
            } else {
                try? FileManager.default.removeItem(at: path)
            }
        }
    }

    /// Removes this process's temporary report files when it is interrupted (SIGINT, SIGTERM) and exits
    /// with 130 or 143. Call once at start-up.
    public static func installInterruptCleanup() {
        TemporaryFiles.shared.installHandlers()
    }
}

/// The temporary files this process is writing, removed if it is interrupted; files moved aside while a
/// new set is put in place are moved back.
final class TemporaryFiles: @unchecked Sendable {
    static let shared = TemporaryFiles()

    private let lock = NSLock()
    private var paths: Set<String> = []
    /// Backup path → the file it was.
    private var backups: [String: String] = [:]
    private var sources: [any DispatchSourceSignal] = []

    func remember(_ path: String) {
        lock.lock()
        paths.insert(path)
        lock.unlock()
    }

    func rememberBackup(_ backup: String, of original: String) {
        lock.lock()
        backups[backup] = original
        lock.unlock()
    }

    func forget(_ path: String) {
        lock.lock()
        paths.remove(path)
        backups.removeValue(forKey: path)
        lock.unlock()
    }

    func installHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for (number, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                lock.lock()
                let pending = paths, moved = backups
                lock.unlock()
                for path in pending { unlink(path) }
                // The old set stays whole: files moved aside go back (over any new one already in place).
                for (backup, original) in moved { _ = rename(backup, original) }
                FileHandle.standardError.write(Data("interrupted: temporary files removed; no report was half-written\n".utf8))
                exit(code)
            }
            source.resume()
            sources.append(source)
        }
    }
}
