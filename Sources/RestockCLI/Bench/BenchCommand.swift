import ArgumentParser
import Experiment
import Foundation

/// `restock bench`: the core speed benchmark (build with `-c release`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the simulator on the SimPy reference model ((s,S)=(35,60), 10 customers/day, lead time 2 days, lost sales), run whole and stepped decision by decision.")

    @Option(help: "Simulated days per run.") var days = 10_000
    @Option(help: "Single-run timings (best kept).") var repeats = 20
    @Option(help: "Replications timed serially and in parallel.") var replications = 64
    @Option(help: "Alternating serial/parallel rounds (the median speed-up is reported).") var rounds = 5

    func validate() throws {
        guard days >= 1, repeats >= 1, replications >= 1, rounds >= 1 else {
            throw ValidationError("--days, --repeats, --replications and --rounds must be at least 1")
        }
    }

    func run() {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release restock bench`.")
        #endif
        let m = SpeedBenchmark.measure(days: days, repeats: repeats, replications: replications, rounds: rounds)
        print("model: 1 SKU, Poisson 10 customers/day × 1 unit, daily review (s,S)=(35,60), lead time 2 days, lost sales, \(days) days")
        print(String(format: "events/run=%d customers/run=%.0f fill=%.4f", m.eventsPerRun, m.customersPerRun, m.fillRate))
        print(String(format: "one core: best run %.3f ms, %.2f M events/s, %.2f M customers/s",
                     m.bestRunSeconds * 1e3, m.eventsPerSecond / 1e6, m.customersPerRun / m.bestRunSeconds / 1e6))
        print(String(format: "%d replications: 1 thread %.3f s, %d threads %.3f s (medians of %d rounds), speedup %.2fx (rounds: %@)",
                     m.replications, m.serialSeconds, m.threads, m.parallelSeconds, m.roundSpeedups.count, m.speedup,
                     m.roundSpeedups.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        let stepping = SpeedBenchmark.measureStepping(days: days, repeats: repeats)
        print(String(format: "stepper (the policy answering from outside): best run %.3f ms, %.2f M decisions/s, ledgers %@ the run's",
                     stepping.bestRunSeconds * 1e3, stepping.decisionsPerSecond / 1e6, stepping.matchesRun ? "equal" : "DIFFER FROM"))
    }
}
