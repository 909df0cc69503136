import Dispatch
import Foundation

/// A one-line progress bar on standard error: `quickstart [##########          ] 75/150 runs, 1.2 s, ETA 1.2 s`.
/// Updated from worker threads, redrawn at most every 1/10 s.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let unit: String
    private let start = DispatchTime.now()
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(label: String, unit: String = "runs") {
        self.label = label
        self.unit = unit
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    func update(_ done: Int, of total: Int, detail: String = "") {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard done == total || now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        drawn = true
        let width = 24
        let filled = total > 0 ? width * done / total : width
        let seconds = elapsed
        let eta = done > 0 ? seconds / Double(done) * Double(total - done) : 0
        let line = String(format: "\r%@ [%@%@] %d/%d %@, %@%.1f s, ETA %.1f s", label,
                          String(repeating: "#", count: filled), String(repeating: " ", count: width - filled), done, total, unit,
                          detail.isEmpty ? "" : detail + ", ", seconds, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
