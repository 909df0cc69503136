import Hummingbird
import Logging
import NIOEmbedded
import Workshop

/// Sends requests straight to the workshop's router, without a server or a socket: what HummingbirdTesting's
/// `.router` mode does, without its HTTP client and TLS libraries (AsyncHTTPClient, NIOSSL, NIOHTTP2,
/// swift-crypto), which took minutes of every CI build and which nothing here needs.
struct RouterClient {
    /// A response as the tests read it.
    struct Response {
        let head: HTTPResponse
        let body: ByteBuffer
        var status: HTTPResponse.Status { head.status }
        var headers: HTTPFields { head.headerFields }
    }

    let responder: RouterResponder<BasicRequestContext>
    let logger = Logger(label: "restock-workshop-tests")

    /// A client of `server`'s routes.
    init(_ server: WorkshopServer) {
        responder = server.router().buildResponder()
    }

    /// Sends one request and collects the whole response.
    /// - Parameters:
    ///   - uri: path and query.
    ///   - method: HTTP method.
    ///   - headers: request headers (a body's length is added).
    ///   - body: request body.
    /// - Returns: the response; an error that is not an HTTP error becomes 500, as a server answers it.
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> Response {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
                              body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger))
        let response: Hummingbird.Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            response = Hummingbird.Response(status: .internalServerError)
        }
        let collected = Collected()
        try await response.body.write(Collector(collected: collected))
        return Response(head: response.head, body: collected.body)
    }

    /// The body written so far (a class: the writer is consumed by `ResponseBody.write`).
    final class Collected {
        var body = ByteBuffer()
    }

    struct Collector: ResponseBodyWriter {
        let collected: Collected
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            collected.body.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
