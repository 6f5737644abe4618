import Hummingbird
import HTTPTypes
import TailSweepCore

/// The read-only web dashboard over a results database.
///
/// ```swift
/// let app = DashboardApp(reader: store, databaseName: "results.sqlite").application(host: "127.0.0.1", port: 8080)
/// try await app.runService()
/// ```
///
/// Only GET and HEAD are served (anything else answers 405); every user-visible string is
/// escaped; pages are rendered on the server with SVG charts and need no JavaScript or network.
/// When the database is missing or empty, pages say so instead of failing.
public struct DashboardApp: Sendable {
    public let reader: (any ResultsReader)?
    public let databaseName: String

    public init(reader: (any ResultsReader)?, databaseName: String) {
        self.reader = reader
        self.databaseName = databaseName
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ReadOnlyMiddleware())
        let name = databaseName
        guard let reader else {
            router.get("/**") { _, _ in HTMLResponse(HTML.page(title: "No database", HTML.empty("There is no results database at \(name). Create one with `tailsweep study --db \(name)` or `tailsweep sweep run … --db \(name)`."))) }
            return router
        }
        let sweeps = SweepPages(reader: reader), studies = StudyPages(reader: reader), models = ModelPages(reader: reader)
        /// Every page answers GET and HEAD (the middleware drops HEAD bodies).
        func page(_ path: RouterPath, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> HTMLResponse) {
            router.get(path, use: handler)
            router.head(path, use: handler)
        }
        page("/") { _, _ in Self.respond(name) { try sweeps.list() } }
        page("/sweeps/:id") { r, c in
            let id = Int64(c.parameters.get("id") ?? "") ?? -1
            return Self.respond(name) { try sweeps.grid(id, query: Self.query(r)) }
        }
        page("/sweeps/:id/best") { _, c in
            let id = Int64(c.parameters.get("id") ?? "") ?? -1
            return Self.respond(name) { try sweeps.best(id) }
        }
        page("/sweeps/:id/cells/:cell") { _, c in
            let id = Int64(c.parameters.get("id") ?? "") ?? -1, cell = Int(c.parameters.get("cell") ?? "") ?? -1
            return Self.respond(name) { try sweeps.cell(id, cell) }
        }
        page("/studies") { _, _ in Self.respond(name) { try studies.list() } }
        page("/studies/:id") { r, c in
            let id = c.parameters.get("id") ?? ""
            return Self.respond(name) { try studies.detail(id, query: Self.query(r)) }
        }
        page("/studies/:id/calibration") { _, c in
            let id = c.parameters.get("id") ?? ""
            return Self.respond(name) { try studies.calibration(id) }
        }
        page("/models") { _, _ in Self.respond(name) { try models.list() } }
        page("/models/:version/surface") { r, c in
            let version = c.parameters.get("version") ?? ""
            return Self.respond(name) { try models.surface(version, query: Self.query(r)) }
        }
        page("/forward") { _, _ in Self.respond(name) { try models.forward() } }
        return router
    }

    /// A page, a 404 page when the item does not exist, or an explanation when the database cannot be read.
    static func respond(_ database: String, _ body: () throws -> String?) -> HTMLResponse {
        do {
            guard let html = try body() else { return HTMLResponse(HTML.page(title: "Not found", HTML.empty("No such item in \(database).")), status: .notFound) }
            return HTMLResponse(html)
        } catch {
            return HTMLResponse(HTML.page(title: "Database not readable", HTML.empty("\(database) could not be read as a TailSweep results database: \(error)")))
        }
    }

    static func query(_ r: Request) -> [String: String] {
        var q: [String: String] = [:]
        for (k, v) in r.uri.queryParameters { q[String(k)] = String(v) }
        return q
    }

    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "tailsweep"))
    }
}

/// An HTML page response.
public struct HTMLResponse: ResponseGenerator {
    let html: String
    let status: HTTPResponse.Status

    init(_ html: String, status: HTTPResponse.Status = .ok) {
        self.html = html
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.init("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Answers 405 to every method but GET and HEAD (the router already does so for known paths;
/// this covers the rest) and drops the body of HEAD responses.
struct ReadOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get:
            return try await next(request, context)
        case .head:
            var response = try await next(request, context)
            response.body = .init()
            return response
        default:
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            return Response(status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "read-only dashboard: only GET and HEAD\n")))
        }
    }
}
