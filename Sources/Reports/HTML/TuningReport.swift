/// What `tuning.html` shows: per tuned policy, the search path (every candidate's mean profit per day on
/// the tune replications with its 95% half-width, and the incumbent) and the final paired comparison.
/// Plain numbers and text, so Reports stays free of simulation types.
public struct TuningTrace: Sendable, Equatable {
    /// One tuned policy.
    public struct Policy: Sendable, Equatable {
        /// One evaluated candidate of the search.
        public struct Candidate: Sendable, Equatable {
            /// Mean profit per day on the tune replications.
            public var mean: Double
            /// Its 95% half-width.
            public var halfWidth: Double
            /// Whether the search moved to it.
            public var accepted: Bool
            /// Creates a candidate.
            public init(mean: Double, halfWidth: Double, accepted: Bool) {
                self.mean = mean
                self.halfWidth = halfWidth
                self.accepted = accepted
            }
        }

        /// One row of the final comparison.
        public struct Finalist: Sendable, Equatable {
            /// e.g. `start`, `selected`, `candidate 17`.
            public var label: String
            /// `orderUpToUnits = 19, …`.
            public var values: String
            /// Mean profit per day on the evaluate replications, and its 95% half-width.
            public var mean: Double
            public var halfWidth: Double
            /// Paired difference selected − this, and its 95% half-width (0 for the selected one).
            public var difference: Double
            public var differenceHalfWidth: Double
            /// Creates a row.
            public init(label: String, values: String, mean: Double, halfWidth: Double, difference: Double, differenceHalfWidth: Double) {
                self.label = label
                self.values = values
                self.mean = mean
                self.halfWidth = halfWidth
                self.difference = difference
                self.differenceHalfWidth = differenceHalfWidth
            }
        }

        /// Policy name.
        public var name: String
        /// One sentence on what was searched and how it ended.
        public var note: String
        /// Candidates in the order evaluated.
        public var candidates: [Candidate]
        /// The final comparison.
        public var finalists: [Finalist]
        /// Creates a policy's trace.
        public init(name: String, note: String, candidates: [Candidate], finalists: [Finalist]) {
            self.name = name
            self.note = note
            self.candidates = candidates
            self.finalists = finalists
        }
    }

    /// Page title.
    public var title: String
    /// Summary paragraphs (blank lines separate them).
    public var summary: String
    /// Settings shown as a table (name, value).
    public var parameters: [ReportDocument.Parameter]
    /// The tuned policies.
    public var policies: [Policy]
    /// Files next to the page.
    public var sourceFiles: [String]

    /// Creates a trace.
    public init(title: String, summary: String, parameters: [ReportDocument.Parameter], policies: [Policy], sourceFiles: [String]) {
        self.title = title
        self.summary = summary
        self.parameters = parameters
        self.policies = policies
        self.sourceFiles = sourceFiles
    }
}

/// Renders a ``TuningTrace`` as `tuning.html`: one self-contained page (inline CSS and SVG, no network,
/// well-formed XML, deterministic bytes; see ``HTMLReport``) with the settings, the final comparison of
/// every tuned policy as a table (profit per day on the evaluate replications, and the paired difference
/// of the selected candidate to each) and one chart per policy of the search path: every candidate's mean
/// profit per day on the tune replications with 95% whiskers against the order of evaluation, and the
/// incumbent (best so far) as a step line. Template: `report.mustache`.
public enum TuningReport {
    /// `data-chart` value of the search-path charts.
    static let kind = "tuning-path"

    /// Renders the page.
    /// - Parameter trace: the tuning run.
    /// - Returns: the HTML text.
    /// - Throws: ``ReportError`` when the templates cannot be loaded.
    public static func html(_ trace: TuningTrace) throws -> String {
        try HTMLReport.render(template: "report") { css in view(trace, css: css) }
    }

    static func view(_ trace: TuningTrace, css: String) -> ReportView {
        let groups = trace.policies.enumerated().compactMap { index, policy in chart(policy, id: "chart-\(index + 1)") }
        var links: [ReportView.Link] = []
        if !trace.policies.isEmpty { links.append(ReportView.Link(anchor: "policies", heading: "Final comparison")) }
        links += groups.map { ReportView.Link(anchor: $0.anchor, heading: $0.heading) }
        return ReportView(
            css: css, title: Markup.clean(trace.title), summaryParagraphs: ReportView.paragraphs(Markup.clean(trace.summary)),
            navigation: links.count >= 2 ? ReportView.Navigation(links: links) : nil,
            parameterTable: trace.parameters.isEmpty ? nil : ReportView.ParameterTable(parameters: trace.parameters.map {
                ReportView.ParameterRow(name: Markup.clean($0.name), value: Markup.clean($0.value))
            }),
            sourceList: trace.sourceFiles.isEmpty ? nil : ReportView.SourceList(files: trace.sourceFiles.map {
                ReportView.SourceFile(name: Markup.clean($0), href: ReportView.relativeHref(Markup.clean($0)))
            }),
            policyTable: table(trace), comparisonTable: nil,
            chartSection: groups.isEmpty ? nil : ReportView.ChartSection(groups: groups))
    }

