import Foundation
import Policies
import Simulation

/// The classroom game: teams, rounds, the timer and every team's world, kept in memory and in SQLite.
///
/// Rounds are played in step: round r is open until every team has submitted (while the timer runs) or
/// the timer runs out or the facilitator advances; then every team's decision is played at once (a team
/// that did not submit gets the scenario's missed-round rule) and round r + 1 opens. A decision is
/// committed to SQLite before ``submit(token:teamID:round:decision:)`` returns, and a round's close
/// (the rule's decisions and the new round number) in one transaction before any world moves, so the
/// worlds in memory are always a replay of the file: ``init(definition:databasePath:clock:)`` on the
/// same file rebuilds them.
public actor Game {
    /// The scenario's game.
    public nonisolated let definition: GameDefinition
    /// The secret of the facilitator's pages (kept in the file, so a restart keeps the URL).
    public nonisolated let facilitatorToken: String
    private let store: GameStore
    private let clock: @Sendable () -> Double
    private var phase: GamePhase
    private var closedRounds: Int
    private var deadline: Double?
    private var remainingSeconds: Double?
    private var teams: [TeamState] = []
    private var indexByToken: [String: Int] = [:]

    /// The most teams a game takes.
    public static let maximumTeams = 500
    /// The longest team name, in characters.
    public static let maximumNameLength = 40

    /// A team in play. A class: its world is a replication in progress.
    final class TeamState {
        let id: Int64
        let name: String
        let token: String
        let world: PlayedWorld
        var pending: Decision?
        var lastDecision: Decision?
        var missedRounds = 0

        init(id: Int64, name: String, token: String, world: PlayedWorld) {
            self.id = id
            self.name = name
            self.token = token
            self.world = world
        }
    }

    /// Opens the game of a SQLite file, or starts one in a new file, and replays every closed round.
    /// - Parameters:
    ///   - definition: the game.
    ///   - databasePath: the SQLite file (nil: in memory, for tests).
    ///   - clock: seconds since 1970 (tests pass their own).
    /// - Throws: ``WorkshopError`` when the file holds a game of another scenario; GRDB's errors when it
    ///   cannot be opened.
    public init(definition: GameDefinition, databasePath: String?, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        self.definition = definition
        self.clock = clock
        let store = try GameStore(path: databasePath)
        self.store = store
        let fingerprint = definition.scenario.fingerprint ?? definition.scenario.name
        if let row = try store.game() {
            guard row.fingerprint == fingerprint else {
                throw WorkshopError("\(databasePath ?? "the database") holds a game of another scenario (\(row.scenarioPath), or that file as it was then). Allowed: the same scenario file and --set values to resume it, or a new --db file for a new game.")
            }
            facilitatorToken = row.facilitatorToken
            phase = row.phase
            closedRounds = row.closedRounds
            deadline = row.deadline
            remainingSeconds = row.remainingSeconds
        } else {
            let row = GameStore.GameRow(scenarioPath: definition.scenario.sourcePath, fingerprint: fingerprint,
                                        facilitatorToken: Game.newToken(), phase: .lobby, closedRounds: 0)
            try store.create(row)
            facilitatorToken = row.facilitatorToken
            phase = .lobby
            closedRounds = 0
        }
        let decisions = Dictionary(grouping: try store.decisions(), by: \.teamID)
        for row in try store.teams() {
            let team = TeamState(id: row.id, name: row.name, token: row.token, world: definition.makeWorld())
            for stored in (decisions[row.id] ?? []).sorted(by: { $0.round < $1.round }) {
                if stored.round <= closedRounds {
                    team.world.play(stored.decision, missed: stored.missed)
                    if stored.missed { team.missedRounds += 1 } else { team.lastDecision = stored.decision }
                } else if stored.round == closedRounds + 1 {
                    team.pending = stored.decision
                }
            }
            indexByToken[row.token] = teams.count
            teams.append(team)
        }
        // A timer that ran out while the server was down starts again: nobody could submit meanwhile.
        if phase == .running, let end = deadline, end < clock() {
            deadline = clock() + Double(definition.settings.roundSeconds)
            try store.saveClock(phase: phase, deadline: deadline, remainingSeconds: nil)
        }
    }

    /// 32 random bytes from the system's generator, as 64 hex digits.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    // MARK: - Teams

    /// The open round (1-based); `rounds + 1` once every round is played.
    public var openRound: Int { closedRounds + 1 }

    /// Adds a team.
    /// - Parameter name: the name typed (trimmed; 1…40 characters, no control characters; unique regardless of case).
    /// - Returns: the team's secret token (its cookie).
    /// - Throws: ``DecisionRejection`` for a bad or taken name, a full or finished game.
    public func join(name rawName: String) throws -> String {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= Self.maximumNameLength,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DecisionRejection(status: 400, "A team name has 1 to \(Self.maximumNameLength) characters (letters, digits, spaces, punctuation).")
        }
        guard phase != .ended else { throw DecisionRejection(status: 409, "The game is over: no new teams.") }
        guard teams.count < Self.maximumTeams else { throw DecisionRejection(status: 409, "The game is full (\(Self.maximumTeams) teams).") }
        let token = Self.newToken()
        // A late team gets the rule's "order nothing" for the rounds played before it came.
        let missed = (0..<closedRounds).map { GameStore.DecisionRow(teamID: 0, round: $0 + 1, decision: .nothing, missed: true) }
        guard let id = try store.addTeam(name: name, token: token, at: clock(), missedDecisions: missed) else {
            throw DecisionRejection(status: 409, "The name \u{201C}\(name)\u{201D} is taken. Choose another name.")
        }
        let team = TeamState(id: id, name: name, token: token, world: definition.makeWorld())
        for row in missed { team.world.play(row.decision, missed: true) }
        team.missedRounds = missed.count
        indexByToken[token] = teams.count
        teams.append(team)
        return token
    }

    /// The team a token belongs to, as its page shows it; nil for an unknown token.
    public func team(token: String) -> TeamView? {
        guard let index = indexByToken[token] else { return nil }
        return view(of: teams[index])
    }

    /// Stores a team's decision for the open round (replacing an earlier one of the same round) and,
    /// when it was the last team to submit while the timer runs, closes the round.
    /// - Parameters:
    ///   - token: the team's cookie.
    ///   - teamID: the team the form was made for (a form of another team is refused).
    ///   - round: the round the form was made for (a closed round is refused).
    ///   - decision: the order and price level.
    /// - Throws: ``DecisionRejection``: unknown token (401), another team's form (403), a game not running
    ///   or a closed round (409), an order above the game's maximum or a price level the SKU has not (400).
    public func submit(token: String, teamID: Int64?, round: Int?, decision: Decision) throws {
        guard let index = indexByToken[token] else {
            throw DecisionRejection(status: 401, "This browser has not joined the game (or its team cookie is not valid). Join with a team name first.")
        }
        let team = teams[index]
        if let teamID, teamID != team.id {
            throw DecisionRejection(status: 403, "This form belongs to another team. You can decide only for your team, \u{201C}\(team.name)\u{201D}: reload your page.")
        }
        switch phase {
        case .lobby: throw DecisionRejection(status: 409, "The game has not started yet: wait for the facilitator to start round 1.")
        case .ended: throw DecisionRejection(status: 409, "The game is over: no more decisions.")
        case .running, .paused: break
        }
        guard let round, round == openRound else {
            let asked = round.map { "Round \($0)" } ?? "A decision without a round"
            throw DecisionRejection(status: 409, "\(asked) is closed: the game is at round \(openRound) of \(definition.rounds). Nothing was changed; enter your decision for round \(openRound).")
        }
        guard decision.orderUnits >= 0, decision.orderUnits <= definition.settings.maximumOrderUnits else {
            throw DecisionRejection(status: 400, "The order must be 0 to \(definition.settings.maximumOrderUnits) units.")
        }
        if let level = decision.priceLevel, !definition.product.priceLevels.indices.contains(level) {
            throw DecisionRejection(status: 400, "That price level is not one of this product's.")
        }
        try store.saveDecision(GameStore.DecisionRow(teamID: team.id, round: round, decision: decision, missed: false), at: clock())
        team.pending = decision
        if phase == .running, teams.allSatisfy({ $0.pending != nil }) { try closeRound() }
    }

    // MARK: - Facilitator

    /// Starts round 1 (from the lobby) or restarts a paused timer.
    public func start() throws {
        switch phase {
        case .lobby:
            phase = .running
            deadline = clock() + Double(definition.settings.roundSeconds)
            try store.saveClock(phase: phase, deadline: deadline, remainingSeconds: nil)
        case .paused:
            phase = .running
            deadline = clock() + (remainingSeconds ?? Double(definition.settings.roundSeconds))
            remainingSeconds = nil
            try store.saveClock(phase: phase, deadline: deadline, remainingSeconds: nil)
            if !teams.isEmpty, teams.allSatisfy({ $0.pending != nil }) { try closeRound() }
        case .running, .ended: break
        }
    }

    /// Stops the timer; teams may still submit, no round closes until ``start()``.
    public func pause() throws {
        guard phase == .running else { return }
        phase = .paused
        remainingSeconds = max(0, (deadline ?? clock()) - clock())
        deadline = nil
        try store.saveClock(phase: phase, deadline: nil, remainingSeconds: remainingSeconds)
    }

    /// Closes the open round now (missing teams get the missed-round rule).
    public func advance() throws {
        guard phase == .running || phase == .paused || phase == .lobby else { return }
        if phase == .lobby { phase = .running }
        try closeRound()
    }

    /// Ends the game after the rounds closed so far; the debrief compares everyone over those rounds.
    public func end() throws {
        guard phase != .ended else { return }
        phase = .ended
        deadline = nil
        remainingSeconds = nil
        for team in teams { team.pending = nil }
        try store.saveClock(phase: .ended, deadline: nil, remainingSeconds: nil)
    }

    /// Closes the round when its timer has run out. The server calls it every fraction of a second.
    public func tick() throws {
        if phase == .running, let deadline, clock() >= deadline { try closeRound() }
    }

    /// Plays the open round for every team: the decisions submitted, the rule's for the others.
    private func closeRound() throws {
        let round = openRound
        var decisions: [(TeamState, Decision, Bool)] = []
        var missed: [GameStore.DecisionRow] = []
        for team in teams {
            if let pending = team.pending {
                decisions.append((team, pending, false))
            } else {
                let rule: Decision
                switch definition.settings.missedRound {
                case .orderNothing: rule = .nothing
                case .repeatLastOrder: rule = team.lastDecision ?? .nothing
                }
                decisions.append((team, rule, true))
                missed.append(GameStore.DecisionRow(teamID: team.id, round: round, decision: rule, missed: true))
            }
        }
        let finished = round >= definition.rounds
        let nextPhase: GamePhase = finished ? .ended : phase
        let nextDeadline: Double? = finished || nextPhase != .running ? nil : clock() + Double(definition.settings.roundSeconds)
        try store.closeRound(missed: missed, closedRounds: round, phase: nextPhase, deadline: nextDeadline, at: clock())
        for (team, decision, wasMissed) in decisions {
            team.world.play(decision, missed: wasMissed)
            if wasMissed { team.missedRounds += 1 } else { team.lastDecision = decision }
            team.pending = nil
        }
        closedRounds = round
        phase = nextPhase
        deadline = nextDeadline
        if phase == .paused { remainingSeconds = Double(definition.settings.roundSeconds) }
    }

    // MARK: - Views

    /// Seconds left on the open round's timer (nil in the lobby and after the end).
    private var secondsLeft: Double? {
        switch phase {
        case .running: return max(0, (deadline ?? clock()) - clock())
        case .paused: return remainingSeconds
        case .lobby, .ended: return nil
        }
    }

    private func view(of team: TeamState) -> TeamView {
        TeamView(id: team.id, name: team.name, phase: phase, round: openRound, rounds: definition.rounds,
                 observation: team.world.observation, records: team.world.records, pending: team.pending,
                 secondsLeft: secondsLeft, ledger: team.world.ledger)
    }

    /// The facilitator's page: phase, round, timer, and each team with its standing (best profit first).
    public func overview() -> GameOverview {
        let standings = teams.map { team in
            TeamStanding(id: team.id, name: team.name, submitted: team.pending != nil, missedRounds: team.missedRounds,
                         ledger: team.world.ledger, roundsPlayed: team.world.records.count)
        }.sorted { $0.profit != $1.profit ? $0.profit > $1.profit : $0.id < $1.id }
        return GameOverview(phase: phase, round: openRound, rounds: definition.rounds, roundsClosed: closedRounds,
                            secondsLeft: secondsLeft, teams: standings)
    }

    /// Every team's rounds, in joining order, for the debrief and `decisions.csv`.
    public func results() -> [TeamResult] {
        teams.map { TeamResult(id: $0.id, name: $0.name, records: $0.world.records, ledger: $0.world.ledger) }
    }

    /// Where the game is.
    public var currentPhase: GamePhase { phase }
}

