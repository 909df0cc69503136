import ArgumentParser
import Dispatch
import Experiment
import Foundation
import Scenario
import Workshop

/// `restock workshop`: a classroom game of a scenario in the browser (the `Workshop` library does the work).
struct WorkshopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop",
        abstract: "Run a classroom game of a scenario in the browser: teams order (and price) round by round on the same demand, then a debrief puts them beside the policies, the tuned heuristic, the agent and the exact optimum.")

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: "Port to serve on (1–65535).")
    var port = 8080

    @Option(help: "Address to listen on (0.0.0.0: every network interface, so players on the LAN can reach it; 127.0.0.1: this machine only).")
    var host = "0.0.0.0"

    @Option(help: "The game's SQLite file: created if missing, resumed if it holds a game of this scenario.")
    var db = "workshop.sqlite"

    @Option(help: "Folder for decisions.csv, debrief.html and the policies' report when the game ends (default: reports/workshop-<scenario name>).")
    var out: String?

    @Flag(help: "Skip tuning the heuristics for the debrief (the tuned best heuristic is left out; the debrief is ready sooner).")
    var noTune = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1…65535 (got \(port))") }
        guard !db.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--db is empty; name the game's SQLite file, e.g. --db workshop.sqlite") }
        guard !host.isEmpty else { throw ValidationError("--host is empty; use 0.0.0.0 (every interface) or 127.0.0.1") }
    }

    func run() throws {
        try exitForUserInput {
            let scenario = try scenarioOptions.load()
            let definition: GameDefinition
            do {
                definition = try GameDefinition(scenario: scenario)
            } catch let error as WorkshopError {
                throw UserInputFailure(message: error.message)
            }
            let folder = URL(fileURLWithPath: db).deletingLastPathComponent()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw UserInputFailure(message: "--db \(db): the folder \(folder.path) does not exist. Allowed: a file path in an existing folder.")
            }
            let resuming = FileManager.default.fileExists(atPath: db)
            let game: Game
            do {
                game = try Game(definition: definition, databasePath: db)
            } catch let error as WorkshopError {
                throw UserInputFailure(message: error.message)
            } catch {
                throw UserInputFailure(message: "--db \(db): cannot open it as the game's SQLite file (\(error)). Allowed: a new file name, or a file an earlier `restock workshop` of this scenario wrote.")
            }
            let exportFolder = try outputFolder(out, default: "reports/workshop-\(reportFolderName(for: scenario.name))")
            try checkOutputFolder(exportFolder)
            let lan = host == "0.0.0.0" ? (LocalAddress.firstIPv4() ?? "localhost") : host
            let playerURL = "http://\(lan):\(port)/"
            let server = try WorkshopServer(game: game, playerURL: playerURL, tune: !noTune, exportFolder: exportFolder)
            let local = host == "0.0.0.0" ? "localhost" : host
            print("Restock workshop: \(scenario.name), \(definition.rounds) rounds, \(definition.settings.roundSeconds) s per round "
                + "(missed round: \(definition.settings.missedRound.rawValue)).")
            print(resuming ? "Resuming the game in \(db)." : "New game in \(db) (run again with the same --db to resume it).")
            print("Players open:      \(playerURL)")
            print("Facilitator opens: http://\(local):\(port)\(server.facilitatorPath)   (keep this link to yourself)")
            print("At the end: \(exportFolder.path)/decisions.csv, debrief.html and report/. Stop with Ctrl-C; the game is saved after every decision.")
            fflush(nil)   // every C stream: the lines above reach a pipe or log file now, not when the server stops
            let failure = ServeFailure()
            let done = DispatchSemaphore(value: 0)
            Task.detached {
                do {
                    await server.prepareDebrief()
                    try await server.application(host: host, port: port).runService()
                } catch {
                    failure.set("the server stopped: \(error). Is port \(port) in use? Allowed: a free port (--port).")
                }
                done.signal()
            }
            done.wait()
            if let message = failure.message { throw UserInputFailure(message: message) }
        }
    }
}

/// The error of the server task, read after it ends.
final class ServeFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ message: String) { lock.lock(); text = message; lock.unlock() }
    var message: String? { lock.lock(); defer { lock.unlock() }; return text }
}

/// The machine's first non-loopback IPv4 address: what players on the LAN type.
enum LocalAddress {
    static func firstIPv4() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, Int32(address.pointee.sa_family) == AF_INET else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.hasPrefix("127.") { return text }
        }
        return nil
    }
}
