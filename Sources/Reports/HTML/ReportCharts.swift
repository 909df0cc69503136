/// Turns the document's chart data into chart groups (one `<section>` each in the page). A group
/// whose data are empty is left out; chart ids are numbered in page order (`chart-1`, …), so the
/// output is deterministic.
enum Charts {
    /// Chart kinds, as written in each `<svg>`'s `data-chart` attribute.
    enum Kind {
        static let profit = "profit"
        static let costBreakdown = "cost-breakdown"
        static let tradeOff = "trade-off"
        static let trajectory = "trajectory"
        static let forecast = "forecast"
        static let learningCurve = "learning-curve"
        static let study = "study"
    }

    static func section(_ document: ReportDocument) -> ReportView.ChartSection? {
        var counter = 0
        func nextId() -> String { counter += 1; return "chart-\(counter)" }
        var groups: [ReportView.ChartGroup] = []

        if let group = study(document, id: nextId) { groups.append(group) }
        if let group = profit(document, id: nextId) { groups.append(group) }
        if let group = costs(document, id: nextId) { groups.append(group) }
        if let group = tradeOff(document, id: nextId) { groups.append(group) }
        if let group = trajectories(document, id: nextId) { groups.append(group) }
        if let group = forecasts(document, id: nextId) { groups.append(group) }
        if let group = learning(document, id: nextId) { groups.append(group) }
        return groups.isEmpty ? nil : ReportView.ChartSection(groups: groups)
    }

    private static func figure(_ svg: String, _ caption: String) -> ReportView.Figure {
        ReportView.Figure(svg: svg, caption: Markup.clean(caption), hasCaption: !caption.isEmpty)
    }

    /// Canvas width and plot height of one small multiple: at half the text width the fonts come out
    /// about as large as on the full-width charts.
    static let smallWidth = 560.0, smallPlotHeight = 260.0

    /// Small multiples of the study: per row of the study a shared legend and one line chart per KPI
    /// (x: the varied parameter, one line per policy, 95% whiskers, dodged sideways so they do not overlap).
    static func study(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        guard let study = document.study, !study.values.isEmpty, !study.columns.isEmpty, !study.policies.isEmpty,
              !study.rows.isEmpty else { return nil }
        let numbers = study.numericValues
        let xs = numbers ?? study.values.indices.map(Double.init)
        let integral = numbers?.allSatisfy { $0 == $0.rounded() } ?? true
        let legend = study.policies.enumerated().map { LegendItem(name: $1, color: Palette.color($0), swatch: .line(dash: Palette.dash($0))) }
        // A long key path keeps its last segments (the key that says the unit) on the axis; the heading has it whole.
        let room = Int((smallWidth - 150) / (SVGChart.labelFont * 0.6))
        var axisTitle = study.parameter
        if axisTitle.count > room {
            var kept: [Substring] = []
            for segment in study.parameter.split(separator: ".").reversed() {
                guard kept.isEmpty || kept.map(\.count).reduce(segment.count + 1, +) + kept.count <= room else { break }
                kept.insert(segment, at: 0)
            }
            axisTitle = SVGChart.truncated("…" + kept.joined(separator: "."), maxWidth: smallWidth - 150, fontSize: SVGChart.labelFont)
        }
        var rows: [ReportView.FigureRow] = []
        for row in study.rows {
            var figures: [ReportView.Figure] = []
            for (c, column) in study.columns.enumerated() {
                let series = study.policies.enumerated().map { p, policy -> LineChart.Series in
                    let estimates = study.values.indices.map {
                        row.estimate(column: c, policy: p, value: $0) ?? ReportDocument.Estimate(mean: .nan, halfWidth: .nan)
                    }
                    return LineChart.Series(name: policy, x: xs, y: estimates.map(\.mean), color: Palette.color(p), dash: Palette.dash(p),
                                            low: estimates.map { $0.mean - $0.halfWidth }, high: estimates.map { $0.mean + $0.halfWidth })
                }
                let context = row.label.isEmpty ? "" : " (\(row.label))"
                let chart = LineChart(kind: Kind.study, title: column.label,
                                      description: "Line chart: mean \(column.label) per policy against \(study.parameter)\(context), with 95% confidence intervals.",
                                      xLabel: axisTitle, yLabel: withUnit(column.label, column.unit), series: series, includeZero: false,
                                      integerX: integral, categoryLabels: numbers == nil ? shortLabels(study.values) : nil, padX: true, showLegend: false,
                                      width: smallWidth, plotHeight: smallPlotHeight, dotLimit: .max, dodge: study.policies.count > 1 ? 6 : 0,
                                      pointCategories: study.values,
                                      markAttributes: xmlAttr("data-column", column.id) + xmlAttr("data-row", row.label))
                figures.append(figure(chart.render(id: id()), ""))
            }
            let label = Markup.clean(row.label)
            rows.append(ReportView.FigureRow(label: label, hasLabel: !label.isEmpty, legend: SVGChart.legendOnly(id: id(), items: legend),
                                             figures: figures))
        }
        let axis = numbers == nil ? "categories in sweep order" : "numeric"
        let note = "One chart per KPI against \(study.parameter) (\(axis)), one line per policy: the mean over replications with "
            + "its 95% confidence interval (whiskers, set slightly apart where policies share an x value)"
            + (study.rows.count > 1 ? "; one row of charts per setting of the other varied parameters." : ".")
        return ReportView.ChartGroup(anchor: "chart-study", heading: Markup.clean("KPIs across \(study.parameter)"), figures: [],
                                     note: Markup.clean(note), hasNote: true, rows: rows)
    }

