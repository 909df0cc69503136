import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `restock workshop` killed with SIGKILL and started again on the same --db: the game resumes.
@Suite("restock workshop: kill and restart", .serialized)
struct WorkshopKillTests {
    /// A running `restock workshop` and what it printed.
    final class Server: @unchecked Sendable {
        let process = Process()
        let output = Pipe()
        private let lock = NSLock()
        private var text = ""
        var printed: String { lock.lock(); defer { lock.unlock() }; return text }

        init(arguments: [String], in directory: URL) throws {
            let executable = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("restock")
            let candidates = [executable, repositoryRoot.appendingPathComponent(".build/debug/restock")]
            guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: executable.path])
            }
            process.executableURL = binary
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            // Read as the server prints, without blocking the test on a pipe that stays quiet.
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.text += String(decoding: data, as: UTF8.self)
                self.lock.unlock()
            }
            try process.run()
        }

        /// Waits until the server printed a line containing `text`; returns that line.
        func line(containing text: String, timeout: Double = 60) throws -> String {
            let end = Date().addingTimeInterval(timeout)
            while Date() < end {
                if let line = printed.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not print '\(text)': \(printed)"])
        }

        /// Waits until the server answers on `base`.
        func waitUntilServing(_ base: String, client: Client, timeout: Double = 60) throws {
            let end = Date().addingTimeInterval(timeout)
            while Date() < end {
                if let page = try? client.send(base + "/"), page.status == 200 { return }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not answer on \(base): \(printed)"])
        }

        func kill() {
            guard process.isRunning else { return }
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
        }
    }

    /// One HTTP request without following redirects or storing cookies.
    final class Client: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        lazy var session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)

        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }

        func send(_ url: String, method: String = "GET", form: String? = nil, cookie: String? = nil) throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = method
            request.httpShouldHandleCookies = false
            request.timeoutInterval = 10
            if let form {
                request.httpBody = Data(form.utf8)
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            }
            if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result: (Int, [AnyHashable: Any], String)?
            nonisolated(unsafe) var failure: (any Error)?
            session.dataTask(with: request) { data, response, error in
                if let http = response as? HTTPURLResponse {
                    result = (http.statusCode, http.allHeaderFields, String(decoding: data ?? Data(), as: UTF8.self))
                } else {
                    failure = error
                }
                done.signal()
            }.resume()
            done.wait()
            if let result { return result }
            throw failure ?? URLError(.badServerResponse)
        }
    }

    @Test("SIGKILL after a submitted decision; the restarted server has the team, its decision and the facilitator's link")
    func killAndRestart() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/workshop-safety-stock.yaml").path
        let port = Int.random(in: 20_000...40_000)
        let arguments = ["workshop", scenario, "--db", "game.sqlite", "--port", String(port), "--host", "127.0.0.1", "--no-tune", "--out", "out"]
        let client = Client()
        let base = "http://127.0.0.1:\(port)"

        let first = try Server(arguments: arguments, in: folder)
        let facilitator = try first.line(containing: "Facilitator opens:")
        let facilitatorURL = try #require(facilitator.split(separator: " ").first { $0.hasPrefix("http") }.map(String.init))
        try first.waitUntilServing(base, client: client)
        let joined = try client.send("\(base)/join", method: "POST", form: "name=Red")
        #expect(joined.status == 303)
        let setCookie = try #require(joined.headers["Set-Cookie"] as? String)
        let cookie = String(setCookie.split(separator: ";")[0])
        #expect(try client.send("\(facilitatorURL)/start", method: "POST").status == 303)
        #expect(try client.send("\(base)/submit", method: "POST", form: "team=1&round=1&order=6", cookie: cookie).status == 303)
        #expect(try client.send("\(base)/submit", method: "POST", form: "team=1&round=2&order=4", cookie: cookie).status == 303)
        first.kill()

        let second = try Server(arguments: arguments, in: folder)
        defer { second.kill() }
        #expect(try second.line(containing: "Resuming the game").contains("game.sqlite"))
        #expect(try second.line(containing: "Facilitator opens:") == facilitator)
        try second.waitUntilServing(base, client: client)
        let page = try client.send("\(base)/", cookie: cookie)
        #expect(page.status == 200)
        #expect(page.body.contains("Round 3 of"))
        #expect(page.body.contains("<th scope=\"row\">1</th><td>1</td><td>6</td>"))
        #expect(page.body.contains("<th scope=\"row\">2</th><td>2</td><td>4</td>"))
        #expect(try client.send("\(base)/submit", method: "POST", form: "team=1&round=3&order=5", cookie: cookie).status == 303)
    }

    @Test("bad command lines exit 2 with a message", arguments: [
        (["--port", "0"], "--port must be 1…65535"),
        (["--port", "70000"], "--port must be 1…65535"),
        (["--db", "no/such/folder/game.sqlite"], "does not exist"),
        (["--set", "review.type=continuous"], "needs periodic review"),
        (["--set", "horizonDays=5000"], "too many for a class"),
        (["--set", "workshop.roundSeconds=5"], "roundSeconds"),
        (["--set", "workshop.missedRound=panic"], "repeatLastOrder, orderNothing"),
        (["--set", "workshop.sku=NOPE"], "BOLT-M8"),
    ])
    func badInput(extra: [String], message: String) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = repositoryRoot.appendingPathComponent("scenarios/workshop-safety-stock.yaml").path
        let result = try restock(["workshop", scenario, "--host", "127.0.0.1"] + extra, in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a --db of another scenario is refused with exit code 2, and the game in it still resumes")
    func otherScenarioDatabase() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios = repositoryRoot.appendingPathComponent("scenarios")
        let port = Int.random(in: 40_001...50_000)
        let arguments = ["workshop", scenarios.appendingPathComponent("workshop-safety-stock.yaml").path, "--db", "g.sqlite",
                         "--port", String(port), "--host", "127.0.0.1", "--no-tune"]
        let first = try Server(arguments: arguments, in: folder)
        let facilitator = try first.line(containing: "Facilitator opens:")
        try first.waitUntilServing("http://127.0.0.1:\(port)", client: Client())
        first.kill()
        let result = try restock(["workshop", scenarios.appendingPathComponent("workshop-lost-sales.yaml").path, "--db", "g.sqlite",
                                  "--port", String(port), "--host", "127.0.0.1"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("holds a game of another scenario"))
        let again = try Server(arguments: arguments, in: folder)
        defer { again.kill() }
        #expect(try again.line(containing: "Facilitator opens:") == facilitator)
        #expect(again.printed.contains("Resuming the game"))
    }
}
