import Foundation
import Scenario
import Testing
@testable import Workshop

/// Small games for the tests: one SKU, Poisson demand, a short horizon.
enum TestGames {
    /// One SKU with backorders (or lost sales), lead time 2 days, reviewed daily, `days` rounds.
    static func yaml(days: Int = 12, shortage: String = "{type: backorder, costPerUnitDay: 4}", missedRound: String = "repeatLastOrder",
                     extra: String = "") -> String {
        """
        name: test-workshop
        seed: 7
        horizonDays: \(days)
        replications: 6
        review: {type: periodic, everyDays: 1}
        products:
          - sku: WIDGET
            sellingPrice: 10
            holdingCostPerUnitDay: 0.5
            shortage: \(shortage)
            initialOnHandUnits: 12
            demand: {type: perDay, unitsPerDay: {type: poisson, mean: 5}}
            suppliers:
              - {name: supplier, leadTimeDays: 2, unitCost: 4}
        policies:
          - {name: base-stock-15, type: baseStock, orderUpToUnits: 15}
          - {name: base-stock-best, type: baseStock, orderUpToUnits: auto}
        workshop: {roundSeconds: 60, missedRound: \(missedRound), replication: 1, maximumOrderUnits: 500}
        \(extra)
        """
    }

    static func definition(_ text: String = yaml()) throws -> GameDefinition {
        try GameDefinition(scenario: ScenarioLoader.parse(yaml: text, file: "test-workshop.yaml"))
    }

    /// A temporary SQLite path (the folder is removed by the caller's `defer`).
    static func temporaryDatabase() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restock-workshop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("game.sqlite").path)
    }
}

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1_000_000.0
    var now: Double { lock.lock(); defer { lock.unlock() }; return seconds }
    func advance(_ by: Double) { lock.lock(); seconds += by; lock.unlock() }
    var function: @Sendable () -> Double { { [self] in self.now } }
}
