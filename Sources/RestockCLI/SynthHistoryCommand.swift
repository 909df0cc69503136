import ArgumentParser
import Forecasting
import Foundation
import Reports

/// `restock synth-history`: writes the synthetic sales histories shipped in `scenarios/data/`: the
/// e-commerce shop (daily, weekly and monthly) and the fashion item of the pricing scenario (weekly).
struct SynthHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-history",
        abstract: "Write the synthetic e-commerce history (12 SKUs, 3 years) as daily, weekly and monthly (month ends) CSVs, and a fashion item's weekly history with past markdowns (date,sku,units,price,promo).")

    @Option(help: "Output folder.") var out = "scenarios/data"
    @Option(help: "Seed of the GSL streams.") var seed: UInt64 = 20230102

    func run() throws {
        let daily = SyntheticHistory.daily(seed: seed)
        let folder: URL
        do {
            folder = try outputFolder(out, default: out)
        } catch let failure as UserInputFailure {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        }
        do {
            try AtomicFileWriter.writeAll([
                (SyntheticHistory.csv(daily), folder.appendingPathComponent("ecommerce_daily.csv")),
                (SyntheticHistory.csv(SyntheticHistory.weekly(daily)), folder.appendingPathComponent("ecommerce_weekly.csv")),
                (SyntheticHistory.csv(SyntheticHistory.monthly(daily)), folder.appendingPathComponent("ecommerce_monthly.csv")),
                (SyntheticHistory.csv(SyntheticHistory.weekly(SyntheticHistory.fashionDaily(seed: seed))),
                 folder.appendingPathComponent("fashion_weekly.csv")),
            ])
        } catch let error as ReportError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        print("Wrote \(folder.path)/ecommerce_daily.csv, ecommerce_weekly.csv, ecommerce_monthly.csv (\(SyntheticHistory.profiles.count) SKUs, \(SyntheticHistory.days) days) "
              + "and fashion_weekly.csv (\(SyntheticHistory.Fashion.sku), \(SyntheticHistory.Fashion.days / 7) weeks), seed \(seed).")
    }
}
