import Dispatch

/// Steps per second of the lost-sales environment, single and vectorised (for `restock bench-rl`).
public enum EnvironmentSpeed {
    /// The measured rates.
    public struct Measurement: Sendable {
        /// `StationaryEnvironment.advance` steps per second, one core.
        public var singleStepsPerSecond: Double
        /// Environment steps per second of `StationaryVectorEnvironment.step(actions:)` (copies × calls), one core.
        public var vectorStepsPerSecond: Double
        /// Copies in the vectorised batch.
        public var copies: Int
        /// Mean cost per period seen in the single run (a check that the work was done).
        public var meanCost: Double
    }

    /// Times `steps` periods of a single environment and `steps` periods of a batch of `copies`, each the
    /// best of `repeats` runs, ordering a constant `order` units every period (no policy cost included).
    public static func measure(configuration: StationaryConfiguration, copies: Int = 256, steps: Int = 2_000_000,
                               repeats: Int = 5, order: Int = 5) throws -> Measurement {
        var c = configuration
        c.episodeLength = Int.max / 2
        var single = try StationaryEnvironment(configuration: c, seed: 1)
        var best = Double.infinity
        var total = 0.0
        for _ in 0..<repeats {
            _ = single.reset(seed: 1)
            total = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<steps { total += try single.advance(order).cost }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let singleRate = Double(steps) / best
        var vector = try StationaryVectorEnvironment(configuration: c, count: copies)
        let actions = [Int](repeating: order, count: copies)
        let calls = max(1, steps / copies)
        var bestVector = Double.infinity
        for _ in 0..<repeats {
            try vector.reset(seeds: (0..<copies).map { UInt64($0) + 1 })
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { try vector.step(actions: actions) }
            bestVector = min(bestVector, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Measurement(singleStepsPerSecond: singleRate, vectorStepsPerSecond: Double(calls * copies) / bestVector,
                           copies: copies, meanCost: total / Double(steps))
    }
}
