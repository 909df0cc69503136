import Reports

/// `decisions.csv`: one row per team, round and SKU — what the team decided and what happened.
enum DecisionsCSV {
    static let header = ["team", "round", "day", "sku", "order_units", "price", "missed", "on_hand_units", "backordered_units",
                         "on_order_units", "demand_units", "sales_units", "lost_units", "backordered_new_units", "profit",
                         "cumulative_profit"]

    /// A name a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
    static func spreadsheetSafe(_ text: String) -> String {
        guard let first = text.first, "=+-@\t\r".contains(first) else { return text }
        return "'" + text
    }

    static func table(_ teams: [TeamResult], sku: String) -> CSVTable {
        var table = CSVTable(header: header)
        for team in teams {
            for r in team.records {
                table.append([spreadsheetSafe(team.name), String(r.round), String(r.day), sku, String(r.orderUnits), CSVTable.number(r.price),
                              r.missed ? "1" : "0", String(r.onHandUnits), String(r.backorderedUnits), String(r.onOrderUnits),
                              CSVTable.number(r.demandUnits), CSVTable.number(r.salesUnits), CSVTable.number(r.lostUnits),
                              CSVTable.number(r.newlyBackorderedUnits), CSVTable.number(r.profit), CSVTable.number(r.cumulativeProfit)])
            }
        }
        return table
    }
}