    /// Axis labels for categories: file paths (the scenarios of a compare) by their file name without
    /// extension when those are distinct, else the values as they are (marks keep the full text).
    static func shortLabels(_ values: [String]) -> [String] {
        guard values.allSatisfy({ $0.contains("/") }) else { return values }
        let names = values.map { value -> String in
            let file = value.split(separator: "/").last.map(String.init) ?? value
            guard let dot = file.lastIndex(of: "."), dot > file.startIndex else { return file }
            return String(file[..<dot])
        }
        return Set(names).count == names.count && !names.contains("") ? names : values
    }

    /// Bars of the `profit` column (else the first column) with 95% CI whiskers.
    static func profit(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        guard !document.policies.isEmpty, !document.columns.isEmpty else { return nil }
        let c = document.columns.firstIndex { $0.id == "profit" } ?? 0
        let column = document.columns[c]
        let bars = document.policies.map { row -> BarChart.Bar in
            guard c < row.values.count else { return BarChart.Bar(label: row.policy, value: .nan) }
            let e = row.values[c]
            let hasInterval = e.mean.isFinite && e.halfWidth.isFinite
            return BarChart.Bar(label: row.policy, value: e.mean,
                                low: hasInterval ? e.mean - e.halfWidth : nil, high: hasInterval ? e.mean + e.halfWidth : nil)
        }
        guard bars.contains(where: { $0.value.isFinite }) else { return nil }
        let heading = "\(column.label) by policy"
        let chart = BarChart(kind: Kind.profit, title: heading,
                             description: "Bar chart: mean \(column.label) per policy with 95% confidence intervals.",
                             valueLabel: withUnit(column.label, column.unit), categoryLabel: "Policy",
                             decimals: column.decimals, bars: bars)
        return ReportView.ChartGroup(anchor: "chart-profit", heading: Markup.clean(heading), figures: [
            figure(chart.render(id: id()), "Bars: mean over replications, from zero; whiskers: 95% confidence interval of the mean."),
        ])
    }

