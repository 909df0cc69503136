import Forecasting
import Foundation
import Scenario
import Simulation
import Testing

let scenarioFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scenarios")

@Suite("Scenarios with forecast demand")
struct ForecastScenarioTests {
    @Test("the simulated mean path is the fitted model's forecast spread over the days of each week")
    func meanPath() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("ecommerce-forecast.yaml").path,
                                               overrides: ["products.1.demand.model=theta"])
        guard case .dailyMeans(let demand) = scenario.world.products[1].customers else {
            Issue.record("expected forecast-driven demand")
            return
        }
        let history = try SalesHistory.load(path: scenarioFolder.appendingPathComponent("data/ecommerce_weekly.csv").path)
        let sku = try #require(history.skus.first { $0.sku == "HEADPHONES-BT" })
        let forecast = try ThetaForecaster().fit(sku.timeSeries(seasonLength: 52)).forecast(horizon: 3)
        for week in 0..<3 {
            for day in 0..<7 {
                #expect(abs(demand.meanUnitsPerDay[week * 7 + day] - forecast.mean[week] / 7) < 1e-9)
            }
        }
        #expect(demand.meanUnitsPerDay.count == scenario.world.horizonDays)
        #expect(scenario.demandModelNotes[1]?.contains("theta") == true)
    }

    @Test("ETS demand is drawn as one state-space sample path per replication, shared by all policies")
    func etsPaths() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("ecommerce-forecast.yaml").path,
                                               overrides: ["products.2.demand.model=ets", "replications=5"])
        guard case .dailyMeans(let demand) = scenario.world.products[2].customers else {
            Issue.record("expected forecast-driven demand")
            return
        }
        let paths = (0..<40).map { demand.forReplication($0).meanUnitsPerDay }
        #expect(paths.allSatisfy { $0.count == scenario.world.horizonDays && $0.allSatisfy { $0 >= 0 } })
        // Every replication has its own path, however many there are (none is reused modulo a count).
        #expect(Set(paths).count == paths.count)
        #expect(demand.forReplication(6).meanUnitsPerDay == paths[6], "drawn again, the same path")
        // Paths scatter around the mean forecast: their average over replications is close to it.
        let average = (0..<scenario.world.horizonDays).map { day in paths.map { $0[day] }.reduce(0, +) / Double(paths.count) }
        let ratio = average.reduce(0, +) / demand.meanUnitsPerDay.reduce(0, +)
        #expect(ratio > 0.7 && ratio < 1.3)
    }

    @Test("a missing history file, an unknown SKU and an unknown model are clear errors")
    func errors() throws {
        let path = scenarioFolder.appendingPathComponent("ecommerce-forecast.yaml").path
        func message(_ override: String) -> String {
            do {
                _ = try ScenarioLoader.load(path: path, overrides: [override])
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message("products.0.demand.history=data/nowhere.csv").contains("does not exist"))
        #expect(message("products.0.demand.sku=SCARF-WOL").contains("did you mean 'SCARF-WOOL'"))
        #expect(message("products.0.demand.model=ets-x").contains("unknown model"))
    }

    @Test("forecast-driven ordering beats fixed levels on seasonal, promotion-driven demand")
    func forecastDrivenWins() throws {
        let scenario = try ScenarioLoader.load(path: scenarioFolder.appendingPathComponent("ecommerce-forecast.yaml").path,
                                               overrides: ["replications=4", "horizonDays=182", "warmupDays=14"])
        let simulator = InventorySimulator(configuration: scenario.world)
        var result: [String: Double] = [:]
        for definition in scenario.policies {
            var total = 0.0
            for replication in 0..<scenario.replications {
                total += simulator.run(policies: definition.makePolicies(for: scenario.world), replication: replication,
                                       seed: scenario.seed,
                                       forecasters: definition.kind.usesForecasts ? scenario.forecasters : []).total.profit
            }
            result[definition.name] = total / Double(scenario.replications)
        }
        let forecastWeekly = try #require(result["forecast-weekly"])
        let fixedWeekly = try #require(result["fixed-weekly"])
        #expect(forecastWeekly > fixedWeekly)
    }
}
