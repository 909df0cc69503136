import ArgumentParser
import Foundation
import Reports

/// The `restock` command: simulate, validate and optimise inventory scenarios.
@main
struct Restock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restock",
        abstract: "Inventory strategy toolkit: simulate and compare restocking policies, optimise them exactly, forecast demand from sales history.",
        subcommands: [RunCommand.self, TuneCommand.self, SweepCommand.self, CompareCommand.self, MergeCommand.self, ValidateCommand.self, OptimizeCommand.self, SolveCommand.self, BenchCommand.self, BenchRLCommand.self, BenchDualCommand.self, BenchPoliciesCommand.self, TrainCommand.self, BenchForecastCommand.self, ForecastCommand.self, SynthHistoryCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs the subcommand. A command line ArgumentParser rejects (an unknown option, a value
    /// that is not a number, a missing argument: its exit code 64) is an input error like any other and
    /// exits 2, with ArgumentParser's message and usage.
    static func main() {
        // An interrupted run (Ctrl-C, a scheduler's SIGTERM) removes its temporary report files and exits 130/143.
        AtomicFileWriter.installInterruptCleanup()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode(2))
        }
    }
}
