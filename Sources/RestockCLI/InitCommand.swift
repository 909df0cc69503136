import ArgumentParser
import Forecasting
import Foundation
import Reports
import Scenario

/// `restock init`: a scenario drafted from a planner's item master, sales history and stock.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Draft a scenario for every SKU of an item master (items.csv) from its sales history (and stock.csv): demand fitted to the history, suppliers, costs, stock, open orders and the policies to compare.")

    @Option(help: "Sales history CSV (date, sku, units[, price, promo…]; daily, weekly, monthly or quarterly).") var history: String
    @Option(help: "Item master CSV (scenarios/data/items.csv shows the columns).") var items: String
    @Option(help: "Stock CSV: sku, on_hand_units[, open_order_units, due_date, supplier].") var stock: String?
    @Option(help: "The scenario file to write.") var out = "scenario.yaml"
    @Flag(help: "Overwrite --out if it exists.") var force = false
    @Option(help: "Scenario name.") var name = "planning"
    @Option(help: "Simulated days.") var horizonDays = 365
    @Option(help: "Replications.") var replications = 20
    @Option(help: "Target service level of the forecast-driven policy, in (0, 1).") var serviceLevel = 0.95
    @Option(help: "Days between orders of the forecast-driven policy.") var reviewDays = 7
    @Option(help: "Forecasting model of every SKU: auto or one of: \(ForecasterCatalog.names.joined(separator: ", ")).") var model = "auto"
    @Option(help: "Seed.") var seed = 1

    func run() throws {
        try exitForUserInput {
            guard (1...10_000_000).contains(horizonDays) else { throw UserInputFailure(message: "--horizon-days \(horizonDays) is out of range. Allowed: 1 to 10,000,000 days.") }
            guard (1...1_000_000).contains(replications) else { throw UserInputFailure(message: "--replications \(replications) is out of range. Allowed: 1 to 1,000,000.") }
            guard serviceLevel > 0, serviceLevel < 1 else { throw UserInputFailure(message: "--service-level \(serviceLevel) is out of range. Allowed: a number strictly between 0 and 1.") }
            guard (1...3650).contains(reviewDays) else { throw UserInputFailure(message: "--review-days \(reviewDays) is out of range. Allowed: 1 to 3650 days.") }
            guard model == "auto" || ForecasterCatalog.names.contains(model) else {
                throw UserInputFailure(message: "--model '\(model)' is not a forecasting model. Allowed: auto, \(ForecasterCatalog.names.joined(separator: ", ")).")
            }
            guard !out.trimmingCharacters(in: .whitespaces).isEmpty else { throw UserInputFailure(message: "--out is empty. Allowed: a file path such as scenario.yaml.") }
            let target = URL(fileURLWithPath: out)
            if FileManager.default.fileExists(atPath: target.path), !force {
                throw UserInputFailure(message: "\(out) exists; restock init does not overwrite a scenario. Allowed: another --out, or --force to replace it.")
            }
            let draft: ScenarioDraft
            do {
                let sales = try SalesHistory.load(path: history)
                let master = try ItemMaster.load(path: items)
                let position = try stock.map { try StockPosition.load(path: $0) }
                var options = ScenarioDraft.Options()
                options.name = name
                options.seed = seed
                options.horizonDays = horizonDays
                options.replications = replications
                options.serviceLevel = serviceLevel
                options.reviewDays = reviewDays
                options.model = model
                draft = try ScenarioDraft(history: sales, historyReference: Self.relativePath(of: history, from: target.deletingLastPathComponent()),
                                          items: master, stock: position, stockPath: stock ?? "", options: options)
            } catch let error as DataError {
                throw UserInputFailure(message: error.description)
            }
            do {
                try AtomicFileWriter.writeAll([(draft.text, target)])
            } catch let error as ReportError {
                throw UserInputFailure(message: error.message)
            }
            print("Wrote \(out): \(draft.skuCount) SKU(s) and the policies to compare; check it with `restock validate \(out)`, compare with `restock run \(out)`.")
            for skipped in draft.skipped { print("  skipped \(skipped)") }
        }
    }

    /// `path` relative to `folder` when both are under one root (so the scenario moves with its data), else absolute.
    static func relativePath(of path: String, from folder: URL) -> String {
        let file = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = folder.standardizedFileURL.pathComponents
        var common = 0
        while common < min(file.count, base.count), file[common] == base[common] { common += 1 }
        guard common >= 2 else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return (Array(repeating: "..", count: base.count - common) + file[common...]).joined(separator: "/")
    }
}
