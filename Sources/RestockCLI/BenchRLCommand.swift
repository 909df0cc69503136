import ArgumentParser
import Foundation
import Learning

/// `restock bench-rl`: trains the deep agent on the Zipkin lost-sales instances and grades it against the DP optimum.
struct BenchRLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-rl",
        abstract: "Train PPO on Zipkin's lost-sales instances (Poisson 5, h = 1) and compare with the exact optimum and the best base-stock policy (build with -c release).")

    @Option(help: "Lead times L (periods), comma-separated.") var leadTimes = "1,2"
    @Option(help: "Lost-sale penalties p (currency per unit), comma-separated.") var penalties = "4,9,19,39"
    @Option(help: "PPO updates per instance.") var updates = 200
    @Option(help: "Environment copies stepped together.") var environments = 64
    @Option(help: "Periods per copy per update.") var rollout = 128
    @Option(help: "Largest order, units.") var maxOrder = 20
    @Option(help: "Training episode length, periods.") var episode = 1000
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Hidden layer sizes, comma-separated.") var hidden = "64,64"
    @Option(help: "Initial entropy coefficient.") var entropy: Float = 0.01
    @Option(help: "Policy learning rate.") var learningRate: Float = 3e-4
    @Option(help: "Minibatch size.") var minibatch = 1024
    @Option(help: "Epochs per update.") var epochs = 4
    @Option(help: "Discount factor.") var discount: Double = 0.99
    @Flag(help: "Print every update.") var verbose = false

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release restock bench-rl`.")
        #endif
        let ls = leadTimes.split(separator: ",").compactMap { Int($0) }
        let ps = penalties.split(separator: ",").compactMap { Double($0) }
        var ppo = PPOConfiguration()
        ppo.totalUpdates = updates
        ppo.rolloutLength = rollout
        ppo.seed = seed
        ppo.hiddenSizes = hidden.split(separator: ",").compactMap { Int($0) }
        ppo.entropyCoefficient = entropy
        ppo.policyLearningRate = learningRate
        ppo.minibatchSize = minibatch
        ppo.epochs = epochs
        ppo.discount = discount
        print("L  p   optimum  base-stock(S)   agent    gap%   sim(99%CI)          train s  steps")
        for l in ls {
            for p in ps {
                let c = LostSalesConfiguration(
                    demand: .poisson(mean: 5), leadTimePeriods: l, holdingCost: 1, shortage: .lostSales(penalty: p),
                    maxOrderUnits: maxOrder, episodeLength: episode, rewardNormalization: .meanShortageCost)
                let r = try LostSalesAgentEvaluation.trainPPO(c, ppo: ppo, environments: environments, simulationPeriods: 200_000) { s in
                    if verbose || s.update % 20 == 0 {
                        print(String(format: "  update %4d steps %9d cost %.4f H %.3f kl %.4f clip %.3f vloss %.4f %.2fs",
                                     s.update, s.environmentSteps, s.meanCostPerPeriod, s.entropy, s.approximateKL,
                                     s.clipFraction, s.valueLoss, s.seconds))
                    }
                }
                let sim = r.simulated.map { String(format: "%.3f±%.3f", $0.meanCost, $0.halfWidth99) } ?? "-"
                print(String(format: "%d %3.0f %8.4f %8.4f(%2d) %8.4f %6.2f   %-18@ %7.1f %9d", l, p, r.optimalCost, r.bestBaseStock.cost,
                             r.bestBaseStock.level, r.agentCost, 100 * r.gap, sim, r.trainingSeconds, r.trainingSteps))
            }
        }
    }
}