    /// The final comparison: one row per policy · finalist.
    static func table(_ trace: TuningTrace) -> ReportView.PolicyTable? {
        guard !trace.policies.isEmpty else { return nil }
        let headers = [
            ReportView.ColumnHeader(id: "values", label: "Parameters", unit: "", hasUnit: false, direction: ""),
            ReportView.ColumnHeader(id: "profit_per_day", label: "Profit per day (evaluate)", unit: "currency/day", hasUnit: true,
                                    direction: "↑ higher is better"),
            ReportView.ColumnHeader(id: "selected_minus_this", label: "Selected − this (paired)", unit: "currency/day", hasUnit: true,
                                    direction: "95% CI"),
        ]
        var rows: [ReportView.PolicyRow] = []
        for policy in trace.policies {
            for finalist in policy.finalists {
                let name = Markup.clean("\(policy.name) · \(finalist.label)")
                let isSelected = finalist.difference == 0 && finalist.differenceHalfWidth == 0
                func cell(_ id: String, _ text: String, _ half: String, _ mean: Double, _ halfWidth: Double, best: Bool) -> ReportView.PolicyCell {
                    ReportView.PolicyCell(policy: name, columnId: id, meanText: Markup.clean(text), halfWidthText: half, hasHalfWidth: !half.isEmpty,
                                          isBest: best, cssClass: best ? "value best" : "value",
                                          mean: NumberText.exact(mean), halfWidth: NumberText.exact(halfWidth))
                }
                rows.append(ReportView.PolicyRow(policy: name, cells: [
                    cell("values", finalist.values, "", .nan, .nan, best: false),
                    cell("profit_per_day", NumberText.display(finalist.mean, decimals: 2), NumberText.display(finalist.halfWidth, decimals: 2),
                         finalist.mean, finalist.halfWidth, best: isSelected),
                    cell("selected_minus_this", NumberText.signedDisplay(finalist.difference, decimals: 2),
                         finalist.differenceHalfWidth.isFinite ? NumberText.display(finalist.differenceHalfWidth, decimals: 2) : "",
                         finalist.difference, finalist.differenceHalfWidth, best: false),
                ]))
            }
        }
        return ReportView.PolicyTable(headers: headers, rows: rows)
    }

    /// A policy's search path.
    static func chart(_ policy: TuningTrace.Policy, id: String) -> ReportView.ChartGroup? {
        guard !policy.candidates.isEmpty else { return nil }
        let x = policy.candidates.indices.map { Double($0 + 1) }
        let means = policy.candidates.map(\.mean)
        let halves = policy.candidates.map(\.halfWidth)
        var best = -Double.infinity
        let incumbent = policy.candidates.map { candidate -> Double in
            if candidate.accepted { best = candidate.mean }
            return best
        }
        let chart = LineChart(
            kind: kind, title: "Search path: \(policy.name)",
            description: "Chart: mean profit per day of every candidate on the tune replications with 95% confidence whiskers, in the order evaluated, and the incumbent (the point the search stands on) as a line.",
            xLabel: "Candidate (order evaluated)", yLabel: "Profit per day (currency)",
            series: [
                LineChart.Series(name: "candidate", x: x, y: means, color: Palette.colors[0], dash: "0 1000000", width: 0,
                                 low: zip(means, halves).map { $0 - $1 }, high: zip(means, halves).map { $0 + $1 }),
                LineChart.Series(name: "incumbent", x: x, y: incumbent, color: Palette.colors[1]),
            ],
            includeZero: false, padX: true, dotLimit: .max)
        let anchor = "chart-tuning-\(id)"
        return ReportView.ChartGroup(anchor: anchor, heading: "Search path: \(Markup.clean(policy.name))", figures: [
            ReportView.Figure(svg: chart.render(id: id), caption: Markup.clean(policy.note), hasCaption: !policy.note.isEmpty),
        ])
    }
}
