import ArgumentParser
import Dispatch
import Foundation
import Policies
import Stochastics

/// `restock bench-dual`: the dual-sourcing instances of Gijsbrechts et al. (2022) solved exactly, with
/// the best dual-index and capped dual-index levels and their gaps to the optimum.
struct BenchDualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-dual",
        abstract: "Solve the dual-sourcing instances of Gijsbrechts et al. (2022) (demand uniform on 0...4, le = 0, h = 5, b = 495) exactly by DP, and grade the best dual-index and capped dual-index levels (build with -c release).")

    @Option(help: "Regular lead times lr (periods), comma-separated.") var leadTimes = "2,3,4"
    @Option(help: "Expedited premiums c_e - c_r (currency per unit), comma-separated.") var premiums = "5,10,20"
    @Option(help: "Regular unit cost c_r; the gaps are also given relative to the cost with purchases at this price.") var regularCost: Double = 100
    @Option(help: "Expedited lead time le (periods).") var expeditedLeadTime = 0
    @Option(help: "Largest demand of the uniform demand law on 0...max.") var maxDemand = 4

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release restock bench-dual`.")
        #endif
        let demand = try DiscretePMF(probabilities: [Double](repeating: 1, count: maxDemand + 1).map { $0 / Double(maxDemand + 1) })
        print("Costs per period without purchases at c_r (c_r = 0, c_e = premium); 'incl.' gaps are relative to the cost with c_r = \(regularCost).")
        print("lr  premium  optimum [certified bounds]          states   best DI (levels)            gap %  incl. %  best CDI (levels)                gap %  incl. %  DP s  search s")
        for lr in leadTimes.split(separator: ",").compactMap({ Int($0) }) {
            for premium in premiums.split(separator: ",").compactMap({ Double($0) }) {
                let model = try DualSourcingModel(
                    demand: demand, regularLeadTimePeriods: lr, expeditedLeadTimePeriods: expeditedLeadTime,
                    regularUnitCost: 0, expeditedUnitCost: premium, holdingCostPerUnitPeriod: 5,
                    shortage: .backorders(costPerUnitDay: 495))
                let clock = DispatchTime.now()
                let optimum = try RelativeValueIteration.solve(model)
                let dpSeconds = Self.seconds(since: clock)
                let searchClock = DispatchTime.now()
                let di = try DualIndexSearch.bestDualIndex(model)
                let cdi = try DualIndexSearch.bestCappedDualIndex(model)
                let searchSeconds = Self.seconds(since: searchClock)
                let purchases = regularCost * demand.mean
                func gap(_ cost: Double, _ base: Double) -> Double { (cost - optimum.value) / base * 100 }
                print(String(format: "%2d  %7.0f  %8.4f [%.4f, %.4f]  %7d   %8.4f (%@)  %6.2f  %6.3f  %8.4f (%@)  %6.2f  %6.3f  %5.2f  %7.2f",
                             lr, premium, optimum.value, optimum.lowerBound, optimum.upperBound, model.validStateCount,
                             di.costPerPeriod, di.levels.description.padding(toLength: 14, withPad: " ", startingAt: 0),
                             gap(di.costPerPeriod, optimum.value), gap(di.costPerPeriod, optimum.value + purchases),
                             cdi.costPerPeriod, cdi.levels.description.padding(toLength: 20, withPad: " ", startingAt: 0),
                             gap(cdi.costPerPeriod, optimum.value), gap(cdi.costPerPeriod, optimum.value + purchases),
                             dpSeconds, searchSeconds))
            }
        }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
