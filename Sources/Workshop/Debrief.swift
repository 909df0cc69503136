import Experiment
import Foundation
import Policies
import Reporting
import Reports
import Scenario
import Simulation

/// A player of the debrief that is not a team: one of the scenario's policies, the tuned best heuristic,
/// the trained agent, or the exact optimum, each played on the game's replication like a team.
public struct Contender: Sendable {
    /// What it is, for the debrief's table.
    public enum Kind: String, Sendable {
        case team, policy, tuned, agent, optimal
    }
    public var name: String
    public var kind: Kind
    /// One sentence on where it comes from.
    public var note: String
    /// The policies it plays (the played SKU's is the one that matters).
    public var definition: PolicyDefinition
}

/// The part of the debrief that does not depend on the teams, computed once per game (it may take
/// seconds): the contenders and the standard `restock run` report on the scenario's replications.
public struct PolicyBench: Sendable {
    /// The scenario's policies, then the tuned best heuristic and the optimum where they exist.
    public var contenders: [Contender]
    /// Why a reference is missing (the optimum where `restock solve` does not apply, …).
    public var notes: [String]
    /// The scenario's policies and the added contenders over the scenario's reported replications.
    public var report: ExperimentResult
    /// The report's files: the CSVs and `index.html`, as `restock run` writes them.
    public var reportFiles: [(name: String, text: String)]
}

/// One line of the debrief: a team or a contender, on the game's demand.
public struct DebriefRow: Sendable {
    public var name: String
    public var kind: Contender.Kind
    public var note: String
    public var records: [RoundRecord]
    public var ledger: Ledger
    /// Days the ledger covers (the rounds played × days per round, at most the horizon).
    public var days: Int

    public var profit: Double { ledger.profit }
    public var fillRate: Double { ledger.value(of: .fillRate, measuredDays: days) }
    public var averageOnHandUnits: Double { ledger.value(of: .averageOnHandUnits, measuredDays: days) }
}

/// The debrief: every team beside the policies on the same demand.
public enum Debrief {
    /// Builds the contenders and runs the report.
    /// - Parameters:
    ///   - definition: the game.
    ///   - tune: tune the heuristics by simulation (`restock tune`'s search) and add the best as a contender.
    ///   - threads: worker threads (nil: all cores).
    /// - Returns: the bench.
    /// - Throws: ``ReportError`` when the report cannot be rendered.
    public static func bench(_ definition: GameDefinition, tune: Bool = true, threads: Int? = nil) throws -> PolicyBench {
        let scenario = definition.scenario
        let sku = definition.settings.skuIndex
        var contenders = scenario.policies.map { policy -> Contender in
            if policy.kind == .trained {
                return Contender(name: policy.name, kind: .agent, note: "trained agent (restock train), from its policy file", definition: policy)
            }
            let origin = policy.parameters.indices.contains(sku) && !policy.parameters[sku].optimised.isEmpty ? "; auto parameters from the optimiser" : ""
            return Contender(name: policy.name, kind: .policy, note: "scenario policy (\(policy.kind.rawValue))\(origin)", definition: policy)
        }
        var notes: [String] = []
        var added: [PolicyDefinition] = []
        if tune, let best = tunedBest(scenario, threads: threads) {
            var tuned = best.tuned
            tuned.name = uniqueName("tuned \(best.policyName)", taken: contenders.map(\.name))
            let values = best.describe(best.tunedValues)
            contenders.append(Contender(name: tuned.name, kind: .tuned,
                                        note: "the best heuristic after restock tune's search (\(values)), on other replications than the game's",
                                        definition: tuned))
            added.append(tuned)
        } else if tune {
            notes.append("No tuned heuristic: the scenario has no heuristic policy with parameters to tune.")
        }
        switch ExactSolver.optimalPolicy(scenario, sku: sku) {
        case .success(let optimum):
            let others = scenario.policies[0]
            let table = optimum.policy
            let name = uniqueName("optimal (DP)", taken: contenders.map(\.name))
            let custom = PolicyDefinition.custom(name: name) { world in
                var policies: [any Policy] = world.products.count == 1 ? [] : others.makePolicies(for: world)
                if policies.isEmpty { policies = [table] } else { policies[sku] = table }
                return policies
            }
            contenders.append(Contender(name: name, kind: .optimal,
                                        note: String(format: "restock solve's exact optimal policy (long-run profit %.2f per day)", optimum.profitPerDay),
                                        definition: custom))
            added.append(custom)
        case .failure(let error):
            notes.append("No exact optimum: restock solve does not apply to this scenario (\(error.problem))")
        }
        let report = ExperimentRunner.run(scenario, adding: added, threads: threads)
        let html = try HTMLReport.render(ReportBuilder.document(for: report))
        return PolicyBench(contenders: contenders, notes: notes, report: report,
                           reportFiles: ReportWriter.tables(for: report) + [("index.html", html)])
    }

    /// Tunes one policy of each tunable family and returns the best by its selection profit.
    static func tunedBest(_ scenario: Scenario, threads: Int?) -> TuningResult? {
        var seen = Set<PolicyKind>()
        let tuner = PolicyTuner(settings: PolicyTuner.Settings(searchReplications: max(2, min(scenario.replications, 50)), threads: threads))
        var best: TuningResult?
        for (index, policy) in scenario.policies.enumerated() where !TunableParameter.tunable(for: policy.kind).isEmpty {
            guard seen.insert(policy.kind).inserted else { continue }
            guard let result = try? tuner.tune(scenario, policyIndex: index) else { continue }
            let mean = result.finalists[result.winner].profitPerDay.mean
            if best.map({ mean > $0.finalists[$0.winner].profitPerDay.mean }) ?? true { best = result }
        }
        return best
    }

    static func uniqueName(_ name: String, taken: [String]) -> String {
        var candidate = name, n = 2
        while taken.contains(candidate) { candidate = "\(name) \(n)"; n += 1 }
        return candidate
    }

    /// Plays every contender on the game's replication for `rounds` rounds and puts the teams beside them.
    /// - Parameters:
    ///   - definition: the game.
    ///   - bench: the contenders.
    ///   - teams: the teams' games.
    ///   - rounds: rounds played (all of them, or fewer when the facilitator ended the game early).
    /// - Returns: teams and contenders, best profit first.
    public static func rows(_ definition: GameDefinition, bench: PolicyBench, teams: [TeamResult], rounds: Int) -> [DebriefRow] {
        let days = min(definition.scenario.world.horizonDays, rounds * definition.roundDays)
        var rows = teams.map {
            DebriefRow(name: $0.name, kind: .team, note: "team", records: Array($0.records.prefix(rounds)), ledger: $0.ledger, days: days)
        }
        for contender in bench.contenders {
            let world = definition.makeWorld(showForecasts: contender.definition.usesForecasts)
            let policy = contender.definition.makePolicies(for: definition.scenario.world)[definition.settings.skuIndex]
            while world.records.count < rounds, let observation = world.observation { world.play(policy.decide(observation)) }
            rows.append(DebriefRow(name: contender.name, kind: contender.kind, note: contender.note, records: world.records,
                                   ledger: world.ledger, days: days))
        }
        return rows.sorted { $0.profit != $1.profit ? $0.profit > $1.profit : $0.name < $1.name }
    }
}