    /// Stacked cost components per policy (currency over the measured days). A component named twice for one policy
    /// is summed.
    static func costs(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        let breakdowns = document.costBreakdown.filter { !$0.components.isEmpty }
        guard !breakdowns.isEmpty else { return nil }
        var names: [String] = []
        for b in breakdowns { for component in b.components where !names.contains(component.name) { names.append(component.name) } }
        let values = breakdowns.map { b in
            names.map { name -> Double? in
                let parts = b.components.filter { $0.name == name }
                return parts.isEmpty ? nil : parts.reduce(0) { $0 + $1.value }
            }
        }
        let chart = StackedBarChart(kind: Kind.costBreakdown, title: "Cost by component",
                                    description: "Stacked bar chart: cost components per policy, currency over the measured days.",
                                    valueLabel: "Cost (currency)", categoryLabel: "Policy", decimals: 2,
                                    categories: breakdowns.map(\.policy), series: names, values: values)
        return ReportView.ChartGroup(anchor: "chart-costs", heading: "Cost breakdown", figures: [
            figure(chart.render(id: id()), "Mean cost over the measured days (warm-up excluded), stacked by component in the order of the legend; the number above each bar is the total."),
        ])
    }

    /// Fill rate vs average stock, one labelled point per policy.
    static func tradeOff(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        guard !document.tradeOff.isEmpty else { return nil }
        let points = document.tradeOff.map { ScatterChart.Point(label: $0.policy, x: $0.averageStockUnits, y: $0.serviceLevel) }
        let shares = document.tradeOff.map(\.serviceLevel).filter(\.isFinite)
        let isShare = !shares.isEmpty && shares.allSatisfy { $0 >= 0 && $0 <= 1 }
        let chart = ScatterChart(kind: Kind.tradeOff, title: "Service level vs average stock",
                                 description: "Scatter plot: fill rate against average units on hand, one point per policy.",
                                 xLabel: "Average stock (units)", yLabel: "Fill rate (share)", xDecimals: 1, yDecimals: 3,
                                 yLimits: isShare ? 0...1 : nil, points: points)
        return ReportView.ChartGroup(anchor: "chart-trade-off", heading: "Service level vs average stock", figures: [
            figure(chart.render(id: id()), "Up and to the left is better: higher fill rate with less stock."),
        ])
    }

    /// One line chart per trajectory: on hand, on order and backordered units by day.
    static func trajectories(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        var figures: [ReportView.Figure] = []
        for t in document.trajectories {
            let count = min(t.days.count, t.onHandUnits.count, t.onOrderUnits.count, t.backorderedUnits.count)
            guard count > 0 else { continue }
            let days = t.days.prefix(count).map(Double.init)
            let series = [
                LineChart.Series(name: "on hand", x: days, y: Array(t.onHandUnits.prefix(count)), color: Palette.colors[0]),
                LineChart.Series(name: "on order", x: days, y: Array(t.onOrderUnits.prefix(count)), color: Palette.colors[2], dash: Palette.dashes[1]),
                LineChart.Series(name: "backordered", x: days, y: Array(t.backorderedUnits.prefix(count)), color: Palette.colors[1], dash: Palette.dashes[2]),
            ]
            let title = t.sku.isEmpty ? "Stock: \(t.policy)" : "Stock: \(t.policy), SKU \(t.sku)"
            let chart = LineChart(kind: Kind.trajectory, title: title,
                                  description: "Line chart: units on hand, on order and backordered at the end of each day.",
                                  xLabel: "Day", yLabel: "Stock (units)", series: series)
            var caption = "Units at the end of each day, one replication."
            if count > Downsample.maxPoints {
                caption += " The lines are drawn from at most \(Downsample.maxPoints) points per series (first and last day, and the minimum and maximum of each of \((Downsample.maxPoints - 2) / 2) equal runs of days); every day’s value is in the chart’s data-values attributes and in the CSV file."
            }
            figures.append(figure(chart.render(id: id()), caption))
        }
        guard !figures.isEmpty else { return nil }
        return ReportView.ChartGroup(anchor: "chart-trajectories", heading: "Stock trajectories", figures: figures)
    }

