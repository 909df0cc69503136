import Experiment
import Foundation
import Policies
import Scenario
import Simulation
import Testing
@testable import Workshop

@Suite("workshop game engine")
struct GameEngineTests {
    @Test("a world played with base-stock's orders ends with the profit of restock run's base-stock on the same replication")
    func sameAsRestockRun() throws {
        let definition = try TestGames.definition()
        let world = definition.makeWorld()
        world.finish(with: BaseStockPolicy(orderUpToUnits: 15))
        #expect(world.isFinished)
        #expect(world.records.count == definition.rounds)
        let run = ExperimentRunner.run(definition.scenario)
        let policy = try #require(definition.scenario.policies.firstIndex { $0.name == "base-stock-15" })
        let profits = run.values(.profit, policy: policy)
        // The game plays replication 1 (0-based) of the report replications.
        #expect(world.ledger.profit == profits[1])
        #expect(world.ledger.profit != profits[0])
        #expect(abs(world.records.map(\.profit).reduce(0, +) - world.ledger.profit) < 1e-9)
        #expect(world.records.last?.cumulativeProfit == world.ledger.profit)
    }

    @Test("every team faces the same demand whatever it orders (backorders: demand does not depend on stock)")
    func commonDemand() throws {
        let definition = try TestGames.definition()
        let a = definition.makeWorld(), b = definition.makeWorld()
        while !a.isFinished {
            a.play(Decision(orderUnits: 0))
            b.play(Decision(orderUnits: 9))
        }
        #expect(a.records.map(\.demandUnits) == b.records.map(\.demandUnits))
        #expect(a.records.map(\.onHandUnits) != b.records.map(\.onHandUnits))
        #expect(a.ledger.demandUnits > 0)
    }

    @Test("rounds close when every team has submitted; the decisions are played at once")
    func allSubmitted() async throws {
        let clock = TestClock()
        let game = try Game(definition: try TestGames.definition(), databasePath: nil, clock: clock.function)
        let red = try await game.join(name: "Red"), blue = try await game.join(name: "Blue")
        try await game.start()
        try await game.submit(token: red, teamID: nil, round: 1, decision: Decision(orderUnits: 7))
        #expect(await game.openRound == 1)
        #expect(await game.overview().teams.first { $0.name == "Red" }?.submitted == true)
        try await game.submit(token: blue, teamID: nil, round: 1, decision: Decision(orderUnits: 3))
        #expect(await game.openRound == 2)
        let red1 = try #require(await game.team(token: red)?.records.first)
        #expect(red1.orderUnits == 7 && !red1.missed)
        #expect(await game.team(token: blue)?.records.first?.orderUnits == 3)
    }

    @Test("the timer closes a round; a team that missed it repeats its last order (or orders nothing)", arguments: ["repeatLastOrder", "orderNothing"])
    func missedRound(rule: String) async throws {
        let clock = TestClock()
        let game = try Game(definition: try TestGames.definition(TestGames.yaml(missedRound: rule)), databasePath: nil, clock: clock.function)
        let red = try await game.join(name: "Red"), blue = try await game.join(name: "Blue")
        try await game.start()
        try await game.submit(token: red, teamID: nil, round: 1, decision: Decision(orderUnits: 6))
        try await game.submit(token: blue, teamID: nil, round: 1, decision: Decision(orderUnits: 4))
        try await game.submit(token: red, teamID: nil, round: 2, decision: Decision(orderUnits: 8))
        clock.advance(59)
        try await game.tick()
        #expect(await game.openRound == 2)
        clock.advance(2)
        try await game.tick()
        #expect(await game.openRound == 3)
        let blue2 = try #require(await game.team(token: blue)?.records.last)
        #expect(blue2.missed)
        #expect(blue2.orderUnits == (rule == "repeatLastOrder" ? 4 : 0))
        #expect(await game.team(token: red)?.records.last?.orderUnits == 8)
    }

