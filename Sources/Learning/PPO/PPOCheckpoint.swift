import Foundation

/// Saving and loading `PPOState` checkpoints, and the training loop that writes them.
public enum PPOCheckpoint {
    /// Writes the state as JSON to a temporary file beside `url`, then renames it into place, so
    /// a kill never leaves a half-written checkpoint.
    /// - Throws: `PPOError` naming the file when it cannot be written.
    public static func save(_ state: PPOState, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try encoder.encode(state).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw PPOError("cannot write the checkpoint \(url.path): \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw PPOError("cannot move the checkpoint into place at \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads a checkpoint.
    /// - Throws: `PPOError` naming the file when it is missing, unreadable or of another version.
    public static func load(_ url: URL) throws -> PPOState {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PPOError("there is no checkpoint to resume at \(url.path) (train without --resume first).")
        }
        struct Header: Decodable { var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw PPOError("\(url.path) is not a PPO checkpoint (not a JSON object).")
        }
        guard header.version == PPOState.currentVersion else {
            throw PPOError("\(url.path) has checkpoint version \(header.version.map(String.init) ?? "missing"); this build reads version \(PPOState.currentVersion).")
        }
        do {
            return try JSONDecoder().decode(PPOState.self, from: data)
        } catch {
            throw PPOError("\(url.path) is not a valid PPO checkpoint: \(error)")
        }
    }

    /// Runs `trainer` to the end, writing a checkpoint at every segment boundary.
    ///
    /// When an update fails (e.g. a NaN reward or gradient), the error is rethrown with the
    /// update, the environment step, and the last checkpoint that was kept.
    /// - Parameters:
    ///   - trainer: A new or resumed trainer.
    ///   - checkpoint: Where to save checkpoints (nil: no checkpoints).
    ///   - onUpdate: Called after every update.
    ///   - stopAfter: Stop once this many updates are complete (in total), at a checkpoint; nil: train to the end.
    ///   - onSegment: Called at each segment boundary, before the checkpoint is written (e.g. to evaluate
    ///     the greedy policy and `record` its score).
    public static func train<E>(
        _ trainer: PPOTrainer<E>, checkpoint: URL?, stopAfter: Int? = nil, onUpdate: (PPOUpdateStatistics) -> Void = { _ in },
        onSegment: (PPOTrainer<E>) throws -> Void = { _ in }
    ) throws {
        var lastSaved: Int? = checkpoint != nil && trainer.state.completedUpdates > 0 ? trainer.state.completedUpdates : nil
        while !trainer.isFinished {
            let statistics: PPOUpdateStatistics
            do {
                statistics = try trainer.update()
            } catch let error as PPOError {
                let kept = lastSaved.map { "the last good checkpoint (after update \($0)) is kept at \(checkpoint!.path)" }
                    ?? "no checkpoint had been written yet"
                throw PPOError("\(error.message) \(kept.prefix(1).uppercased() + kept.dropFirst()).",
                               environmentStep: error.environmentStep)
            }
            onUpdate(statistics)
            if trainer.isAtSegmentBoundary || trainer.isFinished {
                // Evaluate first, so that the checkpoint holds what the evaluation recorded (e.g. the best policy).
                try onSegment(trainer)
                if let checkpoint {
                    try save(trainer.state, to: checkpoint)
                    lastSaved = trainer.state.completedUpdates
                }
                if let stopAfter, trainer.state.completedUpdates >= stopAfter { return }
            }
        }
    }
}
