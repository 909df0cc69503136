import Forecasting
import Testing

func history(_ text: String, _ options: HistoryOptions = HistoryOptions()) throws -> SalesHistory {
    try SalesHistory.parse(text: text, file: "sales.csv", options: options)
}

func dataError(_ text: String, _ options: HistoryOptions = HistoryOptions()) -> DataError? {
    do {
        _ = try history(text, options)
        return nil
    } catch let error as DataError {
        return error
    } catch {
        Issue.record("unexpected \(error)")
        return nil
    }
}

@Suite("Sales history input")
struct SalesHistoryTests {
    @Test("calendar days round-trip and know their weekday")
    func calendar() throws {
        let day = try #require(CalendarDay(iso: "2026-11-29"))
        #expect(day.description == "2026-11-29")
        #expect(day.weekday == 7)   // a Sunday
        #expect(CalendarDay(iso: "2024-02-29") != nil)
        #expect(CalendarDay(iso: "2025-02-29") == nil)
        #expect(CalendarDay(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDay(iso: "2000-03-01")!.daysSinceEpoch - CalendarDay(iso: "2000-02-28")!.daysSinceEpoch == 2)
    }

    @Test("a daily long-format export: SKUs sorted, gaps filled with zero, price and promotion kept")
    func daily() throws {
        let h = try history("""
        date,sku,units,price,promo,temperature
        2025-01-01,B,3,9.5,0,4.5
        2025-01-01,A,5,2.0,1,4.5
        2025-01-03,A,7,2.0,0,6
        2025-01-02,A,6,,0,5
        2025-01-04,B,1,9.5,1,
        """)
        #expect(h.frequency == .daily)
        #expect(h.skus.map(\.sku) == ["A", "B"])
        #expect(h.skus[0].units == [5, 6, 7])
        #expect(h.skus[1].units == [3, 0, 0, 1])
        #expect(h.skus[0].prices == [2.0, nil, 2.0])
        #expect(h.skus[1].promotions["promo"] == [0, 0, 0, 1])
        #expect(h.skus[0].features["temperature"] == [4.5, 5, 6])
        #expect(h.skus[1].date(at: 3).description == "2025-01-04")
        #expect(h.warnings.contains { $0.contains("'B'") && $0.contains("2 day(s) without a row") })
    }

    @Test("weekly data are detected; missing weeks can be unknown and are interpolated for models")
    func weekly() throws {
        let text = "date,sku,units\n2025-01-06,A,10\n2025-01-13,A,12\n2025-01-27,A,16\n"
        let h = try history(text, HistoryOptions(missingDates: .missing))
        #expect(h.frequency == .weekly)
        #expect(h.skus[0].units == [10, 12, nil, 16])
        #expect(h.skus[0].timeSeries(seasonLength: 52).values == [10, 12, 14, 16])
        #expect(try history(text).skus[0].units == [10, 12, 0, 16])
    }

    @Test("duplicates are summed, or rejected with both lines named")
    func duplicates() throws {
        let text = "date,sku,units\n2025-01-01,A,2\n2025-01-01,A,3\n"
        #expect(try history(text).skus[0].units == [5])
        let error = try #require(dataError(text, HistoryOptions(duplicates: .reject)))
        #expect(error.line == 3)
        #expect(error.problem.contains("first on line 2"))
    }

    @Test("bad cells name the file, line and column", arguments: [
        ("date,sku,units\n2025-01-01,A,many\n", 2, "units", "'many' is not a number >= 0"),
        ("date,sku,units\n2025-01-01,A,-4\n", 2, "units", "'-4'"),
        ("date,sku,units\n2025-01-01,A,nan\n", 2, "units", "'nan'"),
        ("date,sku,units\n01/02/2025,A,4\n", 2, "date", "is not a date"),
        ("date,sku,units\n2025-01-01,A,4\n2025-01-02,,4\n", 3, "sku", "empty"),
    ])
    func badCells(_ text: String, _ line: Int, _ column: String, _ expected: String) throws {
        let error = try #require(dataError(text))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.description.hasPrefix("sales.csv:\(line): column '\(column)'"))
        #expect(error.problem.contains(expected))
    }

    @Test("empty files, header-only files, missing columns and ragged rows are clear errors")
    func structure() throws {
        #expect(try #require(dataError("")).problem.contains("empty"))
        #expect(try #require(dataError("date,sku,units\n")).problem.contains("no data rows"))
        #expect(try #require(dataError("date,product_code,units\n2025-01-01,A,1\n")).problem.contains("no 'sku' column"))
        #expect(try #require(dataError("date,sku,units\n2025-01-01,A\n")).line == 2)
        #expect(try #require(dataError("date,sku,units\n2025-01-01,\"A,3\n")).problem.contains("never closed"))
    }

    @Test("irregular dates stop the load unless the frequency is given, and then must sit on its grid")
    func frequency() throws {
        let text = "date,sku,units\n2025-01-01,A,1\n2025-01-11,A,1\n"
        #expect(try #require(dataError(text)).problem.contains("daily, weekly, monthly or quarterly"))
        #expect(try history(text, HistoryOptions(frequency: .daily)).skus[0].count == 11)
        let offGrid = try #require(dataError("date,sku,units\n2025-01-06,A,1\n2025-01-14,A,1\n", HistoryOptions(frequency: .weekly)))
        #expect(offGrid.line == 3)
    }

    @Test("quoted fields and semicolon separators are read")
    func quoting() throws {
        let h = try history("date;sku;units\n2025-01-01;\"Mug; large\";4\n")
        #expect(h.skus[0].sku == "Mug; large")
        let q = try history("date,sku,units\n2025-01-01,\"say \"\"hi\"\"\",4\n")
        #expect(q.skus[0].sku == "say \"hi\"")
    }

    @Test("outliers are flagged by robust z-score, not changed")
    func outliers() throws {
        var text = "date,sku,units\n"
        for day in 1...20 { text += "2025-01-\(day < 10 ? "0" : "")\(day),A,\(day == 12 ? 500 : 10 + day % 3)\n" }
        let h = try history(text)
        #expect(h.skus[0].outlierPeriods == [11])
        #expect(h.skus[0].units[11] == 500)
        #expect(h.warnings.contains { $0.contains("outlier") })
    }
}
