import Foundation
import HTTPTypes
import Hummingbird
import Reports
import ServiceLifecycle

/// The game's web server: the routes, the team cookie, the facilitator's token, the timer and the
/// debrief (computed in the background once per game).
///
/// Routes (plain HTML forms; POSTs answer with a redirect, so a reload never submits twice):
/// - `GET /`: the team's page, or the form to join; `POST /join`, `POST /submit`.
/// - `GET /debrief`: the room's debrief, once the game is over; `GET /report/<file>`: the `restock run`
///   report of the policies (index.html and its CSVs).
/// - `GET /facilitator/<token>`: the facilitator's page; `POST /facilitator/<token>/{start,pause,advance,end}`;
///   `GET /facilitator/<token>/decisions.csv` and `/facilitator/<token>/debrief.html` (downloads).
public struct WorkshopServer: Sendable {
    /// The game.
    public let game: Game
    /// The address players type, for the facilitator's page.
    public let playerURL: String
    let pages: WorkshopPages
    let debrief: DebriefCache

    /// The team cookie's name.
    static let cookieName = "restock_team"
    /// The largest form accepted, bytes.
    static let maximumFormBytes = 4096

    /// Creates the server of a game and starts computing the policies' part of the debrief.
    /// - Parameters:
    ///   - game: the game.
    ///   - playerURL: the address players open.
    ///   - tune: tune the heuristics for the debrief (off in tests that do not look at it).
    ///   - exportFolder: where decisions.csv, debrief.html and the report go when the game ends (nil: nowhere).
    public init(game: Game, playerURL: String, tune: Bool = true, exportFolder: URL? = nil) throws {
        self.game = game
        self.playerURL = playerURL
        pages = try WorkshopPages(definition: game.definition)
        debrief = DebriefCache(definition: game.definition, tune: tune, exportFolder: exportFolder)
    }

    /// Starts computing the policies' part of the debrief in the background.
    public func prepareDebrief() async { await debrief.prepare() }

    /// The facilitator's pages' path.
    public var facilitatorPath: String { "/facilitator/\(game.facilitatorToken)" }

