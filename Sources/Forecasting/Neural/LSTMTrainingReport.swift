/// What happened while an ``LSTMForecaster`` trained: how long, how well, and why it stopped.
public struct LSTMTrainingReport: Sendable, Equatable {
    /// Why training ended.
    public enum StopReason: String, Sendable, Equatable {
        /// The epoch cap was reached.
        case epochLimit
        /// The held-out loss had not improved for `patience` epochs.
        case earlyStopping
        /// A loss or gradient became NaN or infinite; the best weights validated before that were kept.
        case diverged
    }

    /// Epochs started (the diverging one included).
    public var epochs: Int
    /// The epoch whose weights were kept (0: the initial weights).
    public var bestEpoch: Int
    /// Mean squared one-step error on the held-out tail, normalised scale, of the kept weights.
    public var validationLoss: Double
    /// Mean squared one-step error over the training windows in the last complete epoch (normalised scale).
    public var trainingLoss: Double
    /// Training windows (summed over series).
    public var trainingWindows: Int
    /// Held-out windows (the last ones of each series).
    public var validationWindows: Int
    /// Why training ended.
    public var stopReason: StopReason

    /// Creates a report.
    public init(epochs: Int, bestEpoch: Int, validationLoss: Double, trainingLoss: Double,
                trainingWindows: Int, validationWindows: Int, stopReason: StopReason) {
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.validationLoss = validationLoss
        self.trainingLoss = trainingLoss
        self.trainingWindows = trainingWindows
        self.validationWindows = validationWindows
        self.stopReason = stopReason
    }
}
