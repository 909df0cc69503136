import Experiment
import Forecasting
import Reports
import Simulation

/// `comparison.html`, built from the text of `comparison.csv` alone. An unsharded sweep and `restock merge`
/// of its shards hold the same CSV bytes, so they write the same page; and every number on the page is a
/// cell of that CSV (the charts carry them in `data-*` attributes).
///
/// The page: the table of variant · policy rows (mean ± 95% half-width), the small multiples of
/// ``ParameterStudy`` (profit, fill rate, average on hand, total cost against the first varied key, one
/// row of charts per setting of the other keys; against the scenarios for `restock compare`), and the
/// profit, cost-breakdown and service-vs-stock charts of the rows.
public enum ComparisonPage {
    /// The KPIs of the small multiples.
    static let studyKPIs: [KPI] = [.profit, .fillRate, .averageOnHandUnits, .totalCost]

    /// The fixed columns after the varied keys (see ``ComparisonTable/header(keys:)``).
    static let valueColumns = ComparisonTable.header(keys: []).dropFirst()

    /// The page.
    /// - Parameter csv: the text of a comparison.csv.
    /// - Returns: the HTML text.
    /// - Throws: ``ReportError`` when the text is not a comparison.csv or the templates are missing.
    public static func html(csv: String) throws -> String {
        try HTMLReport.render(document(csv: csv))
    }

    /// One variant's rows of the CSV.
    struct Variant {
        var index: Int
        var settings: [String]
        /// Policies in CSV order, each with its estimates by KPI column name.
        var policies: [(name: String, estimates: [String: ReportDocument.Estimate])]
    }

    /// The document the page shows.
    /// - Parameter csv: the text of a comparison.csv.
    /// - Returns: the document; its numbers are the CSV's, parsed.
    /// - Throws: ``ReportError`` for a malformed CSV.
    static func document(csv: String) throws -> ReportDocument {
        let (keys, variants) = try parse(csv)
        var rows: [ReportDocument.PolicyRow] = []
        var costs: [ReportDocument.CostBreakdown] = []
        var tradeOff: [ReportDocument.TradeOffPoint] = []
        let missing = ReportDocument.Estimate(mean: .nan, halfWidth: .nan)
        for variant in variants {
            let label = zip(keys, variant.settings).map { "\($0)=\($1)" }.joined(separator: ", ")
            for (policy, estimates) in variant.policies {
                let name = "\(label) · \(policy)"
                let mean = { (kpi: KPI) in estimates[kpi.columnName]?.mean ?? .nan }
                rows.append(.init(policy: name, values: ReportBuilder.columns.map { kpi, _, _, _ in estimates[kpi.columnName] ?? missing }))
                costs.append(.init(policy: name, components: [KPI.purchaseCost, .orderingCost, .holdingCost, .shortageCost].map {
                    .init(name: $0.columnName.replacingOccurrences(of: "_", with: " "), value: mean($0))
                }))
                tradeOff.append(.init(policy: name, serviceLevel: mean(.fillRate), averageStockUnits: mean(.averageOnHandUnits)))
            }
        }
        let columns = ReportBuilder.columns.map { kpi, label, higher, decimals in
            ReportDocument.Column(id: kpi.columnName, label: label, unit: kpi.unit, higherIsBetter: higher, decimals: decimals)
        }
        let isCompare = keys == ["scenario"]
        let title = "Comparison: " + (isCompare ? "\(variants.count) scenarios" : keys.joined(separator: " × "))
        let summary = "\(variants.count) variants, each simulated with every policy; rows are variant · policy. "
            + "Values are means ± 95% confidence half-widths over each variant's replications."
        return ReportDocument(title: title, summary: summary, columns: columns, policies: rows, costBreakdown: costs,
                              tradeOff: tradeOff, study: study(keys: keys, variants: variants), sourceFiles: ["comparison.csv"])
    }

    /// The small multiples: x is the first key, one row per combination of the others (in sweep order).
    static func study(keys: [String], variants: [Variant]) -> ParameterStudy? {
        guard let parameter = keys.first, !variants.isEmpty else { return nil }
        var values: [String] = [], rowKeys: [[String]] = [], policies: [String] = []
        for variant in variants {
            if !values.contains(variant.settings[0]) { values.append(variant.settings[0]) }
            let rest = Array(variant.settings.dropFirst())
            if !rowKeys.contains(rest) { rowKeys.append(rest) }
            for (name, _) in variant.policies where !policies.contains(name) { policies.append(name) }
        }
        let columns = studyKPIs.compactMap { kpi in
            ReportBuilder.columns.first { $0.0 == kpi }.map { _, label, higher, decimals in
                ReportDocument.Column(id: kpi.columnName, label: label, unit: kpi.unit, higherIsBetter: higher, decimals: decimals)
            }
        }
        let missing = ReportDocument.Estimate(mean: .nan, halfWidth: .nan)
        let rows = rowKeys.map { rest -> ParameterStudy.Row in
            let label = zip(keys.dropFirst(), rest).map { "\($0) = \($1)" }.joined(separator: ", ")
            let estimates = columns.map { column in
                policies.map { policy in
                    values.map { value -> ReportDocument.Estimate in
                        let variant = variants.first { $0.settings[0] == value && Array($0.settings.dropFirst()) == rest }
                        return variant?.policies.first { $0.name == policy }?.estimates[column.id] ?? missing
                    }
                }
            }
            return ParameterStudy.Row(label: label, estimates: estimates)
        }
        return ParameterStudy(parameter: parameter, values: values, columns: columns, policies: policies, rows: rows)
    }

    /// The varied keys and the variants of a comparison.csv, in file order.
    static func parse(_ csv: String) throws -> (keys: [String], variants: [Variant]) {
        let rows: [CSVReader.Row]
        switch CSVReader.rows(csv) {
        case .success(let parsed): rows = parsed
        case .failure(let error): throw ReportError("comparison.csv: a quoted cell opened on line \(error.line) never closes")
        }
        guard let header = rows.first?.fields, header.first == "variant", header.count > valueColumns.count + 1,
              Array(header.suffix(valueColumns.count)) == Array(valueColumns) else {
            throw ReportError("comparison.csv: the header is not variant, the varied keys, \(valueColumns.joined(separator: ", "))")
        }
        let keys = Array(header[1..<(header.count - valueColumns.count)])
        var variants: [Variant] = []
        for row in rows.dropFirst() {
            let f = row.fields
            guard f.count == header.count, let index = Int(f[0]) else {
                throw ReportError("comparison.csv line \(row.line): expected \(header.count) cells starting with a variant number")
            }
            let settings = Array(f[1...keys.count])
            let k = keys.count
            let estimate = ReportDocument.Estimate(mean: Double(f[k + 4]) ?? .nan, halfWidth: Double(f[k + 6]) ?? .nan)
            if variants.last?.index != index {
                if variants.contains(where: { $0.index == index }) {
                    throw ReportError("comparison.csv line \(row.line): the rows of variant \(index) are not together")
                }
                variants.append(Variant(index: index, settings: settings, policies: []))
            }
            let policy = f[k + 1]
            if variants[variants.count - 1].policies.last?.name != policy {
                variants[variants.count - 1].policies.append((policy, [:]))
            }
            let last = variants[variants.count - 1].policies.count - 1
            variants[variants.count - 1].policies[last].estimates[f[k + 2]] = estimate
        }
        return (keys, variants)
    }
}