    // MARK: - Responses

    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookie: Cookie? = nil) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            // No script, no outside resource: the pages need neither.
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff", HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        if let cookie { headers[.setCookie] = cookie.description }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookie: Cookie? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie.description }
        return Response(status: .seeOther, headers: headers)
    }

    static func download(_ text: String, name: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store",
                                        .contentDisposition: "attachment; filename=\"\(name)\"",
                                        HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Fields of a URL-encoded form (the last value of a repeated field wins).
    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: maximumFormBytes)
        return parseForm(String(buffer: body))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// Constant-time comparison of a facilitator token.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: - Routes

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let server = self
        router.get("/") { request, _ in await server.home(request) }
        router.post("/join") { request, _ in try await server.join(request) }
        router.post("/submit") { request, _ in try await server.submit(request) }
        router.get("/debrief") { _, _ in try await server.debriefPage() }
        router.get("/report/{file}") { _, context in try await server.reportFile(context.parameters.get("file") ?? "") }
        router.get("/facilitator/{token}") { request, context in
            try await server.facilitator(token: context.parameters.get("token") ?? "", request: request) { nil }
        }
        router.post("/facilitator/{token}/{action}") { request, context in
            try await server.facilitatorAction(token: context.parameters.get("token") ?? "", action: context.parameters.get("action") ?? "")
        }
        router.get("/facilitator/{token}/decisions.csv") { _, context in
            try await server.export(token: context.parameters.get("token") ?? "", file: "decisions.csv")
        }
        router.get("/facilitator/{token}/debrief.html") { _, context in
            try await server.export(token: context.parameters.get("token") ?? "", file: "debrief.html")
        }
        return router
    }

    /// The application: the router, the round timer as a service, and the address to bind.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "restock"),
                    services: [RoundTimer(server: self)])
    }

    func teamToken(_ request: Request) -> String? {
        request.cookies[Self.cookieName]?.value
    }

    func home(_ request: Request) async -> Response {
        if let token = teamToken(request), let view = await game.team(token: token) {
            return Self.html(pages.team(view, message: message(request)))
        }
        return Self.html(pages.join())
    }

    /// A message carried in the redirect after a successful action (`?done=…`): a fixed vocabulary, never text from the request.
    func message(_ request: Request) -> PageMessage? {
        switch request.uri.queryParameters.get("done") {
        case "submitted": return PageMessage(.ok, "Decision saved.")
        case "joined": return PageMessage(.ok, "Welcome! Your team has joined.")
        case "start": return PageMessage(.ok, "Timer running.")
        case "pause": return PageMessage(.ok, "Timer paused.")
        case "advance": return PageMessage(.ok, "Round closed.")
        case "end": return PageMessage(.ok, "Game ended.")
        default: return nil
        }
    }

    func join(_ request: Request) async throws -> Response {
        let fields = try await Self.form(request)
        do {
            let token = try await game.join(name: fields["name"] ?? "")
            let cookie = Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict)
            return Self.redirect("/?done=joined", cookie: cookie)
        } catch let rejection as DecisionRejection {
            return Self.html(pages.join(message: PageMessage(.error, rejection.message)), status: .init(code: rejection.status))
        }
    }

    func submit(_ request: Request) async throws -> Response {
        let fields = try await Self.form(request)
        guard let token = teamToken(request), let view = await game.team(token: token) else {
            return Self.html(pages.join(message: PageMessage(.error, "This browser has not joined the game (or its team cookie is not valid). Join with a team name first.")),
                             status: .unauthorized)
        }
        do {
            let decision = try Decision.parse(order: fields["order"], priceLevel: fields["price"], levels: game.definition.product.priceLevels,
                                              maximumOrderUnits: game.definition.settings.maximumOrderUnits)
            let teamID = fields["team"].map { Int64($0) ?? -1 }
            let round = fields["round"].flatMap { Int($0) }
            try await game.submit(token: token, teamID: teamID, round: round, decision: decision)
            return Self.redirect("/?done=submitted")
        } catch let rejection as DecisionRejection {
            let current = await game.team(token: token) ?? view
            return Self.html(pages.team(current, message: PageMessage(.error, rejection.message)), status: .init(code: rejection.status))
        }
    }

    func authorised(_ token: String) -> Bool { Self.same(token, game.facilitatorToken) }

    func forbidden() -> Response {
        Self.html(pages.error(heading: "Not the facilitator", message: PageMessage(.error, "This link is not the facilitator's: its secret does not match. Use the facilitator URL printed when the workshop started.")),
                  status: .forbidden)
    }

    func facilitator(token: String, request: Request, message: () -> PageMessage?) async throws -> Response {
        guard authorised(token) else { return forbidden() }
        let overview = await game.overview()
        return Self.html(pages.facilitator(overview, playerURL: playerURL, base: facilitatorPath, message: self.message(request) ?? message()))
    }

    func facilitatorAction(token: String, action: String) async throws -> Response {
        guard authorised(token) else { return forbidden() }
        switch action {
        case "start": try await game.start()
        case "pause": try await game.pause()
        case "advance": try await game.advance()
        case "end": try await game.end()
        default:
            return Self.html(pages.error(heading: "Unknown action", message: PageMessage(.error, "The facilitator's actions are start, pause, advance and end."),
                                         backLink: facilitatorPath, backText: "Back to the facilitator's page"), status: .notFound)
        }
        if await game.currentPhase == .ended { await debrief.gameEnded(game) }
        return Self.redirect("\(facilitatorPath)?done=\(action)")
    }

    func debriefPage() async throws -> Response {
        guard await game.currentPhase == .ended else {
            return Self.html(pages.error(heading: "Not yet", message: PageMessage(.info, "The debrief opens when the game is over.")), status: .conflict)
        }
        if !(await debrief.isReady) {
            await debrief.prepare()
            return Self.html(pages.error(heading: "Preparing the debrief", message: PageMessage(.info, "The policies are being simulated on the game's demand (and tuned); this page reloads itself until the debrief is ready."),
                                         refreshSeconds: 5, refreshURL: "/debrief"), status: .serviceUnavailable)
        }
        return Self.html(try await debrief.page(game, reportLink: "/report/index.html"))
    }

    func reportFile(_ name: String) async throws -> Response {
        guard await game.currentPhase == .ended else {
            return Self.html(pages.error(heading: "Not yet", message: PageMessage(.info, "The policies' report opens when the game is over.")), status: .conflict)
        }
        let bench = try await debrief.bench()
        guard let file = bench.reportFiles.first(where: { $0.name == name }) else {
            return Self.html(pages.error(heading: "No such file", message: PageMessage(.error, "The report has index.html and its CSV files.")), status: .notFound)
        }
        if name.hasSuffix(".html") { return Self.html(file.text) }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: file.text)))
    }

    func export(token: String, file: String) async throws -> Response {
        guard authorised(token) else { return forbidden() }
        switch file {
        case "decisions.csv":
            let text = DecisionsCSV.table(await game.results(), sku: game.definition.product.sku).text
            return Self.download(text, name: "decisions.csv", type: "text/csv; charset=utf-8")
        default:
            guard await game.currentPhase == .ended else {
                return Self.html(pages.error(heading: "Not yet", message: PageMessage(.info, "The debrief is ready when the game is over."),
                                             backLink: facilitatorPath, backText: "Back to the facilitator's page"), status: .conflict)
            }
            return Self.download(try await debrief.page(game, reportLink: nil), name: "debrief.html", type: "text/html; charset=utf-8")
        }
    }
}

