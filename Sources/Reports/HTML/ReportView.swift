import Foundation

/// What the Mustache templates render: plain structs (read by Mirror, in declaration order), all
/// text already cleaned of characters XML forbids and left for Mustache's `{{ }}` to escape; only
/// `css` and the charts' `svg` (generated here, escaped as it was built) go through `{{{ }}}`.
///
/// Optional members are whole sections: nil leaves the section out. Inside sections every field is
/// non-optional, because Mustache looks a missing (nil) name up in the enclosing objects.
struct ReportView {
    var css: String
    var title: String
    var summaryParagraphs: [String]
    var navigation: Navigation?
    var parameterTable: ParameterTable?
    var skuTable: ParameterTable?
    var sourceList: SourceList?
    var policyTable: PolicyTable?
    var comparisonTable: PairedDifferenceTable?
    var referenceTable: ReferenceTable?
    var chartSection: ChartSection?

    struct Navigation { var links: [Link] }
    struct Link { var anchor: String; var heading: String }

    struct ParameterTable { var parameters: [ParameterRow] }
    struct ParameterRow { var name: String; var value: String }

    struct SourceList { var files: [SourceFile] }
    struct SourceFile { var name: String; var href: String }

    struct PolicyTable {
        var headers: [ColumnHeader]
        var rows: [PolicyRow]
    }
    struct ColumnHeader {
        var id: String
        var label: String
        var unit: String
        var hasUnit: Bool
        /// "↑ higher is better" / "↓ lower is better".
        var direction: String
    }
    struct PolicyRow {
        var policy: String
        var cells: [PolicyCell]
    }
    struct PolicyCell {
        var policy: String
        var columnId: String
        /// The mean at the column's decimals (`—` when the row has no value for the column).
        var meanText: String
        /// The half-width at the column's decimals; shown as "± …" when there is one.
        var halfWidthText: String
        var hasHalfWidth: Bool
        var isBest: Bool
        var cssClass: String
        /// Exact numbers (``NumberText/exact(_:)``), for `data-*` attributes.
        var mean: String
        var halfWidth: String
    }

    /// Reference rows (bounds), shown apart from the policies.
    struct ReferenceTable { var rows: [ReferenceRow]; var omitted: [String] }
    struct ReferenceRow {
        var name: String
        var note: String
        var column: String
        var text: String
        var mean: String
        var gaps: [ReferenceGap]
    }
    struct ReferenceGap {
        var policy: String
        var text: String
        var mean: String
    }

    struct PairedDifferenceTable {
        var baseline: String
        var hasBaseline: Bool
        var headers: [ColumnHeader]
        var rows: [PairedDifferenceRow]
    }
    struct PairedDifferenceRow {
        var policy: String
        var cells: [PairedDifferenceCell]
    }
    struct PairedDifferenceCell {
        var policy: String
        var columnId: String
        var present: Bool
        /// "+difference ± half-width".
        var text: String
        /// "significant" / "not distinguishable".
        var verdict: String
        var cssClass: String
        /// "better" / "worse" for a significant difference in a column with a known direction.
        var judgement: String
        var hasJudgement: Bool
        var mean: String
        var halfWidth: String
    }

    struct ChartSection { var groups: [ChartGroup] }
    struct ChartGroup {
        var anchor: String
        var heading: String
        var figures: [Figure]
        /// A paragraph under the heading (how to read small multiples).
        var note: String = ""
        var hasNote: Bool = false
        /// Rows of small multiples, each with its own label and legend.
        var rows: [FigureRow] = []
    }
    /// One row of small multiples: a label (what the other varied parameters are set to), a legend
    /// shared by its charts, and the charts.
    struct FigureRow {
        var label: String
        var hasLabel: Bool
        var legend: String
        var figures: [Figure]
    }
    struct Figure {
        var svg: String
        var caption: String
        var hasCaption: Bool
    }
}

