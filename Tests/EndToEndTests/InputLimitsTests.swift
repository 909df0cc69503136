import Foundation
import Testing

/// Values that used to be accepted and distort results, or exhaust memory or time, are refused with the
/// file, the key path and what is allowed (exit code 2), before any work.
@Suite("Input limits")
struct InputLimitsTests {
    static let quickstart = repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path
    static let markdown = repositoryRoot.appendingPathComponent("scenarios/pricing-markdown.yaml").path

    @Test("out-of-range values: exit 2 with the key path and the allowed range", arguments: [
        (markdown, "products.0.demand.priceElasticity=.nan", "products[0].demand.priceElasticity", "from -20 to 20"),
        (markdown, "products.0.demand.priceElasticity=1e308", "products[0].demand.priceElasticity", "from -20 to 20"),
        (markdown, "products.0.demand.promotionLift=1e308", "products[0].demand.promotionLift", "(0, 100]"),
        (markdown, "products.0.priceLevels=[29, 39, 47, 59]", "products[0].priceLevels[1]", "decreasing order"),
        (quickstart, "products.0.holdingCostPerUnitDay=1e308", "products[0].holdingCostPerUnitDay", "1e-9 to 1e9"),
        (quickstart, "products.0.holdingCostPerUnitDay=1e-320", "products[0].holdingCostPerUnitDay", "1e-9 to 1e9"),
        (quickstart, "products.0.sellingPrice=1e308", "products[0].sellingPrice", "1e-9 to 1e9"),
        (quickstart, "products.0.suppliers.0.unitCost=.inf", "products[0].suppliers[0].unitCost", "1e-9 to 1e9"),
        (quickstart, "products.0.suppliers.0.leadTimeDays=1e308", "products[0].suppliers[0].leadTimeDays", "0 to 3650 days"),
    ])
    func refused(_ file: String, _ override: String, _ keyPath: String, _ allowed: String) throws {
        let result = try restock(["validate", file, "--set", override], in: temporaryFolder())
        #expect(result.status == 2)
        #expect(result.stderr.contains(keyPath) && result.stderr.contains(allowed), "\(result.stderr)")
    }

    @Test("a YAML alias bomb in --set or a sweep file is refused at once, not expanded")
    func aliasBomb() throws {
        let levels = ["&a [x,x,x,x,x,x,x,x,x,x]"] + (1...7).map { k -> String in
            let previous = String(UnicodeScalar(UInt8(96 + k)))
            let name = String(UnicodeScalar(UInt8(97 + k)))
            return "&\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]"
        }
        let bomb = "[" + levels.joined(separator: ", ") + "]"
        let start = Date()
        let set = try restock(["validate", Self.quickstart, "--set", "description=\(bomb)"], in: temporaryFolder())
        #expect(set.status == 2 && set.stderr.contains("expands to more than"), "\(set.stderr)")
        let folder = temporaryFolder()
        try "vary:\n  replications: \(bomb)\n".write(to: folder.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
        let sweep = try restock(["sweep", Self.quickstart, "--file", "sweep.yaml", "--out", "out"], in: folder)
        #expect(sweep.status == 2 && sweep.stderr.contains("expands to more than"), "\(sweep.stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("a repeated --vary value is an error, as the README says")
    func repeatedVaryValue() throws {
        let result = try restock(["sweep", Self.quickstart, "--vary", "replications=4,4", "--out", "out"], in: temporaryFolder())
        #expect(result.status == 2 && result.stderr.contains("lists the value '4' twice"))
    }

    @Test("a history with a stray far-future date is refused (it made millions of periods); a column named twice too")
    func historyLimits() throws {
        let folder = temporaryFolder()
        try "date,sku,units\n2025-01-06,A,3\n2025-01-13,A,4\n9999-12-27,A,5\n".write(
            to: folder.appendingPathComponent("far.csv"), atomically: true, encoding: .utf8)
        let start = Date()
        let far = try restock(["forecast", "far.csv", "--out", "f"], in: folder)
        #expect(far.status == 2 && far.stderr.contains("far.csv:4") && far.stderr.contains("more than 36500"), "\(far.stderr)")
        #expect(Date().timeIntervalSince(start) < 20)
        try "date,sku,units,units\n2025-01-06,A,3,9\n2025-01-13,A,4,9\n".write(
            to: folder.appendingPathComponent("twice.csv"), atomically: true, encoding: .utf8)
        let twice = try restock(["forecast", "twice.csv", "--out", "t"], in: folder)
        #expect(twice.status == 2 && twice.stderr.contains("'units' twice"), "\(twice.stderr)")
    }

    @Test("a constant series: MASE is undefined with the reason in accuracy.csv, never inf; the printed mean is not negative")
    func constantSeries() throws {
        let folder = temporaryFolder()
        var text = "date,sku,units\n"
        var day = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2024, month: 1, day: 1).date!
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        // Flat for 100 days, then a step: folds trained on the flat part have no MASE scale.
        for t in 0..<120 {
            text += "\(formatter.string(from: day)),FLAT,\(t < 100 ? 4 : 6)\n"
            day = day.addingTimeInterval(86_400)
        }
        try text.write(to: folder.appendingPathComponent("flat.csv"), atomically: true, encoding: .utf8)
        let result = try restock(["forecast", "flat.csv", "--model", "naive", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let accuracy = try String(contentsOf: folder.appendingPathComponent("out/accuracy.csv"), encoding: .utf8)
        #expect(!accuracy.contains("inf"))
        #expect(accuracy.contains(",mase,,undefined: the training series never changes"), "\(accuracy)")
        #expect(!result.stdout.contains("-0."))
    }
}
