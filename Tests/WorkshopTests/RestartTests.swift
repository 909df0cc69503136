import Foundation
import Scenario
import Testing
@testable import Workshop

@Suite("workshop: nothing lost")
struct RestartTests {
    @Test("a new Game on the same file resumes: teams, rounds played, pending decisions, phase and facilitator token")
    func resume() async throws {
        let (folder, path) = try TestGames.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        let definition = try TestGames.definition()
        var game: Game? = try Game(definition: definition, databasePath: path, clock: clock.function)
        let red = try await game!.join(name: "Red"), blue = try await game!.join(name: "Blue")
        try await game!.start()
        try await game!.submit(token: red, teamID: nil, round: 1, decision: Decision(orderUnits: 11))
        try await game!.submit(token: blue, teamID: nil, round: 1, decision: Decision(orderUnits: 2))
        try await game!.submit(token: red, teamID: nil, round: 2, decision: Decision(orderUnits: 4))
        let before = try #require(await game!.team(token: red))
        let token = game!.facilitatorToken
        game = nil

        let resumed = try Game(definition: definition, databasePath: path, clock: clock.function)
        #expect(resumed.facilitatorToken == token)
        #expect(await resumed.openRound == 2)
        #expect(await resumed.currentPhase == .running)
        let after = try #require(await resumed.team(token: red))
        #expect(after.records == before.records)
        #expect(after.pending == Decision(orderUnits: 4))
        #expect(after.observation == before.observation)
        #expect(await resumed.team(token: blue)?.records.first?.orderUnits == 2)
        try await resumed.submit(token: blue, teamID: nil, round: 2, decision: Decision(orderUnits: 1))
        #expect(await resumed.openRound == 3)
    }

    @Test("a file of another scenario is refused, not overwritten")
    func otherScenario() throws {
        let (folder, path) = try TestGames.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Game(definition: try TestGames.definition(), databasePath: path)
        #expect(throws: WorkshopError.self) {
            _ = try Game(definition: try TestGames.definition(TestGames.yaml(days: 9)), databasePath: path)
        }
    }
}