/// What a team's page shows.
public struct TeamView: Sendable {
    public var id: Int64
    public var name: String
    public var phase: GamePhase
    /// The open round (1-based).
    public var round: Int
    public var rounds: Int
    /// The state to decide on; nil once the team's game is over.
    public var observation: Observation?
    public var records: [RoundRecord]
    /// The decision submitted for the open round, if any.
    public var pending: Decision?
    public var secondsLeft: Double?
    public var ledger: Ledger
}

/// One team on the facilitator's leaderboard.
public struct TeamStanding: Sendable {
    public var id: Int64
    public var name: String
    /// Submitted for the open round.
    public var submitted: Bool
    public var missedRounds: Int
    public var ledger: Ledger
    public var roundsPlayed: Int
    /// Profit so far.
    public var profit: Double { ledger.profit }
}

/// The facilitator's view of the game.
public struct GameOverview: Sendable {
    public var phase: GamePhase
    public var round: Int
    public var rounds: Int
    public var roundsClosed: Int
    public var secondsLeft: Double?
    /// Best profit first.
    public var teams: [TeamStanding]
}

/// A team's game, for the debrief.
public struct TeamResult: Sendable {
    public var id: Int64
    public var name: String
    public var records: [RoundRecord]
    public var ledger: Ledger
}
