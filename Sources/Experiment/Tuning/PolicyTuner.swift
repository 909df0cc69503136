import Scenario
import Simulation
import Stochastics

/// A problem that makes tuning impossible as asked (e.g. `tune:` ranges that admit no valid policy).
public struct TuningError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what would work, as one paragraph.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Tunes the numeric parameters of a heuristic policy by simulation: a compass (pattern) search on
/// `tune` replications under common random numbers, then a paired comparison of the best candidates
/// and the start on fresh `evaluate` replications.
///
/// The objective is the mean profit per measured day over all SKUs (the profit `restock run` reports,
/// divided by the measured days). Every candidate is simulated on the same `tune` replications 0..<n, so
/// differences between candidates are differences of policy, not of luck, and the sample objective is a
/// deterministic function of the parameters that the search can climb.
///
/// Search (compass search, Kolda, Lewis & Torczon 2003, on the sample objective): from the start, poll
/// x ± step along every dimension (on its grid, in its range, skipping candidates that break the family's
/// relations, e.g. s < S); move to the best poll point if it beats the incumbent, else halve every step
/// (never below the grid: 1 unit for integers). Stop when every step is at its grid and no poll point is
/// better (a local optimum of the sample objective) or when the budget of evaluated candidates is spent.
/// All poll points of an iteration are simulated together, in parallel.
///
/// Selection: the search's best `finalists − 1` candidates and the start are simulated on `evaluate`
/// replications 0..<m (which the search never saw, so the search's selection bias does not carry over);
/// the best mean wins, and its paired 95% confidence intervals against the runner-up and against the
/// start are the evidence (Student t over replications of the paired differences).
public struct PolicyTuner: Sendable {
    /// How much to simulate.
    public struct Settings: Sendable, Equatable {
        /// Replications per candidate in the search (`tune` purpose).
        public var searchReplications: Int
        /// Most candidates the search evaluates (nil: ``defaultBudget(dimensions:)``).
        public var budget: Int?
        /// Candidates in the final comparison, the start included.
        public var finalists: Int
        /// Replications per finalist in the final comparison (`evaluate` purpose).
        public var selectionReplications: Int
        /// Worker threads (nil: all cores). The result does not depend on it.
        public var threads: Int?

        /// Creates settings.
        public init(searchReplications: Int, budget: Int? = nil, finalists: Int = 4, selectionReplications: Int? = nil,
                    threads: Int? = nil) {
            self.searchReplications = max(2, searchReplications)
            self.budget = budget
            self.finalists = max(2, finalists)
            self.selectionReplications = max(2, selectionReplications ?? 2 * searchReplications)
            self.threads = threads
        }

        /// The default budget: 10 candidates per dimension plus 10, at most 200.
        public static func defaultBudget(dimensions: Int) -> Int { min(200, 10 + 10 * dimensions) }

        /// Simulation runs one policy's tuning takes at most (for progress bars).
        public func runs(dimensions: Int) -> Int {
            (budget ?? Self.defaultBudget(dimensions: dimensions)) * searchReplications + finalists * selectionReplications
        }
    }

    /// The settings.
    public var settings: Settings
    /// Runs a scenario on a purpose's replications 0..<scenario.replications (``ExperimentRunner`` unless
    /// a test watches what is run).
    public var simulate: @Sendable (Scenario, ReplicationPurpose, Int?, (@Sendable (Int, Int) -> Void)?) -> ExperimentResult

    /// Creates a tuner.
    public init(settings: Settings,
                simulate: @escaping @Sendable (Scenario, ReplicationPurpose, Int?, (@Sendable (Int, Int) -> Void)?) -> ExperimentResult
                    = { ExperimentRunner.run($0, purpose: $1, threads: $2, progress: $3) }) {
        self.settings = settings
        self.simulate = simulate
    }

