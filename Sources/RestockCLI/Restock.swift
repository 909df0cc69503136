import ArgumentParser
import Forecasting
import Foundation
import Learning
import Policies
import Reports
import Scenario

/// The `restock` command: simulate, validate and optimise inventory scenarios.
@main
struct Restock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restock",
        abstract: "Inventory strategy toolkit: simulate and compare restocking policies, optimise them exactly, forecast demand from sales history.",
        subcommands: [RunCommand.self, InitCommand.self, TuneCommand.self, SweepCommand.self, CompareCommand.self, MergeCommand.self, ValidateCommand.self, OptimizeCommand.self, SolveCommand.self, BenchCommand.self, BenchRLCommand.self, BenchDualCommand.self, BenchPoliciesCommand.self, TrainCommand.self, BenchForecastCommand.self, ForecastCommand.self, SynthHistoryCommand.self, WorkshopCommand.self],
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
            let code = exitCode(for: error)
            // Help, --version, and the exit codes commands chose themselves: ArgumentParser prints and exits.
            if error is ExitCode || code == .success { exit(withError: error) }
            if code != .validationFailure {
                // Input errors a command did not wrap: exit 2 with the message. Anything else is a bug.
                if error is ScenarioError || error is DataError || error is ReportError || error is EnvironmentError
                    || error is UserInputFailure || error is TrainingModelError || error is OptimizerError {
                    let text = (error as? UserInputFailure)?.message ?? "\(error)"
                    FileHandle.standardError.write(Data("error: \(printable(text))\n".utf8))
                    exit(withError: ExitCode(2))
                }
                FileHandle.standardError.write(Data(("internal error: \(printable("\(error)"))\nThis is a bug in Restock, not a problem "
                    + "with your input: please report it with the command you ran, the scenario file and this message.\n").utf8))
                exit(withError: ExitCode(1))
            }
            var message = fullMessage(for: error)
            // "--horizon -5": ArgumentParser reads -5 as an option and reports a missing value.
            let arguments = CommandLine.arguments
            if let range = message.range(of: "Missing value for '"), let end = message[range.upperBound...].firstIndex(of: "'") {
                let option = String(message[range.upperBound..<end].prefix { $0 != " " })
                if let at = arguments.firstIndex(of: option), at + 1 < arguments.count,
                   arguments[at + 1].hasPrefix("-"), Double(arguments[at + 1]) != nil {
                    message = "Error: \(option) \(arguments[at + 1]): a negative number is not allowed for \(option). "
                        + "Allowed: the range in the help below.\n" + message.drop { $0 != "\n" }.dropFirst()
                }
            }
            FileHandle.standardError.write(Data((printable(message) + "\n").utf8))
            exit(withError: ExitCode(2))
        }
    }
}
