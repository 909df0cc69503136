import Policies

/// The inputs of a trained inventory network, in model terms, and their normalisation.
///
/// Raw features (units) are the state of the exact model (`InventoryMDP`): the net inventory
/// after this period's arrival `y`, the later pipeline slots `r_1 ... r_{L−1}` (`r_i` arrives
/// `i` periods from now) and the inventory position `y + Σ r_i`. They are the same whether they
/// come from the training environment (`y = stock + q_1`, `r_i = q_{i+1}`) or from the simulator
/// (`Observation`: orders due by now counted as received, as `TablePolicy` does), so a policy
/// trained in the environment acts on the same state in `restock run`. Each feature is fed to the
/// network as `(raw − offset) / scale`.
public struct InventoryFeatures: Sendable, Equatable, Codable {
    /// `L`, periods.
    public let leadTimePeriods: Int
    /// Subtracted from each raw feature (units).
    public let offsets: [Float]
    /// Each raw feature is divided by this (units), `> 0`.
    public let scales: [Float]

    /// Features for lead time `L`, scaled by the mean demand over the protection interval.
    /// - Parameters:
    ///   - leadTimePeriods: `L >= 0`.
    ///   - meanDemandPerPeriod: Units per period, `> 0`.
    public init(leadTimePeriods: Int, meanDemandPerPeriod: Double) {
        let l = leadTimePeriods
        let unit = Float(max(meanDemandPerPeriod, 1e-6))
        var scales = [unit * Float(l + 1)]
        for _ in 0..<max(l - 1, 0) { scales.append(unit) }
        scales.append(unit * Float(l + 1))
        self.leadTimePeriods = l
        self.scales = scales
        // Centre the stock-like features near a typical order-up-to level (one protection interval).
        var offsets = [Float](repeating: 0, count: scales.count)
        offsets[0] = unit * Float(l) * 0.5
        offsets[offsets.count - 1] = unit * Float(l + 1)
        for i in 1..<(offsets.count - 1) { offsets[i] = unit }
        self.offsets = offsets
    }

    /// Creates features from saved values.
    /// - Throws: `NeuralNetworkError` when the counts do not match `L` or a scale is not positive.
    public init(leadTimePeriods: Int, offsets: [Float], scales: [Float]) throws {
        let count = Self.count(leadTimePeriods: leadTimePeriods)
        guard leadTimePeriods >= 0, offsets.count == count, scales.count == count else {
            throw NeuralNetworkError(
                "feature normalisation for lead time \(leadTimePeriods) needs \(count) offsets and scales, got \(offsets.count) and \(scales.count).")
        }
        guard scales.allSatisfy({ $0.isFinite && $0 > 0 }), offsets.allSatisfy(\.isFinite) else {
            throw NeuralNetworkError("feature scales must be positive and finite, and offsets finite.")
        }
        self.leadTimePeriods = leadTimePeriods
        self.offsets = offsets
        self.scales = scales
    }

    /// Number of features for lead time `L`: `y`, `r_1 ... r_{L−1}`, position.
    public static func count(leadTimePeriods l: Int) -> Int { max(l - 1, 0) + 2 }

    /// Number of features.
    public var count: Int { scales.count }

    /// Names with units, in order.
    public var names: [String] {
        ["netInventoryAfterArrival[units]"] + (0..<max(leadTimePeriods - 1, 0)).map { "pipeline_r\($0 + 1)[units]" }
            + ["inventoryPosition[units]"]
    }

    /// Writes the normalised features of a model state.
    /// - Parameters:
    ///   - netInventory: `y`, units after this period's arrival.
    ///   - pipeline: `r_1 ... r_{L−1}`, units (read through `pipelineAt`).
    ///   - output: `count` floats.
    @inline(__always)
    public func write(netInventory: Int, pipelineAt: (Int) -> Int, into output: UnsafeMutablePointer<Float>) {
        let slots = max(leadTimePeriods - 1, 0)
        var position = netInventory
        output[0] = (Float(netInventory) - offsets[0]) / scales[0]
        for i in 0..<slots {
            let r = pipelineAt(i)
            position += r
            output[1 + i] = (Float(r) - offsets[1 + i]) / scales[1 + i]
        }
        output[slots + 1] = (Float(position) - offsets[slots + 1]) / scales[slots + 1]
    }

    /// The model state of a simulator observation: orders due by now (received or arriving
    /// later today, in time for today's demand) count in `y`; an order due `i >= 1` periods from
    /// now goes to `r_i` (orders beyond `L − 1` periods go to the last slot, or to `y` when `L <= 1`).
    /// - Parameters:
    ///   - observation: What the policy sees.
    ///   - periodLengthDays: Days per model period, `> 0`.
    /// - Returns: `y` and `r_1 ... r_{L−1}`, units.
    public func state(of observation: Observation, periodLengthDays: Double) -> (netInventory: Int, pipeline: [Int]) {
        let (y, pipeline) = observation.modelState(periodLengthDays: periodLengthDays, pipelineSlots: max(leadTimePeriods - 1, 0))
        return (y, pipeline)
    }
}