    @Test("a paused timer closes no round; advance closes it at once")
    func pauseAndAdvance() async throws {
        let clock = TestClock()
        let game = try Game(definition: try TestGames.definition(), databasePath: nil, clock: clock.function)
        _ = try await game.join(name: "Solo")
        try await game.start()
        clock.advance(30)
        try await game.pause()
        clock.advance(600)
        try await game.tick()
        #expect(await game.openRound == 1)
        #expect(await game.overview().secondsLeft == 30)
        try await game.advance()
        #expect(await game.openRound == 2)
        #expect(await game.currentPhase == .paused)
    }

    @Test("refused decisions change nothing: closed round, another team, game not started, game over")
    func refusals() async throws {
        let clock = TestClock()
        let game = try Game(definition: try TestGames.definition(), databasePath: nil, clock: clock.function)
        let red = try await game.join(name: "Red"), blue = try await game.join(name: "Blue")
        let blueID = try #require(await game.team(token: blue)?.id)
        await #expect(throws: DecisionRejection.self) { try await game.submit(token: red, teamID: nil, round: 1, decision: .nothing) }
        try await game.start()
        let other = await #expect(throws: DecisionRejection.self) {
            try await game.submit(token: red, teamID: blueID, round: 1, decision: Decision(orderUnits: 5))
        }
        #expect(other?.status == 403)
        #expect(await game.overview().teams.allSatisfy { !$0.submitted })
        try await game.advance()
        let closed = await #expect(throws: DecisionRejection.self) {
            try await game.submit(token: red, teamID: nil, round: 1, decision: Decision(orderUnits: 5))
        }
        #expect(closed?.status == 409)
        #expect(closed?.message.contains("Round 1 is closed") == true)
        #expect(await game.team(token: red)?.pending == nil)
        let stranger = await #expect(throws: DecisionRejection.self) {
            try await game.submit(token: "not-a-token", teamID: nil, round: 2, decision: .nothing)
        }
        #expect(stranger?.status == 401)
        try await game.end()
        await #expect(throws: DecisionRejection.self) { try await game.submit(token: red, teamID: nil, round: 2, decision: .nothing) }
        await #expect(throws: DecisionRejection.self) { _ = try await game.join(name: "Late") }
    }

    @Test("order text: negative, non-integer, absurdly large and empty orders are refused with a message", arguments: [
        ("-3", "negative"), ("2.5", "not a whole number"), ("abc", "not a whole number"), ("1e3", "not a whole number"),
        ("501", "larger than this game allows"), ("99999999999999999999999", "not a whole number"), ("", "Enter an order"),
    ])
    func orderText(text: String, expected: String) throws {
        let error = #expect(throws: DecisionRejection.self) {
            _ = try Decision.parse(order: text, priceLevel: nil, levels: [], maximumOrderUnits: 500)
        }
        #expect(error?.status == 400)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(try Decision.parse(order: " 12 ", priceLevel: nil, levels: [], maximumOrderUnits: 500) == Decision(orderUnits: 12))
        #expect(try Decision.parse(order: "0", priceLevel: "1", levels: [9, 7], maximumOrderUnits: 500) == Decision(orderUnits: 0, priceLevel: 1))
        #expect(throws: DecisionRejection.self) { _ = try Decision.parse(order: "0", priceLevel: "2", levels: [9, 7], maximumOrderUnits: 500) }
        #expect(throws: DecisionRejection.self) { _ = try Decision.parse(order: "0", priceLevel: "0", levels: [], maximumOrderUnits: 500) }
    }

    @Test("team names: trimmed, unique regardless of case, 1 to 40 characters")
    func names() async throws {
        let game = try Game(definition: try TestGames.definition(), databasePath: nil)
        _ = try await game.join(name: "  Red  ")
        #expect(await game.overview().teams.map(\.name) == ["Red"])
        await #expect(throws: DecisionRejection.self) { _ = try await game.join(name: "red") }
        await #expect(throws: DecisionRejection.self) { _ = try await game.join(name: "   ") }
        await #expect(throws: DecisionRejection.self) { _ = try await game.join(name: String(repeating: "x", count: 41)) }
        await #expect(throws: DecisionRejection.self) { _ = try await game.join(name: "a\u{0}b") }
    }

    @Test("a team joining late gets 'order nothing' for the rounds already played")
    func lateJoin() async throws {
        let game = try Game(definition: try TestGames.definition(), databasePath: nil)
        _ = try await game.join(name: "Early")
        try await game.start()
        try await game.advance()
        try await game.advance()
        let late = try await game.join(name: "Late")
        let view = try #require(await game.team(token: late))
        #expect(view.records.count == 2 && view.records.allSatisfy { $0.missed && $0.orderUnits == 0 })
        #expect(view.round == 3)
    }

    @Test("the whole game: the last round ends it and every team's rounds add up to its profit")
    func wholeGame() async throws {
        let definition = try TestGames.definition(TestGames.yaml(days: 5))
        let game = try Game(definition: definition, databasePath: nil)
        let a = try await game.join(name: "A")
        try await game.start()
        for round in 1...5 { try await game.submit(token: a, teamID: nil, round: round, decision: Decision(orderUnits: 5)) }
        #expect(await game.currentPhase == .ended)
        let result = try #require(await game.results().first)
        #expect(result.records.count == 5)
        #expect(abs(result.records.map(\.profit).reduce(0, +) - result.ledger.profit) < 1e-9)
    }
}

