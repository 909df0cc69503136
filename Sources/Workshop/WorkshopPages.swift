import Foundation
import Policies
import Reports
import Simulation
import Stochastics

/// A line shown at the top of a page: what went wrong, or what was done.
public struct PageMessage: Sendable, Equatable {
    public enum Kind: String, Sendable { case error, ok, info }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Renders the game's pages with the report's style sheet and charts (``Reports/HTMLPages``,
/// ``Reports/ChartSVG``). Views are plain dictionaries; every text goes through Mustache's escaping.
struct WorkshopPages: Sendable {
    let pages: HTMLPages
    let definition: GameDefinition

    init(definition: GameDefinition) throws {
        pages = try HTMLPages(templates: WorkshopTemplates.all)
        self.definition = definition
    }

    /// - Parameters:
    ///   - refreshSeconds: reload the page after this many seconds (pages that wait for the room).
    ///   - refreshURL: the address to reload (without the one-off `?done=` message of a redirect).
    private func render(_ template: String, title: String, refreshSeconds: Int? = nil, refreshURL: String = "/",
                        message: PageMessage? = nil, _ view: [String: Any]) -> String {
        var full = view
        full["title"] = title
        full["css"] = HTMLPages.css
        full["workshopCSS"] = WorkshopTemplates.css
        if let refreshSeconds {
            full["refreshSeconds"] = refreshSeconds
            full["refreshURL"] = refreshURL
        }
        if let message {
            full["message"] = ["kind": message.kind.rawValue, "text": message.text, "role": message.kind == .error ? "alert" : "status"]
        }
        // Templates are compiled in; a missing one is a programming error caught by the tests.
        return (try? pages.render(full, template: template)) ?? "<!DOCTYPE html><title>Restock workshop</title><p>page error</p>"
    }

    static func number(_ value: Double, _ decimals: Int = 0) -> String { HTMLPages.number(value, decimals: decimals) }
    static func money(_ value: Double) -> String { HTMLPages.number(value, decimals: 2) }
    static func percent(_ share: Double) -> String { share.isFinite ? HTMLPages.number(share * 100, decimals: 1) + "%" : "n/a" }

    var scenarioName: String { definition.scenario.name }
    var unitWord: String { definition.roundDays == 1 ? "day" : definition.roundDays == 7 ? "week" : "\(definition.roundDays) days" }
    var roundsText: String {
        "\(definition.rounds) rounds of one \(unitWord) each: each round you see your stock and decide what to order\(definition.product.priceLevels.count > 1 ? " and at which price to sell" : "")."
    }
    var backorders: Bool {
        if case .backorders = definition.product.shortage { return true }
        return false
    }

    // MARK: - Join

    func join(message: PageMessage? = nil) -> String {
        render("join", title: "Join: \(scenarioName)", message: message, [
            "scenarioName": scenarioName, "description": definition.scenario.description, "roundsText": roundsText,
        ])
    }

    func error(heading: String, message: PageMessage, backLink: String = "/", backText: String = "Back to the game",
               refreshSeconds: Int? = nil, refreshURL: String = "/") -> String {
        render("workshop-error", title: heading, refreshSeconds: refreshSeconds, refreshURL: refreshURL, message: message, ["heading": heading, "backLink": backLink, "backText": backText])
    }

    // MARK: - Team

    private func phaseText(_ phase: GamePhase) -> String {
        switch phase {
        case .lobby: return "Waiting to start"
        case .running: return "Playing"
        case .paused: return "Paused"
        case .ended: return "Game over"
        }
    }

    func team(_ view: TeamView, message: PageMessage? = nil) -> String {
        let product = definition.product
        var page: [String: Any] = [
            "teamName": view.name, "phase": view.phase.rawValue, "phaseText": phaseText(view.phase),
            "roundText": view.phase == .ended ? "after \(view.records.count) rounds" : "Round \(min(view.round, view.rounds)) of \(view.rounds)",
        ]
        if let seconds = view.secondsLeft { page["secondsLeft"] = Int(seconds.rounded(.up)) }
        var refresh: Int?
        switch view.phase {
        case .lobby:
            page["waitingText"] = "You have joined. The game starts when the facilitator starts round 1; this page refreshes itself."
            refresh = 3
        case .paused:
            page["waitingText"] = "The facilitator has paused the timer. You can still enter or change your decision."
        case .running:
            if view.pending != nil {
                page["waitingText"] = "Your decision for round \(view.round) is in. Waiting for the other teams or the timer; this page refreshes itself. You can still change it."
                refresh = 3
            } else if let seconds = view.secondsLeft {
                refresh = Int(seconds.rounded(.up)) + 1   // reload when the round closes
            }
        case .ended:
            page["ended"] = true
            refresh = nil
        }
        if let observation = view.observation, view.phase != .ended {
            page["state"] = state(observation, view: view)
        } else if let last = view.records.last {
            page["state"] = ["cards": [
                card("Profit", Self.money(view.ledger.profit), field: "profit", detail: "final"),
                card("Fill rate", Self.percent(view.ledger.value(of: .fillRate, measuredDays: 1)), field: "fill-rate"),
                card("Rounds", "\(view.records.count)", field: "rounds", detail: "last on day \(last.day + 1)"),
            ], "hasPipeline": false]
        }
        if view.phase != .ended, let observation = view.observation {
            let lastOrderDay = observation.lastOrderDay(supplier: 0)
            let canOrder = lastOrderDay.map { Double($0) >= observation.day - 1e-9 } ?? true
            var form: [String: Any] = [
                "round": view.round, "teamID": String(view.id), "maximum": definition.settings.maximumOrderUnits,
                "orderValue": view.pending.map { String($0.orderUnits) } ?? "",
                "canOrder": canOrder, "buttonText": view.pending == nil ? "Submit decision" : "Change decision",
            ]
            if let day = lastOrderDay { form["lastOrderDay"] = day + 1 }
            let supplier = product.suppliers[0]
            var notes: [String] = []
            if supplier.minimumOrderUnits > 1 { notes.append("minimum \(supplier.minimumOrderUnits)") }
            if supplier.orderMultipleUnits > 1 { notes.append("multiples of \(supplier.orderMultipleUnits)") }
            if !notes.isEmpty { form["supplierNote"] = "(" + notes.joined(separator: ", ") + ")" }
            if product.priceLevels.count > 1 {
                let current = view.pending?.priceLevel ?? PriceLevels.nearestIndex(to: observation.price, in: product.priceLevels) ?? 0
                form["hasPrices"] = true
                form["prices"] = product.priceLevels.enumerated().map { index, price -> [String: Any] in
                    let off = product.priceLevels[0] > 0 ? (1 - price / product.priceLevels[0]) * 100 : 0
                    let text = index == 0 ? "\(Self.money(price)) (full price)" : "\(Self.money(price)) (\(Self.number(off))% off)"
                    return ["index": index, "text": text, "selected": index == current]
                }
            }
            page["form"] = form
        }
        if !view.records.isEmpty {
            page["history"] = history(view.records)
        }
        page["charts"] = teamCharts(view).map { ["svg": $0] }
        return render("team", title: "\(view.name): \(scenarioName)", refreshSeconds: refresh, message: message, page)
    }

    private func card(_ label: String, _ value: String, field: String, detail: String? = nil) -> [String: Any] {
        var card: [String: Any] = ["label": label, "value": value, "field": field]
        if let detail { card["detail"] = detail }
        return card
    }

    private func state(_ observation: Observation, view: TeamView) -> [String: Any] {
        var cards: [[String: Any]] = []
        let day = Int(observation.day.rounded())
        cards.append(card("On hand", "\(observation.onHandUnits)", field: "on-hand",
                          detail: observation.backorderedUnits > 0 ? "\(observation.backorderedUnits) units owed to customers" : "units on the shelf"))
        cards.append(card("On order", "\(observation.onOrderUnits)", field: "on-order", detail: "units not yet arrived"))
        cards.append(card("Price", Self.money(observation.price), field: "price", detail: "per unit"))
        cards.append(card("Profit so far", Self.money(view.ledger.profit), field: "profit", detail: "day \(day + 1) of \(definition.scenario.world.horizonDays)"))
        if let last = view.records.last {
            let short = backorders ? "backordered" : "lost"
            let shortUnits = backorders ? last.newlyBackorderedUnits : last.lostUnits
            cards.append(card("Last round's demand", Self.number(last.demandUnits), field: "demand",
                              detail: "sold \(Self.number(last.salesUnits)), \(short) \(Self.number(shortUnits))"))
        }
        var result: [String: Any] = ["cards": cards]
        let pipeline = observation.pipeline.sorted { $0.dueDay < $1.dueDay }
        result["hasPipeline"] = !pipeline.isEmpty
        // Days on the pages count from 1 (the simulator's day 0 is day 1); an order due on day d arrives at its start.
        result["pipeline"] = pipeline.map { ["units": $0.quantityUnits, "due": Int($0.dueDay.rounded()) + 1] as [String: Any] }
        var rows: [String] = []
        let round = definition.roundDays
        if let next = DemandBand(observation, days: round) {
            rows.append("Demand in the next \(unitWord): about \(Self.number(next.mean, 1)) units (80% chance between \(Self.number(next.low)) and \(Self.number(next.high))).")
        }
        let lead = Int(definition.product.suppliers[0].leadTimeDays.mean.rounded())
        if lead > 0, let cover = DemandBand(observation, days: lead + round) {
            rows.append("Demand over the lead time plus one \(unitWord) (\(lead + round) days, until an order placed now and the next one can arrive): about \(Self.number(cover.mean, 1)) units (80%: \(Self.number(cover.low))–\(Self.number(cover.high))).")
        }
        let left = definition.scenario.world.horizonDays - day
        if definition.product.priceLevels.count > 1, left > 0, let season = DemandBand(observation, days: left) {
            rows.append("Demand for the rest of the season (\(left) days) at the current price: about \(Self.number(season.mean)) units (80%: \(Self.number(season.low))–\(Self.number(season.high))).")
        }
        if !rows.isEmpty { result["forecasts"] = ["rows": rows.map { ["text": $0] }] }
        return result
    }

    private func history(_ records: [RoundRecord]) -> [String: Any] {
        let rows = records.suffix(8).reversed().map { r -> [String: Any] in
            [
                "round": r.round, "day": r.day + 1, "order": r.orderUnits, "price": Self.money(r.price), "demand": Self.number(r.demandUnits),
                "sales": Self.number(r.salesUnits), "shortage": Self.number(backorders ? r.newlyBackorderedUnits : r.lostUnits),
                "profit": Self.money(r.profit), "cumulative": Self.money(r.cumulativeProfit), "missed": r.missed,
            ]
        }
        let rule = definition.settings.missedRound == .repeatLastOrder ? "your last decision was repeated" : "nothing was ordered"
        return ["rows": rows, "shortageLabel": backorders ? "Backordered" : "Lost", "anyMissed": records.contains(where: \.missed),
                "missedRule": rule]
    }

    private func teamCharts(_ view: TeamView) -> [String] {
        let records = view.records
        var rounds = records.map { Double($0.round) }
        var onHand = records.map { Double($0.onHandUnits - $0.backorderedUnits) }
        var onOrder = records.map { Double($0.onOrderUnits) }
        if let observation = view.observation {
            rounds.append(Double(records.count + 1))
            onHand.append(Double(observation.netInventoryUnits))
            onOrder.append(Double(observation.onOrderUnits))
        }
        guard rounds.count >= 2 else { return [] }
        var charts: [String] = []
        charts.append(ChartSVG.lines(
            id: "chart-stock", kind: "stock", title: "Your stock at the start of each round",
            description: "Line chart: units on hand (negative: owed to customers) and on order at each decision.",
            xLabel: "Round", yLabel: "Units",
            lines: [ChartLine(name: backorders ? "on hand − backordered" : "on hand", x: rounds, y: onHand, emphasised: true),
                    ChartLine(name: "on order", x: rounds, y: onOrder)],
            includeZero: true))
        var bandX: [Double] = [], low: [Double] = [], high: [Double] = [], mean: [Double] = []
        for r in records {
            guard let band = r.forecast else { continue }
            bandX.append(Double(r.round)); low.append(band.low); high.append(band.high); mean.append(band.mean)
        }
        if let observation = view.observation, let band = DemandBand(observation, days: definition.roundDays) {
            bandX.append(Double(records.count + 1)); low.append(band.low); high.append(band.high); mean.append(band.mean)
        }
        if !records.isEmpty {
            charts.append(ChartSVG.lines(
                id: "chart-demand", kind: "demand-forecast", title: "Demand against the forecast, per round",
                description: "Line chart: units demanded in each round, the forecast made at its start and its 80% band.",
                xLabel: "Round", yLabel: "Units",
                lines: [ChartLine(name: "demand", x: records.map { Double($0.round) }, y: records.map(\.demandUnits), emphasised: true),
                        ChartLine(name: "forecast", x: bandX, y: mean)],
                bands: bandX.isEmpty ? [] : [ChartBand(name: "80% band", x: bandX, lower: low, upper: high)]))
            charts.append(ChartSVG.lines(
                id: "chart-profit", kind: "profit-to-date", title: "Profit to date",
                description: "Line chart: cumulative profit at the end of each round.",
                xLabel: "Round", yLabel: "Profit (currency)",
                lines: [ChartLine(name: "profit to date", x: records.map { Double($0.round) }, y: records.map(\.cumulativeProfit), emphasised: true)]))
        }
        return charts
    }

    // MARK: - Facilitator

    func facilitator(_ overview: GameOverview, playerURL: String, base: String, message: PageMessage? = nil) -> String {
        var page: [String: Any] = [
            "scenarioName": scenarioName, "phase": overview.phase.rawValue, "phaseText": phaseText(overview.phase),
            "roundText": overview.phase == .ended ? "after \(overview.roundsClosed) of \(overview.rounds) rounds" : "Round \(min(overview.round, overview.rounds)) of \(overview.rounds)",
            "playerURL": playerURL, "base": base, "round": overview.round,
            "canStart": overview.phase == .lobby || overview.phase == .paused,
            "startText": overview.phase == .lobby ? "Start round 1" : "Resume timer",
            "canPause": overview.phase == .running, "canAdvance": overview.phase == .running || overview.phase == .paused,
            "canEnd": overview.phase != .ended, "ended": overview.phase == .ended, "hasTeams": !overview.teams.isEmpty,
        ]
        if let seconds = overview.secondsLeft { page["secondsLeft"] = Int(seconds.rounded(.up)) }
        let submitted = overview.teams.filter(\.submitted).count
        page["submittedText"] = overview.phase == .ended ? "\(overview.teams.count) teams played."
            : "\(overview.teams.count) team\(overview.teams.count == 1 ? "" : "s") joined; \(submitted) submitted for round \(overview.round)."
        let days = min(definition.scenario.world.horizonDays, max(1, overview.roundsClosed * definition.roundDays))
        page["teams"] = overview.teams.enumerated().map { index, team -> [String: Any] in
            [
                "rank": index + 1, "name": team.name, "profit": Self.money(team.profit),
                "fillRate": team.roundsPlayed == 0 ? "–" : Self.percent(team.ledger.value(of: .fillRate, measuredDays: days)),
                "averageStock": team.roundsPlayed == 0 ? "–" : Self.number(team.ledger.value(of: .averageOnHandUnits, measuredDays: days), 1),
                "missed": team.missedRounds, "submittedText": team.submitted ? "submitted" : "waiting",
                "submittedClass": team.submitted ? "submitted" : "waiting",
            ]
        }
        return render("facilitator", title: "Facilitator: \(scenarioName)", refreshSeconds: overview.phase == .ended ? nil : 3, refreshURL: base, message: message, page)
    }

    // MARK: - Debrief

    func debrief(rows: [DebriefRow], bench: PolicyBench, roundsPlayed: Int, reportLink: String?) -> String {
        let best = rows.first?.profit ?? 0
        let teams = rows.filter { $0.kind == .team }
        let contenders = rows.filter { $0.kind != .team }
        var summary = [
            "\(teams.count) team\(teams.count == 1 ? "" : "s") played \(roundsPlayed) round\(roundsPlayed == 1 ? "" : "s") of \(scenarioName) (\(roundsPlayed * definition.roundDays) days). Everyone below, teams and policies alike, faced the same customers: replication \(definition.settings.replication + 1) of the scenario (seed \(definition.scenario.seed)).",
        ]
        if roundsPlayed < definition.rounds {
            summary.append("The game was ended after \(roundsPlayed) of \(definition.rounds) rounds: every player is compared over those rounds (no end-of-horizon salvage).")
        }
        if let bestTeam = teams.first, let bestOther = contenders.first {
            let verdict = bestTeam.profit >= bestOther.profit ? "beat" : "came behind"
            summary.append("The best team, \(bestTeam.name), \(verdict) the best policy, \(bestOther.name): \(Self.money(bestTeam.profit)) against \(Self.money(bestOther.profit)).")
        }
        let kindText: [Contender.Kind: String] = [.team: "team", .policy: "policy", .tuned: "tuned heuristic", .agent: "trained agent", .optimal: "exact optimum"]
        let rowViews = rows.enumerated().map { index, row -> [String: Any] in
            [
                "rank": index + 1, "name": row.name, "kind": row.kind.rawValue, "kindText": kindText[row.kind] ?? row.kind.rawValue,
                "profit": Self.money(row.profit), "profitExact": String(row.profit), "fillRate": Self.percent(row.fillRate),
                "fillRateExact": String(row.fillRate), "averageStock": Self.number(row.averageOnHandUnits, 1),
                "gap": index == 0 ? "best" : Self.money(row.profit - best),
            ]
        }
        var charts: [String] = []
        // Profit to date of the teams (at most eight, the best ones) and the best contender.
        let shownTeams = Array(teams.prefix(8))
        var lines = shownTeams.map { row in
            ChartLine(name: row.name, x: row.records.map { Double($0.round) }, y: row.records.map(\.cumulativeProfit))
        }
        if let bestOther = contenders.first {
            lines.insert(ChartLine(name: bestOther.name, x: bestOther.records.map { Double($0.round) }, y: bestOther.records.map(\.cumulativeProfit),
                                   emphasised: true), at: 0)
        }
        if !lines.isEmpty {
            charts.append(ChartSVG.lines(id: "chart-profit", kind: "profit-to-date",
                                         title: teams.count > 8 ? "Profit to date: the best eight teams and the best policy" : "Profit to date",
                                         description: "Line chart: cumulative profit at the end of each round, per player.",
                                         xLabel: "Round", yLabel: "Profit (currency)", lines: lines, includeZero: true))
        }
        var teamCharts: [String] = []
        if let bestOther = contenders.first {
            for (index, team) in teams.enumerated() {
                let x = team.records.map { Double($0.round) }
                teamCharts.append(ChartSVG.lines(
                    id: "chart-team-\(index + 1)", kind: "team-stock", title: team.name,
                    description: "Line chart: stock (on hand minus backorders) at the start of each round, the team against \(bestOther.name).",
                    xLabel: "Round", yLabel: "Stock (units)",
                    lines: [ChartLine(name: bestOther.name, x: bestOther.records.map { Double($0.round) },
                                      y: bestOther.records.map { Double($0.onHandUnits - $0.backorderedUnits) }),
                            ChartLine(name: team.name, x: x, y: team.records.map { Double($0.onHandUnits - $0.backorderedUnits) }, emphasised: true)],
                    width: 560, plotHeight: 260))
            }
        }
        // Luck: each contender on the game's demand against its mean over the report's replications.
        let report = bench.report
        let luckRows = report.scenario.policies.indices.map { p -> [String: Any] in
            let name = report.scenario.policies[p].name
            let summary = SampleSummary(report.values(.profit, policy: p))
            let game = contenders.first { $0.name == name }.map { Self.money($0.profit) } ?? "–"
            return ["name": name, "game": game, "mean": Self.money(summary.mean) + " ± " + Self.money(summary.halfWidth)]
        }
        var page: [String: Any] = [
            "summary": summary, "rows": rowViews, "notes": bench.notes, "charts": charts.map { ["svg": $0] },
            "hasTeamCharts": !teamCharts.isEmpty, "teamCharts": teamCharts.map { ["svg": $0] },
            "bestPolicy": contenders.first?.name ?? "",
            "hasContenderNotes": !bench.contenders.isEmpty,
            "contenderNotes": bench.contenders.map { ["name": $0.name, "note": $0.note] },
            "luckText": "One game is one draw of the customers. The same policies over \(report.scenario.replications) replications of the scenario (the game's among them) show how much of a gap is luck: a policy's profit on the game's demand can sit far from its mean.",
            "replications": report.scenario.replications, "luckRows": luckRows,
        ]
        if let reportLink { page["reportLink"] = reportLink }
        return render("debrief", title: "Debrief: \(scenarioName)", page)
    }
}
