import ArgumentParser
import Foundation
import Learning

/// `restock bench-rl`: trains the deep agent on instances with a known optimum and grades it.
struct BenchRLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-rl",
        abstract: "Train PPO on Zipkin's lost-sales instances (Poisson 5, h = 1) and on a joint pricing instance, and compare with the exact optimum (DP), the best base-stock policy and the best fixed price (build with -c release).")

    @Option(help: "Lead times L (periods), comma-separated.") var leadTimes = "1,2"
    @Option(help: "Lost-sale penalties p (currency per unit), comma-separated.") var penalties = "4,9,19,39"
    @Flag(help: "Also run the joint pricing instance (prices 6/8/10, Poisson means 8/6/4, L = 1, h = 1, p = 1, K = 10, c = 2).") var pricing = false
    @Flag(help: "Only the pricing instance.") var pricingOnly = false
    @Option(help: "PPO updates per instance.") var updates = 600
    @Option(help: "Environment copies stepped together.") var environments = 64
    @Option(help: "Periods per copy per update.") var rollout = 128
    @Option(help: "Largest order, units.") var maxOrder = 15
    @Option(help: "Training episode length, periods.") var episode = 1280
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Hidden layer sizes, comma-separated.") var hidden = "32,32"
    @Option(help: "Initial entropy coefficient.") var entropy: Float = 0.01
    @Option(help: "Policy learning rate.") var learningRate: Float = 1e-3
    @Option(help: "Minibatch size.") var minibatch = 1024
    @Option(help: "Epochs per update.") var epochs = 8
    @Option(help: "Discount factor.") var discount: Double = 0.99
    @Option(help: "GAE lambda.") var lambda: Double = 0.95
    @Flag(help: "Print every update.") var verbose = false
    @Flag(help: "Only measure environment steps per second.") var speedOnly = false

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release restock bench-rl`.")
        #endif
        let speed = try EnvironmentSpeed.measure(configuration: StationaryConfiguration(
            demand: .poisson(mean: 5), leadTimePeriods: 2, holdingCost: 1, shortage: .lostSales(penaltyPerUnit: 9),
            maxOrderUnits: maxOrder, episodeLength: episode))
        print(String(format: "environment (Poisson 5, L = 2, p = 9), one core: single %.1f M steps/s, vectorised (%d copies) %.1f M steps/s",
                     speed.singleStepsPerSecond / 1e6, speed.copies, speed.vectorStepsPerSecond / 1e6))
        if speedOnly { return }
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
        ppo.gaeLambda = lambda
        ppo.updatesPerSegment = max(1, episode / rollout)
        print(String(format: "PPO: hidden %@, %d copies x %d periods per update, %d updates, %d epochs, minibatch %d, lr %.0e, gamma %.3f, seed %llu",
                     hidden, environments, rollout, updates, epochs, minibatch, Double(learningRate), discount, seed))
        if !pricingOnly {
            print("L   p   optimum  best base-stock (S)   agent (exact)  gap %   agent simulated (99% CI)  train s  to 1% s   steps")
            for l in leadTimes.split(separator: ",").compactMap({ Int($0) }) {
                for p in penalties.split(separator: ",").compactMap({ Double($0) }) {
                    let c = StationaryConfiguration(
                        demand: .poisson(mean: 5), leadTimePeriods: l, holdingCost: 1, shortage: .lostSales(penaltyPerUnit: p),
                        maxOrderUnits: maxOrder, episodeLength: episode, rewardNormalization: .meanShortageCost)
                    let r = try train(c, ppo: ppo)
                    let sim = r.result.simulated.map { String(format: "%.3f ± %.3f", $0.meanCost, $0.halfWidth99) } ?? "-"
                    let base = r.result.bestBaseStock.map { String(format: "%8.4f (%2d)", $0.cost, $0.level) } ?? "-"
                    print(String(format: "%d %3.0f %9.4f   %@      %9.4f  %6.2f   %-24@ %7.1f %8@ %9d", l, p, r.result.optimalCost, base,
                                 r.result.agentCost, 100 * r.result.gap, sim, r.result.trainingSeconds, r.toOnePercent,
                                 r.result.trainingSteps))
                }
            }
        }
        if pricing || pricingOnly {
            let levels = [(6.0, 8.0), (8.0, 6.0), (10.0, 4.0)].map {
                StationaryConfiguration.PriceOption(price: $0.0, demand: .poisson(mean: $0.1))
            }
            var c = StationaryConfiguration(
                demand: .poisson(mean: 8), leadTimePeriods: 1, holdingCost: 1, shortage: .lostSales(penaltyPerUnit: 1),
                maxOrderUnits: 30, episodeLength: episode, rewardNormalization: .meanShortageCost, fixedOrderCost: 10)
            c.unitOrderCost = 2
            c.priceLevels = levels
            let r = try train(c, ppo: ppo)
            print(String(format: "pricing: optimal profit %.4f/period, best fixed price %.4f, agent %.4f (gap %.2f%%), train %.1f s, to 1%% %@ s",
                         -r.result.optimalCost, -(r.result.bestFixedPriceCost ?? .nan), -r.result.agentCost, 100 * r.result.gap,
                         r.result.trainingSeconds, r.toOnePercent))
        }
    }

    /// Trains one instance; also gives the training time (grading excluded) until the greedy policy, graded
    /// exactly every 10 updates, was first within 1% of the optimum.
    func train(_ c: StationaryConfiguration, ppo: PPOConfiguration) throws -> (result: StationaryAgentEvaluation.Result, toOnePercent: String) {
        // Seconds since the previous update ended (grading included at segment starts): the statistics carry no clock.
        var previous = DispatchTime.now().uptimeNanoseconds
        let result = try StationaryAgentEvaluation.trainPPO(c, ppo: ppo, environments: environments, simulationPeriods: 200_000) { s in
            let now = DispatchTime.now().uptimeNanoseconds
            defer { previous = now }
            if verbose || s.update % 20 == 0 {
                print(String(format: "  update %4d steps %9d cost %.4f H %.3f kl %.4f clip %.3f vloss %.4f %.2fs",
                             s.update, s.environmentSteps, s.meanCostPerPeriod, s.entropy, s.approximateKL,
                             s.clipFraction, s.valueLoss, Double(now - previous) / 1e9))
            }
        }
        return (result, result.secondsToWithinOnePercent.map { String(format: "%.1f", $0) } ?? "-")
    }
}
