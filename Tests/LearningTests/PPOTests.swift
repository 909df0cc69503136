import Foundation
import Learning
import Policies
import Testing

/// A contextual bandit as a `BatchedEnvironment`: each period every copy sees a state
/// `s ∈ {0, 1}` (features `[s, 1 − s]`), picks one of 3 actions and earns `payoff[s][a]`.
/// States come from a per-copy LCG seeded by `reset(seeds:)`. Optionally the reward becomes NaN
/// at a given global step, to test how training stops.
private struct BanditEnvironment: BatchedEnvironment {
    static let payoff: [[Double]] = [[0, 1, 0.2], [0.5, 0, 1]]
    let count: Int
    let episodeLength: Int
    var nanAtStep: Int?
    private var states: [UInt64]
    private var periods: [Int]
    private var steps = 0

    init(count: Int, episodeLength: Int, nanAtStep: Int? = nil) {
        self.count = count
        self.episodeLength = episodeLength
        self.nanAtStep = nanAtStep
        states = (0..<count).map { UInt64($0) + 1 }
        periods = [Int](repeating: 0, count: count)
    }

    var featureCount: Int { 2 }
    var actionCount: Int { 3 }
    private func state(_ i: Int) -> Int { Int((states[i] >> 33) & 1) }

    mutating func reset(seeds: [UInt64]) throws {
        for i in 0..<count {
            states[i] = seeds[i] | 1
            periods[i] = 0
        }
    }

    func writeFeatures(into output: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            output[2 * i] = Float(state(i))
            output[2 * i + 1] = Float(1 - state(i))
        }
    }

    mutating func step(actions: [Int], rewards: UnsafeMutablePointer<Double>, truncated: UnsafeMutablePointer<Bool>,
                       finalFeatures: UnsafeMutablePointer<Float>, costs: UnsafeMutablePointer<Double>) throws {
        for i in 0..<count {
            steps += 1
            let reward = steps == nanAtStep ? .nan : Self.payoff[state(i)][actions[i]]
            rewards[i] = reward
            costs[i] = -reward
            states[i] = states[i] &* 6364136223846793005 &+ 1442695040888963407
            periods[i] += 1
            truncated[i] = periods[i] >= episodeLength
            if truncated[i] {
                finalFeatures[2 * i] = Float(state(i))
                finalFeatures[2 * i + 1] = Float(1 - state(i))
                periods[i] = 0
            }
        }
    }
}

private func banditConfiguration(updates: Int) -> PPOConfiguration {
    var c = PPOConfiguration()
    c.hiddenSizes = [8]
    c.rolloutLength = 32
    c.minibatchSize = 64
    c.epochs = 4
    c.policyLearningRate = 3e-3
    c.totalUpdates = updates
    c.updatesPerSegment = 2
    c.discount = 0.5
    c.seed = 11
    return c
}

@Suite("PPO")
struct PPOTests {
    @Test("PPO learns the best action of each state of a contextual bandit")
    func bandit() throws {
        let trainer = try PPOTrainer(configuration: banditConfiguration(updates: 30), environment: BanditEnvironment(count: 8, episodeLength: 40))
        var first: PPOUpdateStatistics?
        while !trainer.isFinished {
            let s = try trainer.update()
            if first == nil { first = s }
        }
        #expect(trainer.greedyAction([0, 1]) == 1, "state 0 pays most for action 1")
        #expect(trainer.greedyAction([1, 0]) == 2, "state 1 pays most for action 2")
        let last = trainer.state.history.last!
        // A uniform policy earns (0 + 1 + 0.2 + 0.5 + 0 + 1) / 6 = 0.45 per period; the best one 1.
        #expect(first!.meanReward < 0.6)
        #expect(last.meanReward > 0.9)
        #expect(last.entropy < first!.entropy)
        #expect(trainer.state.environmentSteps == 30 * 8 * 32)
        // Episodes end after 40 periods and again at every segment start (every 2 × 32 periods): once per segment and copy.
        #expect(trainer.state.episodes == 15 * 8)
    }

