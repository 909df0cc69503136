import Foundation
import GRDB

/// The game's state in one SQLite file (GRDB): the game row, the teams and every decision. Everything
/// else (stock, sales, profit) is replayed from the decisions, which the simulation turns into the same
/// numbers every time, so the file is small and a restart resumes exactly where the game was.
///
/// Every write is one transaction, committed before the method returns (so before a page answers).
/// Journal mode WAL with `synchronous = FULL`: a commit is on disk when it returns.
final class GameStore: Sendable {
    private let queue: DatabaseQueue

    /// The game row.
    struct GameRow: Sendable, Equatable {
        var scenarioPath: String
        var fingerprint: String
        var facilitatorToken: String
        var phase: GamePhase
        var closedRounds: Int
        /// When the open round's timer runs out (seconds since 1970), while running.
        var deadline: Double?
        /// Seconds left on the open round's timer, while paused.
        var remainingSeconds: Double?
    }

    /// A team as stored.
    struct TeamRow: Sendable, Equatable {
        var id: Int64
        var name: String
        var token: String
    }

    /// A stored decision.
    struct DecisionRow: Sendable, Equatable {
        var teamID: Int64
        var round: Int
        var decision: Decision
        var missed: Bool
    }

    /// Opens (creating if needed) the file and its tables.
    /// - Parameter path: the SQLite file, or `:memory:`-like temporary use when nil.
    init(path: String?) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        if let path {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        } else {
            queue = try DatabaseQueue(configuration: configuration)
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE game (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    scenario_path TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    facilitator_token TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    closed_rounds INTEGER NOT NULL,
                    deadline REAL,
                    remaining_seconds REAL
                );
                CREATE TABLE team (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    token TEXT NOT NULL UNIQUE,
                    joined_at REAL NOT NULL
                );
                CREATE TABLE decision (
                    team_id INTEGER NOT NULL REFERENCES team(id),
                    round INTEGER NOT NULL CHECK (round >= 1),
                    order_units INTEGER NOT NULL CHECK (order_units >= 0),
                    price_level INTEGER,
                    missed INTEGER NOT NULL,
                    submitted_at REAL NOT NULL,
                    PRIMARY KEY (team_id, round)
                );
                """)
        }
        try migrator.migrate(queue)
    }

    /// The game row, nil for a new file.
    func game() throws -> GameRow? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM game WHERE id = 1") else { return nil }
            return GameRow(scenarioPath: row["scenario_path"], fingerprint: row["fingerprint"], facilitatorToken: row["facilitator_token"],
                           phase: GamePhase(rawValue: row["phase"]) ?? .lobby, closedRounds: row["closed_rounds"],
                           deadline: row["deadline"], remainingSeconds: row["remaining_seconds"])
        }
    }

    /// Creates the game row of a new file.
    func create(_ game: GameRow) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO game (id, scenario_path, fingerprint, facilitator_token, phase, closed_rounds, deadline, remaining_seconds)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [game.scenarioPath, game.fingerprint, game.facilitatorToken, game.phase.rawValue, game.closedRounds,
                                 game.deadline, game.remainingSeconds])
        }
    }

    /// Saves the phase and the timer.
    func saveClock(phase: GamePhase, deadline: Double?, remainingSeconds: Double?) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE game SET phase = ?, deadline = ?, remaining_seconds = ? WHERE id = 1",
                           arguments: [phase.rawValue, deadline, remainingSeconds])
        }
    }

    /// Every team, in joining order.
    func teams() throws -> [TeamRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, token FROM team ORDER BY id").map {
                TeamRow(id: $0["id"], name: $0["name"], token: $0["token"])
            }
        }
    }

    /// Every decision, by team and round.
    func decisions() throws -> [DecisionRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT team_id, round, order_units, price_level, missed FROM decision ORDER BY team_id, round").map {
                DecisionRow(teamID: $0["team_id"], round: $0["round"],
                            decision: Decision(orderUnits: $0["order_units"], priceLevel: $0["price_level"]), missed: $0["missed"])
            }
        }
    }

    /// Adds a team and the decisions of the rounds closed before it joined, in one transaction.
    /// - Returns: the team's id, or nil when the name is taken (compared without case).
    func addTeam(name: String, token: String, at time: Double, missedDecisions: [DecisionRow]) throws -> Int64? {
        try queue.write { db -> Int64? in
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM team WHERE name = ? COLLATE NOCASE)", arguments: [name]) ?? false
            guard !taken else { return nil }
            try db.execute(sql: "INSERT INTO team (name, token, joined_at) VALUES (?, ?, ?)", arguments: [name, token, time])
            let id = db.lastInsertedRowID
            for row in missedDecisions { try Self.insert(row, teamID: id, at: time, db: db) }
            return id
        }
    }

    /// Stores (or replaces) a team's decision for the open round.
    func saveDecision(_ row: DecisionRow, at time: Double) throws {
        try queue.write { db in try Self.insert(row, teamID: row.teamID, at: time, db: db) }
    }

    /// Closes a round: the decisions the missed-round rule made, the new count of closed rounds and the
    /// phase and timer after it, in one transaction.
    func closeRound(missed: [DecisionRow], closedRounds: Int, phase: GamePhase, deadline: Double?, at time: Double) throws {
        try queue.write { db in
            for row in missed { try Self.insert(row, teamID: row.teamID, at: time, db: db) }
            try db.execute(sql: "UPDATE game SET closed_rounds = ?, phase = ?, deadline = ?, remaining_seconds = NULL WHERE id = 1",
                           arguments: [closedRounds, phase.rawValue, deadline])
        }
    }

    private static func insert(_ row: DecisionRow, teamID: Int64, at time: Double, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO decision (team_id, round, order_units, price_level, missed, submitted_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (team_id, round) DO UPDATE SET order_units = excluded.order_units, price_level = excluded.price_level,
                missed = excluded.missed, submitted_at = excluded.submitted_at
            """, arguments: [teamID, row.round, row.decision.orderUnits, row.decision.priceLevel, row.missed, time])
    }
}

/// Where the game is.
public enum GamePhase: String, Sendable, Equatable {
    /// Teams join; no round has started.
    case lobby
    /// A round is open and its timer runs.
    case running
    /// A round is open, its timer stopped: teams may still submit, no round closes.
    case paused
    /// Over: every round played, or the facilitator ended it.
    case ended
}