@Suite("workshop: the shipped teaching scenarios")
struct ShippedScenarioTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    @Test("each loads as a game with its rounds, timer and rule", arguments: [
        ("workshop-safety-stock", 30, 60), ("workshop-lost-sales", 40, 60), ("workshop-markdown", 18, 120),
    ])
    func loads(name: String, rounds: Int, seconds: Int) throws {
        let scenario = try ScenarioLoader.load(path: Self.folder.appendingPathComponent("\(name).yaml").path, registry: .standard)
        let definition = try GameDefinition(scenario: scenario)
        #expect(definition.rounds == rounds)
        #expect(definition.settings.roundSeconds == seconds)
        #expect(definition.settings.missedRound == .repeatLastOrder)
    }

    @Test("lost sales: the exact optimum applies, and base-stock is 5–10% off it (the agent is not)")
    func lostSalesGap() throws {
        let scenario = try ScenarioLoader.load(path: Self.folder.appendingPathComponent("workshop-lost-sales.yaml").path, registry: .standard)
        let result = try #require(ExactSolver.solve(scenario).first)
        let optimum = try #require(result.optimalProfitPerDay)
        let baseStock = try #require(result.policies.first { $0.name == "base-stock (best)" }?.profitPerDay)
        let agent = try #require(result.policies.first { $0.name == "ppo" }?.profitPerDay)
        let gap = (optimum - baseStock) / abs(optimum)
        #expect(gap > 0.05 && gap < 0.10)
        #expect((optimum - agent) / abs(optimum) < 0.01)
        #expect(scenario.policies.contains { $0.kind == .trained })
        guard case .success = ExactSolver.optimalPolicy(scenario, sku: 0) else { Issue.record("no optimal policy"); return }
    }

    @Test("markdown: one buy in round 1, a price each week; a team's price is charged and the supplier refuses later orders")
    func markdown() throws {
        let scenario = try ScenarioLoader.load(path: Self.folder.appendingPathComponent("workshop-markdown.yaml").path)
        let definition = try GameDefinition(scenario: scenario)
        let world = definition.makeWorld()
        let first = try #require(world.observation)
        #expect(first.forecast != nil)
        world.play(Decision(orderUnits: 1500, priceLevel: 0))
        world.play(Decision(orderUnits: 500, priceLevel: 2))
        #expect(world.records[1].price == 39)
        #expect(world.observation?.onOrderUnits == 0)
        #expect(world.ledger.orderedUnits == 1500)
    }
}