    /// Tunes one policy of a scenario.
    /// - Parameters:
    ///   - scenario: the scenario (its other policies are not simulated).
    ///   - policyIndex: which policy.
    ///   - coordinates: the numbers to tune (nil: every tunable one, ``PolicyDefinition/tunableCoordinates(skuCount:)``).
    ///   - progress: called with (finished runs, ``Settings/runs(dimensions:)``) from worker threads.
    /// - Returns: the path, the final comparison and the tuned definition.
    /// - Throws: ``TuningError`` for a policy that cannot be tuned (trained, custom, nothing to tune) or ranges
    ///   that admit no valid starting point.
    public func tune(_ scenario: Scenario, policyIndex: Int, coordinates: [TuningCoordinate]? = nil,
                     progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> TuningResult {
        let definition = scenario.policies[policyIndex]
        guard !TunableParameter.tunable(for: definition.kind).isEmpty else {
            throw TuningError("policy '\(definition.name)' (\(definition.kind.rawValue)) is not tuned: only the heuristic families have parameters to search (a trained policy's numbers are network weights, a custom one's are Swift code)")
        }
        let chosen = coordinates ?? definition.tunableCoordinates(skuCount: scenario.world.products.count)
        guard !chosen.isEmpty else { throw TuningError("policy '\(definition.name)' has no parameter to tune") }
        let space = TuningSpace(definition: definition, world: scenario.world, coordinates: chosen)
        guard space.apply(space.start, to: definition).satisfiesRelations else {
            throw TuningError("policy '\(definition.name)': its starting values moved into the tune: ranges (\(space.dimensions.map { "\($0.label) = \($0.start)" }.joined(separator: ", "))) break the policy's relations (s < S, expedited <= regular level, ascending markdown days); widen the ranges so a valid policy lies in them")
        }
        let budget = max(1, settings.budget ?? Settings.defaultBudget(dimensions: space.dimensions.count))
        let total = budget * settings.searchReplications + settings.finalists * settings.selectionReplications
        var search = Search(space: space, definition: definition, scenario: scenario, tuner: self, total: total, progress: progress)
        let stopReason = search.run(budget: budget)
        return select(search: search, stopReason: stopReason, policyIndex: policyIndex, total: total, progress: progress)
    }

    /// Simulates definitions on `replications` replications of `purpose`; per definition, profit per day by replication.
    func profitsPerDay(_ definitions: [PolicyDefinition], scenario: Scenario, purpose: ReplicationPurpose, replications: Int,
                       progress: (@Sendable (Int, Int) -> Void)?) -> [[Double]] {
        var batch = scenario
        batch.replications = replications
        batch.policies = definitions.enumerated().map { index, definition in
            var candidate = definition
            candidate.name = "candidate-\(index)"
            return candidate
        }
        let result = simulate(batch, purpose, settings.threads, progress)
        let days = Double(max(1, scenario.world.measuredDays))
        return definitions.indices.map { index in result.values(.profit, policy: index).map { $0 / days } }
    }

    /// A progress callback for one batch of runs, reporting into the whole tuning's count.
    static func shifted(_ progress: (@Sendable (Int, Int) -> Void)?, by offset: Int, total: Int) -> (@Sendable (Int, Int) -> Void)? {
        guard let progress else { return nil }
        return { done, _ in progress(offset + done, total) }
    }

    /// The final comparison on `evaluate` replications.
    func select(search: Search, stopReason: String, policyIndex: Int, total: Int,
                progress: (@Sendable (Int, Int) -> Void)?) -> TuningResult {
        let ranked = search.path.indices.sorted { a, b in
            let (ma, mb) = (search.path[a].profitPerDay.mean, search.path[b].profitPerDay.mean)
            return ma != mb ? ma > mb : a < b
        }
        var chosen = Array(ranked.filter { $0 != 0 }.prefix(settings.finalists - 1))
        chosen.append(0)
        chosen.sort { ranked.firstIndex(of: $0) ?? 0 < ranked.firstIndex(of: $1) ?? 0 }
        let offset = search.runsDone
        let definitions = chosen.map { search.space.apply(search.path[$0].values, to: search.definition) }
        let profits = profitsPerDay(definitions, scenario: search.scenario, purpose: .evaluate,
                                    replications: settings.selectionReplications, progress: Self.shifted(progress, by: offset, total: total))
        let means = profits.map { SampleSummary($0) }
        let winner = chosen.indices.max { a, b in means[a].mean != means[b].mean ? means[a].mean < means[b].mean : a > b } ?? 0
        let finalists = chosen.indices.map { index in
            TuningResult.Finalist(candidate: chosen[index], isStart: chosen[index] == 0, profitPerDay: means[index],
                                  winnerMinusThis: SampleSummary.pairedDifference(profits[winner], profits[index]))
        }
        progress?(total, total)
        var tuned = definitions[winner]
        tuned.name = search.definition.name
        tuned.autoSearch = []
        return TuningResult(policyName: search.definition.name, policyIndex: policyIndex, space: search.space,
                            searchReplications: settings.searchReplications, selectionReplications: settings.selectionReplications,
                            path: search.path, stopReason: stopReason, finalists: finalists, winner: winner, tuned: tuned)
    }

    /// The compass search on the `tune` replications.
    struct Search {
        let space: TuningSpace
        let definition: PolicyDefinition
        let scenario: Scenario
        let tuner: PolicyTuner
        let total: Int
        let progress: (@Sendable (Int, Int) -> Void)?
        var path: [TuningResult.Candidate] = []
        var index: [[Double]: Int] = [:]
        var runsDone = 0

        init(space: TuningSpace, definition: PolicyDefinition, scenario: Scenario, tuner: PolicyTuner, total: Int,
             progress: (@Sendable (Int, Int) -> Void)?) {
            self.space = space
            self.definition = definition
            self.scenario = scenario
            self.tuner = tuner
            self.total = total
            self.progress = progress
        }

        /// Simulates new points (in order) and appends them to the path.
        mutating func evaluate(_ points: [[Double]], iteration: Int) {
            guard !points.isEmpty else { return }
            let profits = tuner.profitsPerDay(points.map { space.apply($0, to: definition) }, scenario: scenario, purpose: .tune,
                                              replications: tuner.settings.searchReplications,
                                              progress: PolicyTuner.shifted(progress, by: runsDone, total: total))
            runsDone += points.count * tuner.settings.searchReplications
            for (point, values) in zip(points, profits) {
                index[point] = path.count
                path.append(TuningResult.Candidate(iteration: iteration, values: point, profitPerDay: SampleSummary(values),
                                                   accepted: iteration == 0))
            }
        }

        /// Runs the search; returns why it stopped.
        mutating func run(budget: Int) -> String {
            let dimensions = space.dimensions
            var incumbent = space.start
            evaluate([incumbent], iteration: 0)
            var steps = dimensions.map { dimension in
                max(dimension.resolution, ((dimension.upper - dimension.lower) / 10 / dimension.resolution).rounded() * dimension.resolution)
            }
            var iteration = 0
            while true {
                iteration += 1
                var polls: [[Double]] = []
                for d in dimensions.indices {
                    for sign in [1.0, -1.0] {
                        var point = incumbent
                        point[d] = dimensions[d].snap(incumbent[d] + sign * steps[d])
                        guard point[d] != incumbent[d], !polls.contains(point),
                              space.apply(point, to: definition).satisfiesRelations else { continue }
                        polls.append(point)
                    }
                }
                let fresh = polls.filter { index[$0] == nil }
                let room = budget - path.count
                evaluate(Array(fresh.prefix(max(0, room))), iteration: iteration)
                let current = path[index[incumbent] ?? 0].profitPerDay.mean
                var best: (point: [Double], mean: Double)? = nil
                for point in polls {
                    guard let at = index[point] else { continue }
                    let mean = path[at].profitPerDay.mean
                    if mean > current, mean > best?.mean ?? -.infinity { best = (point, mean) }
                }
                if let best, let at = index[best.point] {
                    incumbent = best.point
                    path[at].accepted = true
                } else {
                    let atGrid = dimensions.indices.allSatisfy { steps[$0] <= dimensions[$0].resolution }
                    if atGrid && fresh.count <= room {
                        return "every step at its grid and no neighbour better: a local optimum on the tune replications (\(path.count) candidates)"
                    }
                    steps = dimensions.indices.map { d in
                        let r = dimensions[d].resolution
                        return max(r, (steps[d] / 2 / r).rounded(.down) * r)
                    }
                }
                if path.count >= budget {
                    return "budget of \(budget) candidates spent"
                }
            }
        }
    }
}