    @Test("the same seed gives the same networks; a resumed run equals the uninterrupted one")
    func determinismAndResume() throws {
        let configuration = banditConfiguration(updates: 6)
        let straight = try PPOTrainer(configuration: configuration, environment: BanditEnvironment(count: 4, episodeLength: 40))
        while !straight.isFinished { try straight.update() }
        let again = try PPOTrainer(configuration: configuration, environment: BanditEnvironment(count: 4, episodeLength: 40))
        while !again.isFinished { try again.update() }
        #expect(again.state.policy == straight.state.policy)
        #expect(again.state.value == straight.state.value)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ppo-resume-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("checkpoint.json")
        let first = try PPOTrainer(configuration: configuration, environment: BanditEnvironment(count: 4, episodeLength: 40))
        for _ in 0..<4 { try first.update() }
        try PPOCheckpoint.save(first.state, to: checkpoint)
        // "Killed" here; a fresh process resumes from the file with a fresh environment.
        let resumed = try PPOTrainer(resuming: PPOCheckpoint.load(checkpoint), environment: BanditEnvironment(count: 4, episodeLength: 40))
        while !resumed.isFinished { try resumed.update() }
        #expect(resumed.state.policy == straight.state.policy)
        #expect(resumed.state.value == straight.state.value)
        #expect(resumed.state.policyOptimizer == straight.state.policyOptimizer)
        #expect(resumed.state.history.map(\.meanReward) == straight.state.history.map(\.meanReward))
        // The whole state, hence the checkpoint's bytes: nothing in it depends on the clock.
        #expect(resumed.state == straight.state)
        let a = folder.appendingPathComponent("a.json"), b = folder.appendingPathComponent("b.json")
        try PPOCheckpoint.save(resumed.state, to: a)
        try PPOCheckpoint.save(straight.state, to: b)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        #expect(try !String(contentsOf: a, encoding: .utf8).contains("seconds"))
    }

    @Test("evaluations and run settings are saved at full precision; a failed (NaN) evaluation survives the round trip")
    func evaluationsInCheckpoint() throws {
        let settings = [PPORunSetting(name: "--environment", value: "model")]
        let trainer = try PPOTrainer(configuration: banditConfiguration(updates: 2), environment: BanditEnvironment(count: 4, episodeLength: 40),
                                     runSettings: settings)
        try trainer.update()
        trainer.record(score: 0.1 + 0.2, halfWidth95: 1 / 3, isExact: false)
        try trainer.update()
        trainer.record(score: .nan, halfWidth95: .infinity, isExact: false)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ppo-evaluations-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("checkpoint.json")
        try PPOCheckpoint.save(trainer.state, to: url)
        let loaded = try PPOCheckpoint.load(url)
        #expect(loaded.runSettings == settings)
        #expect(loaded.evaluations.count == 2)
        #expect(loaded.evaluations.first == PPOEvaluation(update: 1, score: 0.1 + 0.2, halfWidth95: 1 / 3, isExact: false))
        #expect(loaded.evaluations.last?.score.isNaN == true && loaded.evaluations.last?.halfWidth95 == .infinity)
        #expect(loaded.best?.update == 1, "a NaN score is recorded but never kept")
    }

    @Test("damaged, foreign, older and newer checkpoints are refused, each saying what it is and what to do")
    func checkpointKinds() throws {
        let trainer = try PPOTrainer(configuration: banditConfiguration(updates: 2), environment: BanditEnvironment(count: 4, episodeLength: 40))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ppo-kinds-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("checkpoint.json")
        try PPOCheckpoint.save(trainer.state, to: url)
        let good = try Data(contentsOf: url)
        var object = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
        func message(_ data: Data) throws -> String {
            try data.write(to: url)
            do {
                _ = try PPOCheckpoint.load(url)
                return ""
            } catch let error as PPOError {
                #expect(!error.message.contains("\n"), "one paragraph")
                #expect(error.message.contains(url.path))
                return error.message
            }
        }
        #expect(try message(good.prefix(good.count / 2)).contains("is damaged or not a PPO checkpoint"))
        #expect(try message(Data(#"{"format": "restock-trained-policy", "version": 1}"#.utf8)).contains("it is a 'restock-trained-policy' file"))
        #expect(try message(Data(#"{"name": "lost-sales"}"#.utf8)).contains("is not a PPO checkpoint"))
        // Version 1 had no format name and wrote the seconds of each update.
        var old = object
        old["format"] = nil
        old["version"] = 1
        #expect(try message(JSONSerialization.data(withJSONObject: old)).contains("made by an older version of restock (checkpoint version 1; this build reads version 2)"))
        object["version"] = 3
        #expect(try message(JSONSerialization.data(withJSONObject: object)).contains("made by a newer version"))
        object["version"] = 2
        object["history"] = nil
        #expect(try message(JSONSerialization.data(withJSONObject: object)).contains("is a damaged PPO checkpoint ('history' is missing"))
    }

