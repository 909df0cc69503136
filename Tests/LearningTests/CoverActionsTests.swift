import Foundation
import Learning
import Policies
import Testing

/// `CoverActions` with the level-scaled target, and policy files from before the option.
@Suite("Cover actions scaled by the level so far")
struct CoverActionsTests {
    /// Lead time 4, review 7 (F over 11 days), 10 units a day: μ = 10, a week of prior = 70 units.
    let features = ObservationFeatures(leadTimeDays: 4, reviewDays: 7, demandScale: 10, horizonDays: 364)

    /// Day 14: a flat forecast of 10 a day (F = 110), 210 units sold against 140 forecast to date
    /// (L̂ = (210 + 70) / (140 + 70) = 4/3), 30 on hand and 20 on order (IP = 50).
    var observation: Observation {
        Observation(sku: 0, day: 14, onHandUnits: 30, backorderedUnits: 0,
                    pipeline: [PipelineOrder(supplier: 0, quantityUnits: 20, dueDay: 16)], price: 49,
                    forecast: DemandForecast(issuedDay: 14, meanUnitsPerDay: Array(repeating: 10, count: 40),
                                             sdUnitsPerDay: Array(repeating: 3, count: 40)),
                    seasonEndDay: 364,
                    seasonToDate: SeasonToDate(observedUnits: 210, forecastUnits: 140, daysInStock: 14))
    }

    func orderUnits(_ actions: CoverActions, multiple: Double) -> Int {
        let index = actions.coverMultiples.firstIndex(of: multiple)!
        return actions.action(index, observation: observation, features: features, supplier: 0).orderUnits.first ?? 0
    }

    @Test("the level-scaled target is m × L̂ × F; the plain one m × F")
    func scaledTarget() {
        #expect(abs(features.levelEstimate(observation) - 4.0 / 3) < 1e-12)
        let scaled = CoverActions(coverMultiples: CoverActions.defaultMultiples, priceLevelCount: 1, decisionEveryDays: 7,
                                  scaleByLevelEstimate: true)
        let plain = CoverActions(coverMultiples: CoverActions.defaultMultiples, priceLevelCount: 1, decisionEveryDays: 7)
        #expect(orderUnits(scaled, multiple: 1.2) == 126)  // 1.2 × 4/3 × 110 − 50
        #expect(orderUnits(plain, multiple: 1.2) == 82)    // 1.2 × 110 − 50
        #expect(orderUnits(scaled, multiple: 0) == 0)
        // Without a season record (no forecaster) the level is 1: the same as the plain target.
        var unknown = observation
        unknown.seasonToDate = nil
        let index = scaled.coverMultiples.firstIndex(of: 1.2)!
        #expect(scaled.action(index, observation: unknown, features: features, supplier: 0).orderUnits.first == 82)
    }

    @Test("a mapping from before the option decodes to the plain target and is written back unchanged")
    func oldFiles() throws {
        let old = #"{"coverMultiples":[0,0.5,1,1.2],"decisionEveryDays":7,"priceLevelCount":1}"#
        let decoded = try JSONDecoder().decode(CoverActions.self, from: Data(old.utf8))
        #expect(decoded.scaleByLevelEstimate == false)
        #expect(orderUnits(decoded, multiple: 1.2) == 82)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == old)
        var scaled = decoded
        scaled.scaleByLevelEstimate = true
        let again = try JSONDecoder().decode(CoverActions.self, from: try encoder.encode(scaled))
        #expect(again == scaled)
        #expect(orderUnits(again, multiple: 1.2) == 126)
    }
}
