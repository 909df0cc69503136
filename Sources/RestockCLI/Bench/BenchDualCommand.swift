import ArgumentParser
import Dispatch
import Foundation
import Learning
import Policies
import Stochastics

/// `restock bench-dual`: the dual-sourcing instances of Gijsbrechts et al. (2022) solved exactly, with
/// the best dual-index and capped dual-index levels and their gaps to the optimum, and a PPO agent trained
/// on each instance (`DualSourcingAgentEvaluation`) and graded exactly.
struct BenchDualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-dual",
        abstract: "Solve the dual-sourcing instances of Gijsbrechts et al. (2022) (demand uniform on 0...4, le = 0, h = 5, b = 495) exactly by DP, grade the best dual-index and capped dual-index levels, and train and grade a PPO agent on each (build with -c release).")

    @Option(help: "Regular lead times lr (periods), comma-separated.") var leadTimes = "2,3,4"
    @Option(help: "Expedited premiums c_e - c_r (currency per unit), comma-separated.") var premiums = "5,10,20"
    @Option(help: "Regular unit cost c_r; the gaps are also given relative to the cost with purchases at this price.") var regularCost: Double = 100
    @Option(help: "Expedited lead time le (periods).") var expeditedLeadTime = 0
    @Option(help: "Largest demand of the uniform demand law on 0...max.") var maxDemand = 4
    @Flag(inversion: .prefixedNo, help: "Train and grade a PPO agent on each instance.") var agent = true
    @Option(help: "PPO updates per instance.") var updates = 250
    @Option(help: "Environment copies stepped together.") var environments = 64
    @Option(help: "Periods per copy per update.") var rollout = 128
    @Option(help: "Training episode length, periods.") var episode = 1280
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Hidden layer sizes, comma-separated.") var hidden = "32,32"
    @Option(help: "Initial entropy coefficient.") var entropy: Float = 0.01
    @Option(help: "Policy learning rate.") var learningRate: Float = 1e-3
    @Option(help: "Minibatch size.") var minibatch = 1024
    @Option(help: "Epochs per update.") var epochs = 8
    @Option(help: "Discount factor.") var discount: Double = 0.99
    @Option(help: "GAE lambda.") var lambda: Double = 0.95
    @Option(help: "Reward scale, currency per period (default: h × mean demand over lr + 1 periods).") var rewardScale: Double?
    @Flag(help: "Print the training progress every 20 updates.") var verbose = false

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release restock bench-dual`.")
        #endif
        let demand = try DiscretePMF(probabilities: [Double](repeating: 1, count: maxDemand + 1).map { $0 / Double(maxDemand + 1) })
        print("Costs per period without purchases at c_r (c_r = 0, c_e = premium); 'incl.' gaps are relative to the cost with c_r = \(regularCost).")
        let ppo = ppoConfiguration()
        if agent {
            print(String(format: "PPO: hidden %@, %d copies x %d periods per update, %d updates, %d epochs, minibatch %d, lr %.0e, entropy %.3g, gamma %.3f, seed %llu; the greedy policy graded exactly every %d updates, the best kept",
                         hidden, environments, rollout, updates, epochs, minibatch, Double(learningRate), Double(entropy), discount, seed, ppo.updatesPerSegment))
        }
        print("lr  premium  optimum [certified bounds]          states   best DI (levels)            gap %  incl. %  best CDI (levels)                gap %  incl. %  DP s  search s"
              + (agent ? "  agent (exact)  gap %  incl. %  train s  to 1% s  to incl. 1% s" : ""))
        for lr in leadTimes.split(separator: ",").compactMap({ Int($0) }) {
            for premium in premiums.split(separator: ",").compactMap({ Double($0) }) {
                let model = try DualSourcingModel(
                    demand: demand, regularLeadTimePeriods: lr, expeditedLeadTimePeriods: expeditedLeadTime,
                    regularUnitCost: 0, expeditedUnitCost: premium, holdingCostPerUnitPeriod: 5,
                    shortage: .backorders(costPerUnitDay: 495))
                let clock = DispatchTime.now()
                let optimum = try RelativeValueIteration.solve(model)
                let dpSeconds = Self.seconds(since: clock)
                let searchClock = DispatchTime.now()
                let di = try DualIndexSearch.bestDualIndex(model)
                let cdi = try DualIndexSearch.bestCappedDualIndex(model)
                let searchSeconds = Self.seconds(since: searchClock)
                let purchases = regularCost * demand.mean
                func gap(_ cost: Double, _ base: Double) -> Double { (cost - optimum.value) / base * 100 }
                var agentColumns = ""
                if agent {
                    let trained = try DualSourcingAgentEvaluation.trainPPO(
                        model, optimalCost: optimum.value, ppo: ppo, environments: environments, episodeLength: episode,
                        rewardScale: rewardScale
                    ) { s in
                        if verbose && s.update % 20 == 0 {
                            print(String(format: "  update %4d steps %9d cost %.4f H %.3f kl %.4f clip %.3f vloss %.4f",
                                         s.update, s.environmentSteps, s.meanCostPerPeriod, s.entropy, s.approximateKL,
                                         s.clipFraction, s.valueLoss))
                        }
                    }
                    if verbose {
                        print("  graded: " + trained.evaluations.map { String(format: "%d:%.3f", $0.update, $0.score) }.joined(separator: " "))
                    }
                    agentColumns = String(format: "  %13.4f  %5.2f  %6.3f  %7.1f  %7@  %7@", trained.agentCost,
                                          gap(trained.agentCost, optimum.value), gap(trained.agentCost, optimum.value + purchases),
                                          trained.trainingSeconds, seconds(trained.secondsToWithinOnePercent),
                                          seconds(trained.secondsToReach(cost: optimum.value + 0.01 * (optimum.value + purchases))))
                }
                print(String(format: "%2d  %7.0f  %8.4f [%.4f, %.4f]  %7d   %8.4f (%@)  %6.2f  %6.3f  %8.4f (%@)  %6.2f  %6.3f  %5.2f  %7.2f",
                             lr, premium, optimum.value, optimum.lowerBound, optimum.upperBound, model.validStateCount,
                             di.costPerPeriod, di.levels.description.padding(toLength: 14, withPad: " ", startingAt: 0),
                             gap(di.costPerPeriod, optimum.value), gap(di.costPerPeriod, optimum.value + purchases),
                             cdi.costPerPeriod, cdi.levels.description.padding(toLength: 20, withPad: " ", startingAt: 0),
                             gap(cdi.costPerPeriod, optimum.value), gap(cdi.costPerPeriod, optimum.value + purchases),
                             dpSeconds, searchSeconds) + agentColumns)
            }
        }
    }

    func seconds(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }

    func ppoConfiguration() -> PPOConfiguration {
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
        return ppo
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
