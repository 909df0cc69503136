import Foundation
import Reports
import Testing
import Stochastics

@Suite("Statistics and CSV")
struct StatisticsTests {
    @Test("Student t quantiles match tables", arguments: [
        (1.0, 12.706204736174698), (2.0, 4.302652729749464), (9.0, 2.262157162798205), (29.0, 2.045229642132703),
        (1000.0, 1.9623390808264078),
    ])
    func tQuantile(_ dof: Double, _ expected: Double) {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: dof) - expected) < 1e-8)
        #expect(abs(StudentT.cdf(expected, degreesOfFreedom: dof) - 0.975) < 1e-10)
    }

    @Test("sample summary: mean, sd and half-width by hand")
    func summary() {
        let s = SampleSummary([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(s.mean == 5)
        #expect(abs(s.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(abs(s.halfWidth - 2.364624251592784 * s.standardDeviation / 8.0.squareRoot()) < 1e-9)
        #expect(SampleSummary([3]).halfWidth.isNaN)
    }

    @Test("paired differences remove the common noise")
    func paired() {
        let base = [10.0, 20, 30, 40, 50]
        let shifted = base.map { $0 + 1 }
        let d = SampleSummary.pairedDifference(shifted, base)
        #expect(d.mean == 1)
        #expect(d.standardDeviation == 0)
    }

    @Test("CSV cells are quoted only when needed, numbers are locale-free")
    func csv() {
        var table = CSVTable(header: ["a", "b"])
        table.append(["x,y", "say \"hi\""])
        #expect(table.text == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")
        #expect(CSVTable.number(1.5) == "1.5")
        #expect(CSVTable.number(2) == "2")
        #expect(CSVTable.number(-0.0000001) == "0")
        #expect(CSVTable.number(.nan) == "")
        #expect(CSVTable.number(-12.3456789) == "-12.345679")
        #expect(CSVTable.number(0.05, decimals: 2) == "0.05")
        #expect(CSVTable.number(1234567.0000004) == "1234567")
        #expect(CSVTable.number(1e20) == "100000000000000000000")
        #expect(CSVTable.number(0.0000005) == "0.000001")
    }

    @Test("atomic writes leave no temporary files and replace old content")
    func atomic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restock-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("out.csv")
        try AtomicFileWriter.write("old", to: file)
        try AtomicFileWriter.write("new", to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    @Test("a write into an impossible place fails with the path in the message")
    func failure() {
        do {
            try AtomicFileWriter.write("x", to: URL(fileURLWithPath: "/proc/restock-cannot/out.csv"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("/proc/restock-cannot"))
        }
    }
}