extension ReportView {
    /// Builds the view of a document.
    /// - Parameters:
    ///   - document: the report data.
    ///   - css: the stylesheet to inline.
    init(_ document: ReportDocument, css: String) {
        self.css = css
        title = Markup.clean(document.title)
        summaryParagraphs = Self.paragraphs(Markup.clean(document.summary))

        if !document.parameters.isEmpty {
            parameterTable = ParameterTable(parameters: document.parameters.map {
                ParameterRow(name: Markup.clean($0.name), value: Markup.clean($0.value))
            })
        }
        if !document.skuSummary.isEmpty {
            skuTable = ParameterTable(parameters: document.skuSummary.map {
                ParameterRow(name: Markup.clean($0.name), value: Markup.clean($0.value))
            })
        }
        if !document.sourceFiles.isEmpty {
            sourceList = SourceList(files: document.sourceFiles.map {
                SourceFile(name: Markup.clean($0), href: Self.relativeHref(Markup.clean($0)))
            })
        }
        policyTable = Self.policyTable(document)
        comparisonTable = Self.comparisonTable(document)
        referenceTable = Self.referenceTable(document)
        chartSection = Charts.section(document)

        var links: [Link] = []
        if skuTable != nil { links.append(Link(anchor: "skus", heading: "SKUs")) }
        if policyTable != nil { links.append(Link(anchor: "policies", heading: "Policies")) }
        if comparisonTable != nil { links.append(Link(anchor: "comparison", heading: "Paired comparison")) }
        for group in chartSection?.groups ?? [] { links.append(Link(anchor: group.anchor, heading: group.heading)) }
        navigation = links.count >= 2 ? Navigation(links: links) : nil
    }

