import Foundation

/// Saving and loading `PPOState` checkpoints, and the training loop that writes them.
public enum PPOCheckpoint {
    /// Writes the state as JSON to a temporary file beside `url`, then renames it into place, so
    /// a kill never leaves a half-written checkpoint.
    /// - Throws: `PPOError` naming the file when it cannot be written.
    public static func save(_ state: PPOState, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A failed evaluation may have scored NaN or ∞; JSON has no such numbers.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
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

    /// How non-finite numbers (a failed evaluation's score) are spelled in a checkpoint.
    static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// Reads a checkpoint.
    /// - Throws: `PPOError` naming the file when it is missing, unreadable, damaged, not a checkpoint,
    ///   or written by an older or newer version of the format (one paragraph saying what to do).
    public static func load(_ url: URL) throws -> PPOState {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PPOError("there is no checkpoint to resume at \(url.path); train without --resume first (or give the --out of the run to continue).")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PPOError("the checkpoint \(url.path) cannot be read (a folder, or no read permission); give the --out of the run to continue, or train afresh without --resume.")
        }
        // Enough of the document to tell what it is before decoding it all.
        struct Header: Decodable {
            var format: String?
            var version: Int?
            var configuration: AnyValue?
            var completedUpdates: Int?
            struct AnyValue: Decodable { init(from decoder: Decoder) throws {} }
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw PPOError("\(url.path) is damaged or not a PPO checkpoint (not a complete JSON object); train afresh without --resume.")
        }
        // Version 1 had no `format` key; recognise it by its fields.
        let isVersion1 = header.format == nil && header.version == 1 && header.configuration != nil && header.completedUpdates != nil
        guard header.format == PPOState.formatName || isVersion1 else {
            let what = header.format.map { "a '\($0)' file" } ?? "not a file that restock writes as a checkpoint"
            throw PPOError("\(url.path) is not a PPO checkpoint (it is \(what)); give the --out folder of the run to continue, or train afresh without --resume.")
        }
        let version = header.version ?? 0
        guard version == PPOState.currentVersion else {
            let age = version < PPOState.currentVersion ? "an older" : "a newer"
            throw PPOError("\(url.path) was made by \(age) version of restock (checkpoint version \(version); this build reads version \(PPOState.currentVersion)) and cannot be continued; train afresh without --resume.")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        do {
            return try decoder.decode(PPOState.self, from: data)
        } catch {
            throw PPOError("\(url.path) is a damaged PPO checkpoint (\(describe(error))); train afresh without --resume.")
        }
    }

    /// A decoding error in a few words: what is wrong, and where.
    static func describe(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "'\(keys.joined(separator: "."))'"
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "'\(key.stringValue)' is missing at \(path(context))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "the value at \(path(context)) has the wrong type"
        case .dataCorrupted(let context)?: return "the value at \(path(context)) is invalid"
        case nil: return error.localizedDescription
        @unknown default: return "\(error)"
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