/// Closes rounds whose timer ran out: a service of the application, ticking four times a second.
struct RoundTimer: Service {
    let server: WorkshopServer

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            do {
                try await server.game.tick()
                if await server.game.currentPhase == .ended { await server.debrief.gameEnded(server.game) }
            } catch {
                // A failed write (disk full) leaves the round open; the next tick tries again.
            }
        }
    }
}

/// The debrief: the policies' bench computed once in the background (it may take seconds), the page
/// rendered once per game end, and the exports written to the export folder when the game ends.
actor DebriefCache {
    let definition: GameDefinition
    let tune: Bool
    let exportFolder: URL?
    private var task: Task<PolicyBench, any Error>?
    private var finished = false
    private var rendered: [String: String] = [:]
    private var exported = false

    init(definition: GameDefinition, tune: Bool, exportFolder: URL?) {
        self.definition = definition
        self.tune = tune
        self.exportFolder = exportFolder
    }

    /// The bench, started on first use on a thread of its own (it blocks while it simulates).
    func bench() async throws -> PolicyBench {
        if let task { return try await task.value }
        let definition = definition, tune = tune
        let task = Task<PolicyBench, any Error> {
            let bench = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(with: Result { try Debrief.bench(definition, tune: tune, threads: 1) })
                }
            }
            await self.markFinished()
            return bench
        }
        self.task = task
        return try await task.value
    }

    private func markFinished() { finished = true }

    /// Whether the bench is computed (the debrief answers at once).
    var isReady: Bool { finished }

    /// Starts the bench now, so the debrief is ready when the game ends.
    func prepare() {
        guard task == nil else { return }
        Task { _ = try? await self.bench() }
    }

    /// The debrief page (the standalone file when `reportLink` is nil).
    func page(_ game: Game, reportLink: String?) async throws -> String {
        let key = reportLink ?? "standalone"
        if let page = rendered[key] { return page }
        let bench = try await bench()
        let overview = await game.overview()
        let teams = await game.results()
        let rows = Debrief.rows(definition, bench: bench, teams: teams, rounds: overview.roundsClosed)
        let pages = try WorkshopPages(definition: definition)
        let page = pages.debrief(rows: rows, bench: bench, roundsPlayed: overview.roundsClosed, reportLink: reportLink)
        rendered[key] = page
        return page
    }

    /// Writes decisions.csv, debrief.html and the report to the export folder, once.
    func gameEnded(_ game: Game) async {
        guard !exported, let folder = exportFolder else { return }
        exported = true
        do {
            let decisions = DecisionsCSV.table(await game.results(), sku: definition.product.sku).text
            let page = try await page(game, reportLink: "report/index.html")
            let bench = try await bench()
            let report = folder.appendingPathComponent("report")
            try AtomicFileWriter.writeAll([(decisions, folder.appendingPathComponent("decisions.csv")),
                                           (page, folder.appendingPathComponent("debrief.html"))]
                                          + bench.reportFiles.map { ($0.text, report.appendingPathComponent($0.name)) })
        } catch {
            FileHandle.standardError.write(Data("warning: the debrief could not be written to \(folder.path): \(error)\n".utf8))
        }
    }
}
