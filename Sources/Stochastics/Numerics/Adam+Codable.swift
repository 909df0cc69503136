/// Adam's state is part of PPO training checkpoints (`checkpoint.json`), whose keys predate this
/// type: `learningRate`, `beta1`, `beta2`, `epsilon`, `maxGradientNorm` (absent when `nil`),
/// `firstMoment`, `secondMoment`, `steps`. `epsilonPlacement` is written only when it is not the
/// default `correctedMoment`, so those checkpoints keep their exact form and still load.
extension Adam: Codable where Scalar: Codable {
    enum CodingKeys: String, CodingKey {
        case learningRate, beta1, beta2, epsilon, maxGradientNorm, epsilonPlacement, firstMoment, secondMoment, steps
    }

    /// Reads an optimiser state.
    /// - Throws: `DecodingError` when a key is missing, the moment vectors differ in length or `steps` is negative.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        learningRate = try container.decode(Scalar.self, forKey: .learningRate)
        beta1 = try container.decode(Scalar.self, forKey: .beta1)
        beta2 = try container.decode(Scalar.self, forKey: .beta2)
        epsilon = try container.decode(Scalar.self, forKey: .epsilon)
        maxGradientNorm = try container.decodeIfPresent(Scalar.self, forKey: .maxGradientNorm)
        epsilonPlacement = try container.decodeIfPresent(EpsilonPlacement.self, forKey: .epsilonPlacement) ?? .correctedMoment
        m = try container.decode([Scalar].self, forKey: .firstMoment)
        v = try container.decode([Scalar].self, forKey: .secondMoment)
        stepCount = try container.decode(Int.self, forKey: .steps)
        guard m.count == v.count else {
            throw DecodingError.dataCorruptedError(forKey: .secondMoment, in: container,
                                                   debugDescription: "firstMoment has \(m.count) entries but secondMoment \(v.count).")
        }
        guard stepCount >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .steps, in: container, debugDescription: "steps must be >= 0, got \(stepCount).")
        }
    }

    /// Writes the optimiser state under the keys listed above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(beta1, forKey: .beta1)
        try container.encode(beta2, forKey: .beta2)
        try container.encode(epsilon, forKey: .epsilon)
        try container.encodeIfPresent(maxGradientNorm, forKey: .maxGradientNorm)
        if epsilonPlacement != .correctedMoment { try container.encode(epsilonPlacement, forKey: .epsilonPlacement) }
        try container.encode(m, forKey: .firstMoment)
        try container.encode(v, forKey: .secondMoment)
        try container.encode(stepCount, forKey: .steps)
    }
}
