import ArgumentParser

/// The `restock` command: simulate, validate and optimise inventory scenarios.
@main
struct Restock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restock",
        abstract: "Inventory strategy toolkit: simulate and compare restocking policies, optimise them exactly, forecast demand from sales history.",
        subcommands: [RunCommand.self, TuneCommand.self, SweepCommand.self, CompareCommand.self, MergeCommand.self, ValidateCommand.self, OptimizeCommand.self, SolveCommand.self, BenchCommand.self, BenchRLCommand.self, TrainCommand.self, BenchForecastCommand.self, ForecastCommand.self, SynthHistoryCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
