/// Renders a ``LearningCurve`` as `training.html`: one self-contained page (inline CSS and SVG, no
/// network, well-formed XML, deterministic bytes; see ``HTMLReport``) with the run's settings, the
/// mean training reward per period against environment steps, and the evaluation cost per period against
/// environment steps with 95% confidence whiskers and the labelled reference lines. Template:
/// `training.mustache`.
///
/// Marks and their data attributes (see ``LineChart``): the reward chart (`data-chart="training-reward"`)
/// has one `polyline.series` whose `data-x` / `data-values` are every point's steps and reward; the
/// evaluation chart (`data-chart="training-evaluation"`) has a `circle.vertex` per evaluated point
/// (`data-x` steps, `data-value` cost), a `path.whisker` where the half-width is known (`data-low`,
/// `data-high`) and a `line.reference` per reference line (`data-label`, `data-value`).
public enum TrainingReport {
    /// `data-chart` values of the two charts.
    enum Kind {
        static let reward = "training-reward"
        static let evaluation = "training-evaluation"
    }

    /// Renders the page.
    /// - Parameter curve: the training run.
    /// - Returns: the HTML text (UTF-8 when written).
    /// - Throws: ``ReportError`` when the templates cannot be loaded (missing resource bundle).
    public static func html(_ curve: LearningCurve) throws -> String {
        try HTMLReport.render(template: "training") { css in view(curve, css: css) }
    }

    static func view(_ curve: LearningCurve, css: String) -> ReportView {
        var groups: [ReportView.ChartGroup] = []
        if let group = rewardChart(curve) { groups.append(group) }
        if let group = evaluationChart(curve, id: "chart-\(groups.count + 1)") { groups.append(group) }
        let evaluated = curve.points.filter { $0.evaluationCostPerPeriod != nil }.count
        let steps = curve.points.last.map { "\($0.environmentSteps) environment steps" } ?? "no environment steps"
        let summary = "Training over \(steps): \(curve.points.count) learning-curve point(s), \(evaluated) of them with an evaluation of "
            + "the policy learnt so far (cost per period, mean ± 95% confidence half-width)."
        return ReportView(
            css: css, title: Markup.clean(curve.title), summaryParagraphs: [Markup.clean(summary)],
            navigation: groups.count >= 2 ? ReportView.Navigation(links: groups.map { ReportView.Link(anchor: $0.anchor, heading: $0.heading) }) : nil,
            parameterTable: curve.parameters.isEmpty ? nil : ReportView.ParameterTable(parameters: curve.parameters.map {
                ReportView.ParameterRow(name: Markup.clean($0.name), value: Markup.clean($0.value))
            }),
            sourceList: curve.sourceFiles.isEmpty ? nil : ReportView.SourceList(files: curve.sourceFiles.map {
                ReportView.SourceFile(name: Markup.clean($0), href: ReportView.relativeHref(Markup.clean($0)))
            }),
            policyTable: nil, comparisonTable: nil,
            chartSection: groups.isEmpty ? nil : ReportView.ChartSection(groups: groups))
    }

    /// Mean training reward per period against environment steps.
    static func rewardChart(_ curve: LearningCurve) -> ReportView.ChartGroup? {
        guard !curve.points.isEmpty else { return nil }
        let svg = Charts.rewardCurve(kind: Kind.reward, title: "Mean training reward per period", progress: curve.points.map { Double($0.environmentSteps) },
                                     progressLabel: "Environment steps", rewards: curve.points.map(\.meanRewardPerPeriod), id: "chart-1")
        return ReportView.ChartGroup(anchor: "chart-reward", heading: "Mean training reward per period", figures: [
            ReportView.Figure(svg: svg,
                              caption: "Mean reward per period of the training periods since the previous point (while exploring), as the environment defines reward.",
                              hasCaption: true),
        ])
    }

    /// Evaluation cost per period against environment steps, with whiskers and reference lines.
    static func evaluationChart(_ curve: LearningCurve, id: String) -> ReportView.ChartGroup? {
        let evaluated = curve.points.compactMap { point in point.evaluationCostPerPeriod.map { (point, $0) } }
        guard !evaluated.isEmpty else { return nil }
        let halfWidths = evaluated.map { $0.0.evaluationHalfWidth95 ?? .nan }
        let costs = evaluated.map(\.1)
        let series = LineChart.Series(name: "evaluation cost", x: evaluated.map { Double($0.0.environmentSteps) }, y: costs,
                                      color: Palette.colors[1], low: zip(costs, halfWidths).map { $0 - $1 },
                                      high: zip(costs, halfWidths).map { $0 + $1 })
        let references = curve.referenceLines.map {
            LineChart.Reference(label: "\($0.label): \(NumberText.display($0.costPerPeriod, decimals: 2))", y: $0.costPerPeriod)
        }
        let chart = LineChart(kind: Kind.evaluation, title: "Evaluation cost per period",
                              description: "Line chart: cost per period of the policy learnt so far, with 95% confidence intervals, against environment steps"
                                + (references.isEmpty ? "." : ", and reference costs as dashed horizontal lines."),
                              xLabel: "Environment steps", yLabel: "Cost (currency per period)", series: [series], references: references,
                              includeZero: false, padX: true, dotLimit: .max)
        var caption = "Points: mean cost per period of the greedy policy in the evaluation runs; whiskers: 95% confidence interval."
        if !references.isEmpty { caption += " Dashed lines: reference costs (lower is better)." }
        return ReportView.ChartGroup(anchor: "chart-evaluation", heading: "Evaluation cost per period", figures: [
            ReportView.Figure(svg: chart.render(id: id), caption: caption, hasCaption: true),
        ])
    }
}