    /// Paragraphs of the summary: blank lines separate paragraphs, single line breaks become spaces.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")); current = [] }
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs
    }

    /// A link to a file beside the report: `./` + the percent-encoded name, so no name can read as a
    /// URL scheme or a network address.
    static func relativeHref(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
        return "./" + encoded
    }

    static func header(_ column: ReportDocument.Column) -> ColumnHeader {
        let unit = Markup.clean(column.unit).trimmingCharacters(in: .whitespaces)
        return ColumnHeader(id: Markup.clean(column.id), label: Markup.clean(column.label), unit: unit, hasUnit: !unit.isEmpty,
                            direction: column.higherIsBetter ? "↑ higher is better" : "↓ lower is better")
    }

    /// Which rows hold the best mean of column `c`. Means are compared as shown (rounded to the
    /// column's decimals), so two policies that read the same are both marked; non-finite means never
    /// win.
    static func bestRows(_ document: ReportDocument, column c: Int) -> Set<Int> {
        let column = document.columns[c]
        var shown: [(row: Int, value: Double)] = []
        for (r, row) in document.policies.enumerated() where c < row.values.count && row.values[c].mean.isFinite {
            let rounded = Double(NumberText.fixedASCII(row.values[c].mean, decimals: column.decimals)) ?? row.values[c].mean
            shown.append((r, rounded))
        }
        let values = shown.map(\.value)
        guard let best = column.higherIsBetter ? values.max() : values.min() else { return [] }
        return Set(shown.filter { $0.value == best }.map(\.row))
    }

    static func policyTable(_ document: ReportDocument) -> PolicyTable? {
        guard !document.policies.isEmpty, !document.columns.isEmpty else { return nil }
        let best = document.columns.indices.map { bestRows(document, column: $0) }
        let rows = document.policies.enumerated().map { r, row in
            let policy = Markup.clean(row.policy)
            let cells = document.columns.enumerated().map { c, column -> PolicyCell in
                let id = Markup.clean(column.id)
                guard c < row.values.count else {
                    return PolicyCell(policy: policy, columnId: id, meanText: "—", halfWidthText: "", hasHalfWidth: false, isBest: false,
                                      cssClass: "missing", mean: "NaN", halfWidth: "NaN")
                }
                let estimate = row.values[c]
                let isBest = best[c].contains(r)
                let hasHalfWidth = estimate.mean.isFinite && estimate.halfWidth.isFinite
                return PolicyCell(policy: policy, columnId: id,
                                  meanText: NumberText.display(estimate.mean, decimals: column.decimals),
                                  halfWidthText: hasHalfWidth ? NumberText.display(estimate.halfWidth, decimals: column.decimals) : "",
                                  hasHalfWidth: hasHalfWidth, isBest: isBest, cssClass: isBest ? "value best" : "value",
                                  mean: NumberText.exact(estimate.mean), halfWidth: NumberText.exact(estimate.halfWidth))
            }
            return PolicyRow(policy: policy, cells: cells)
        }
        return PolicyTable(headers: document.columns.map(header), rows: rows)
    }

    static func referenceTable(_ document: ReportDocument) -> ReferenceTable? {
        guard !document.references.isEmpty || !document.omittedReferences.isEmpty else { return nil }
        return ReferenceTable(rows: document.references.map { reference in
            let decimals = document.columns.first { $0.id == reference.column }?.decimals ?? 2
            let e = reference.estimate
            return ReferenceRow(name: Markup.clean(reference.name), note: Markup.clean(reference.note), column: Markup.clean(reference.column),
                                text: NumberText.estimate(e.mean, e.halfWidth, decimals: decimals, signed: false),
                                mean: NumberText.exact(e.mean),
                                gaps: reference.gaps.map { gap in
                                    ReferenceGap(policy: Markup.clean(gap.policy),
                                                 text: NumberText.estimate(gap.gap.mean, gap.gap.halfWidth, decimals: decimals, signed: false),
                                                 mean: NumberText.exact(gap.gap.mean))
                                })
        }, omitted: document.omittedReferences.map(Markup.clean))
    }

    static func comparisonTable(_ document: ReportDocument) -> PairedDifferenceTable? {
        guard !document.comparisons.isEmpty else { return nil }
        // Columns: the document's, in its order, that have comparisons; then unknown ids in order of appearance.
        var columnIds: [String] = []
        for column in document.columns where document.comparisons.contains(where: { $0.column == column.id }) {
            if !columnIds.contains(column.id) { columnIds.append(column.id) }
        }
        for comparison in document.comparisons where !columnIds.contains(comparison.column) { columnIds.append(comparison.column) }
        var policies: [String] = []
        for comparison in document.comparisons where !policies.contains(comparison.policy) { policies.append(comparison.policy) }

        let columns = columnIds.map { id in document.columns.first { $0.id == id } }
        let headers = zip(columnIds, columns).map { id, column in
            column.map(header) ?? ColumnHeader(id: Markup.clean(id), label: Markup.clean(id), unit: "", hasUnit: false, direction: "")
        }
        let rows = policies.map { policy -> PairedDifferenceRow in
            let cleanPolicy = Markup.clean(policy)
            let cells = zip(columnIds, columns).map { id, column -> PairedDifferenceCell in
                guard let comparison = document.comparisons.first(where: { $0.policy == policy && $0.column == id }) else {
                    return PairedDifferenceCell(policy: cleanPolicy, columnId: Markup.clean(id), present: false, text: "", verdict: "",
                                          cssClass: "missing", judgement: "", hasJudgement: false, mean: "NaN", halfWidth: "NaN")
                }
                let decimals = column?.decimals ?? 2
                let d = comparison.difference
                var judgement = ""
                if comparison.significant, let column, d.mean.isFinite, d.mean != 0 {
                    judgement = (d.mean > 0) == column.higherIsBetter ? "better" : "worse"
                }
                return PairedDifferenceCell(policy: cleanPolicy, columnId: Markup.clean(id), present: true,
                                      text: NumberText.estimate(d.mean, d.halfWidth, decimals: decimals, signed: true),
                                      verdict: comparison.significant ? "significant" : "not distinguishable",
                                      cssClass: comparison.significant ? "significant" : "indistinct",
                                      judgement: judgement, hasJudgement: !judgement.isEmpty,
                                      mean: NumberText.exact(d.mean), halfWidth: NumberText.exact(d.halfWidth))
            }
            return PairedDifferenceRow(policy: cleanPolicy, cells: cells)
        }
        let baseline = Markup.clean(document.baseline)
        return PairedDifferenceTable(baseline: baseline, hasBaseline: !baseline.isEmpty, headers: headers, rows: rows)
    }
}
