import Foundation
import Reports
import Testing

/// Output folders that cannot be trusted: an empty --out, an input as the output, a folder where a report
/// file goes, a replacement that fails halfway, and temporary files of killed or interrupted runs.
@Suite("Output safety")
struct OutputSafetyTests {
    let lostSales = repositoryRoot.appendingPathComponent("scenarios/lost-sales.yaml").path
    let short = ["--set", "horizonDays=60", "--set", "warmupDays=0", "--set", "replications=2", "--quiet"]

    @Test("--out \"\" is refused (it used to write into the current folder), for run and forecast")
    func emptyOut() throws {
        let folder = temporaryFolder()
        let run = try restock(["run", lostSales, "--out", ""] + short, in: folder)
        #expect(run.status == 2 && run.stderr.contains("--out is empty"))
        let history = repositoryRoot.appendingPathComponent("scenarios/data/ecommerce_weekly.csv").path
        let forecast = try restock(["forecast", history, "--out", " "], in: folder)
        #expect(forecast.status == 2 && forecast.stderr.contains("--out is empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a folder where a report file goes is found before the simulation, and nothing is written")
    func folderInTheWay() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/index.html"), withIntermediateDirectories: true)
        let run = try restock(["run", lostSales, "--out", "out"] + short, in: folder)
        #expect(run.status == 2 && run.stderr.contains("index.html is a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path) == ["index.html"])
    }

    @Test("merge refuses an output folder that is one of its shards")
    func mergeOntoInput() throws {
        let folder = temporaryFolder()
        let sweep = try restock(["sweep", lostSales, "--vary", "products.0.holdingCostPerUnitDay=1,2", "--out", "shard"] + short, in: folder)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let before = try String(contentsOf: folder.appendingPathComponent("shard/comparison.csv"), encoding: .utf8)
        let merge = try restock(["merge", "shard", "--out", "./shard/"], in: folder)
        #expect(merge.status == 2 && merge.stderr.contains("is also the shard folder"))
        #expect(try String(contentsOf: folder.appendingPathComponent("shard/comparison.csv"), encoding: .utf8) == before)
    }

    @Test("all or nothing: when one file cannot be put in place, the previous set stays whole")
    func rollback() throws {
        let folder = temporaryFolder()
        let a = folder.appendingPathComponent("a.csv"), b = folder.appendingPathComponent("b.csv")
        try AtomicFileWriter.writeAll([("old a", a), ("old b", b)])
        // A folder in the way of c: nothing of the new set may appear.
        let c = folder.appendingPathComponent("c.csv")
        try FileManager.default.createDirectory(at: c, withIntermediateDirectories: true)
        #expect(throws: ReportError.self) { try AtomicFileWriter.writeAll([("new a", a), ("new b", b), ("new c", c)]) }
        #expect(try String(contentsOf: a, encoding: .utf8) == "old a" && String(contentsOf: b, encoding: .utf8) == "old b")
        // A destination that cannot be replaced after the first was: the first goes back.
        try FileManager.default.removeItem(at: c)
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let d = locked.appendingPathComponent("d.csv")
        try AtomicFileWriter.writeAll([("old d", d)])
        chmod(locked.path, 0o500)
        defer { chmod(locked.path, 0o700) }
        if access(locked.path, W_OK) != 0 {  // root may write anyway; the check is then vacuous
            #expect(throws: ReportError.self) { try AtomicFileWriter.writeAll([("new a", a), ("new d", d)]) }
            #expect(try String(contentsOf: a, encoding: .utf8) == "old a")
            #expect(try String(contentsOf: d, encoding: .utf8) == "old d")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(names.isEmpty, "\(names)")
    }

    @Test("temporary files of a killed run are removed by the next run in that folder; SIGTERM cleans up and exits 143")
    func staleAndInterrupted() throws {
        let folder = temporaryFolder()
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // A pid that cannot exist (above the kernel's limit).
        try "half".write(to: out.appendingPathComponent(".summary.csv.tmp-2147483000"), atomically: false, encoding: .utf8)
        let run = try restock(["run", lostSales, "--out", "out"] + short, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }.isEmpty)

        let executable = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("restock")
        let binary = FileManager.default.isExecutableFile(atPath: executable.path) ? executable
            : repositoryRoot.appendingPathComponent(".build/debug/restock")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", lostSales, "--out", "long", "--set", "replications=400", "--quiet"]
        process.currentDirectoryURL = folder
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("long").path)) ?? []
        #expect(left.filter { $0.contains(".tmp-") }.isEmpty && !left.contains("summary.csv"))
    }
}