    /// History, forecast mean and the lower–upper band per SKU, against the period index, labelled
    /// with the period labels.
    static func forecasts(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        var figures: [ReportView.Figure] = []
        for f in document.forecasts {
            let h = f.history.count
            let k = f.mean.count
            guard h + k > 0 else { continue }
            var labels: [String] = []
            for i in 0..<h { labels.append(i < f.historyLabels.count ? f.historyLabels[i] : String(i + 1)) }
            for i in 0..<k { labels.append(i < f.forecastLabels.count ? f.forecastLabels[i] : "+\(i + 1)") }
            let historyX = (0..<h).map(Double.init)
            let forecastX = (h..<(h + k)).map(Double.init)
            var series: [LineChart.Series] = []
            if h > 0 { series.append(LineChart.Series(name: "history", x: historyX, y: f.history, color: Palette.colors[6])) }
            if k > 0 { series.append(LineChart.Series(name: "forecast mean", x: forecastX, y: f.mean, color: Palette.colors[0], dash: Palette.dashes[1])) }
            var bands: [LineChart.Band] = []
            let bandCount = min(k, f.lower.count, f.upper.count)
            if bandCount > 0 {
                bands.append(LineChart.Band(name: "prediction band (lower to upper)", x: Array(forecastX.prefix(bandCount)),
                                            lower: Array(f.lower.prefix(bandCount)), upper: Array(f.upper.prefix(bandCount)),
                                            color: Palette.colors[5]))
            }
            let title = f.sku.isEmpty ? "Demand forecast" : "Demand forecast: SKU \(f.sku)"
            let chart = LineChart(kind: Kind.forecast, title: title,
                                  description: "Line chart: demand history, forecast mean and prediction band per period.",
                                  xLabel: "Period", yLabel: "Demand (units per period)", series: series, bands: bands,
                                  xCategories: labels, divider: h > 0 && k > 0 ? (Double(h) - 0.5, "forecast") : nil)
            figures.append(figure(chart.render(id: id()), "Demand history (solid), forecast mean (dashed) and the band between the lower and upper prediction bounds."))
        }
        guard !figures.isEmpty else { return nil }
        return ReportView.ChartGroup(anchor: "chart-forecasts", heading: "Demand forecasts", figures: figures)
    }

    /// Mean training reward per period of a trained policy, against environment steps.
    static func learning(_ document: ReportDocument, id: () -> String) -> ReportView.ChartGroup? {
        guard !document.learningCurve.isEmpty else { return nil }
        let svg = rewardCurve(kind: Kind.learningCurve, title: "Learning curve", progress: document.learningCurve.map { Double($0.environmentSteps) },
                              progressLabel: "Environment steps", rewards: document.learningCurve.map(\.meanReward), id: id())
        return ReportView.ChartGroup(anchor: "chart-learning", heading: "Learning curve", figures: [
            figure(svg, "Mean training reward per period of \(document.learningCurveLabel) while it was trained (learning_curve.csv)."),
        ])
    }

    /// One line of mean episode reward against training progress (episodes, environment steps).
    /// - Parameters:
    ///   - kind: the chart's `data-chart` value.
    ///   - title: its title.
    ///   - progress: x values, in training order.
    ///   - progressLabel: x axis title (`Episode`, `Environment steps`).
    ///   - rewards: mean episode reward per x value.
    ///   - id: element id.
    /// - Returns: the SVG element.
    static func rewardCurve(kind: String, title: String, progress: [Double], progressLabel: String, rewards: [Double], id: String) -> String {
        let series = LineChart.Series(name: "mean episode reward", x: progress, y: rewards, color: Palette.colors[0])
        return LineChart(kind: kind, title: title,
                         description: "Line chart: mean episode reward against \(progressLabel.lowercased()) of training.",
                         xLabel: progressLabel, yLabel: "Mean episode reward", series: [series], includeZero: false).render(id: id)
    }
}
