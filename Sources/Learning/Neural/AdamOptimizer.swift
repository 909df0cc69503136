import Stochastics

/// The optimiser of PPO's policy and value networks: the shared `Adam` over `Float` parameters, with
/// gradient-norm clipping set from `PPOConfiguration.maxGradientNorm`. Its state is saved in training
/// checkpoints (`checkpoint.json`) under the keys listed in `Adam+Codable.swift`.
public typealias AdamOptimizer = Adam<Float>