    @Test("a NaN reward stops training with its step named, keeping the last good checkpoint")
    func nanStopsTraining() throws {
        let configuration = banditConfiguration(updates: 6)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ppo-nan-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("checkpoint.json")
        // Update 3 covers global steps 2 × 4 × 32 + 1 ... 3 × 4 × 32; poison one in the middle.
        let poisoned = 2 * 4 * 32 + 50
        let trainer = try PPOTrainer(configuration: configuration,
                                     environment: BanditEnvironment(count: 4, episodeLength: 40, nanAtStep: poisoned))
        var caught: PPOError?
        do {
            try PPOCheckpoint.train(trainer, checkpoint: checkpoint)
        } catch let error as PPOError {
            caught = error
        }
        let error = try #require(caught)
        #expect(error.message.contains("environment step"))
        #expect(error.message.contains("after update 2"), "\(error.message)")
        #expect(error.environmentStep == 2 * 4 * 32 + (poisoned - 2 * 4 * 32 + 3) / 4 * 4)
        let kept = try PPOCheckpoint.load(checkpoint)
        #expect(kept.completedUpdates == 2)
        let finite = kept.policy.parameters.allSatisfy { $0.isFinite }
        #expect(finite)
    }

    @Test("checkpoints of another shape or version are refused with a message")
    func badCheckpoints() throws {
        let trainer = try PPOTrainer(configuration: banditConfiguration(updates: 2), environment: BanditEnvironment(count: 4, episodeLength: 40))
        #expect(throws: PPOError.self) {
            _ = try PPOTrainer(resuming: trainer.state, environment: BanditEnvironment(count: 5, episodeLength: 40))
        }
        var old = trainer.state
        old.version = 99
        #expect(throws: PPOError.self) { try PPOTrainer(resuming: old, environment: BanditEnvironment(count: 4, episodeLength: 40)) }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-checkpoint-\(getpid()).json")
        do {
            _ = try PPOCheckpoint.load(missing)
            Issue.record("loading a missing checkpoint must fail")
        } catch let error as PPOError {
            #expect(error.message.contains(missing.path))
        }
    }
}

@Suite("PPO best-policy selection")
struct PPOSelectionTests {
    @Test("record(score:halfWidth95:isExact:) keeps the lowest-scoring policy and its update")
    func keepsBest() throws {
        var c = PPOConfiguration()
        c.hiddenSizes = [4]
        c.rolloutLength = 8
        c.minibatchSize = 16
        c.totalUpdates = 3
        let trainer = try PPOTrainer(configuration: c, environment: BanditEnvironmentForSelection())
        try trainer.update()
        trainer.record(score: 5, halfWidth95: 0, isExact: true)
        let first = trainer.state.policy
        try trainer.update()
        trainer.record(score: 7, halfWidth95: 0, isExact: true)
        #expect(trainer.state.best?.update == 1)
        #expect(trainer.state.best?.policy == first)
        try trainer.update()
        trainer.record(score: 4, halfWidth95: 0, isExact: true)
        #expect(trainer.state.best?.update == 3)
        trainer.record(score: .nan, halfWidth95: 0, isExact: true)
        #expect(trainer.state.best?.score == 4)
    }
}

/// Two copies, one state, two actions; reward 1 for action 1.
private struct BanditEnvironmentForSelection: BatchedEnvironment {
    var count: Int { 2 }
    var featureCount: Int { 1 }
    var actionCount: Int { 2 }
    mutating func reset(seeds: [UInt64]) throws {}
    func writeFeatures(into output: UnsafeMutablePointer<Float>) { output[0] = 1; output[1] = 1 }
    mutating func step(actions: [Int], rewards: UnsafeMutablePointer<Double>, truncated: UnsafeMutablePointer<Bool>,
                       finalFeatures: UnsafeMutablePointer<Float>, costs: UnsafeMutablePointer<Double>) throws {
        for i in 0..<2 {
            rewards[i] = Double(actions[i])
            costs[i] = -rewards[i]
            truncated[i] = false
        }
    }
}
