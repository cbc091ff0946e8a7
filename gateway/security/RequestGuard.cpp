#include "RequestGuard.h"

#include "config/GatewayConfig.h"
#include "http/GatewayError.h"
#include "http/HttpExchange.h"

#include <QDir>
#include <QRegularExpression>

namespace gatehouse {

namespace {
const QByteArray kTokenHeader = QByteArrayLiteral("X-Gatehouse-Token");

QByteArray bearerValue(const QByteArray &authorization) {
    const QByteArray value = authorization.trimmed();
    if (value.size() < 7 || qstrnicmp(value.constData(), "bearer ", 7) != 0) return {};
    return value.mid(7).trimmed();
}

// Shown to whoever was refused, possibly over the network: no user name.
QString shownPath(const QString &path) {
    if (path.isEmpty()) return QStringLiteral("the Gatehouse panel");
    const QString home = QDir::homePath();
    if (!home.isEmpty() && path.startsWith(home + QLatin1Char('/')))
        return QStringLiteral("~") + path.mid(home.size());
    return path;
}

// Echoed to an allowed origin's preflight: only well-formed header names.
QByteArray allowedRequestHeaders(const QByteArray &requested) {
    static const QRegularExpression tokens(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~, -]*$"));
    if (!requested.isEmpty() && tokens.match(QString::fromLatin1(requested)).hasMatch())
        return requested;
    return QByteArrayLiteral(
        "Authorization, Content-Type, X-Gatehouse-Token, x-api-key, anthropic-version, x-bf-vk");
}
}  // namespace

RequestGuard::RequestGuard(const ClientConfig &client, bool tokenRequiredForApi,
                           std::shared_ptr<const ApiToken> token, const QString &machineHostName,
                           LocalTrust trust, VirtualKeyCheck knownVirtualKey)
    : hosts_(client.allowedHosts, machineHostName),
      origins_(client.allowedOrigins),
      tokenRequired_(tokenRequiredForApi),
      token_(std::move(token)),
      trust_(trust),
      knownVirtualKey_(std::move(knownVirtualKey)) {}

QString RequestGuard::tokenLocation() const {
    return shownPath(token_ ? token_->path() : QString());
}

namespace {

// No upper case, "//" or "/." in it: nothing that could hide a prefix. One
// pass (three of QByteArray::contains and a scan cost ~500 instructions a
// request; callgrind).
bool isPlainPath(QByteArrayView path) {
    const char *p = path.data();
    const qsizetype n = path.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = p[i];
        if (c >= 'A' && c <= 'Z') return false;
        if (c == '/' && i + 1 < n && (p[i + 1] == '/' || p[i + 1] == '.')) return false;
    }
    return true;
}

bool hasDotOrEmptySegment(QByteArrayView path) {
    const char *p = path.data();
    const qsizetype n = path.size();
    for (qsizetype i = 0; i + 1 < n; ++i)
        if (p[i] == '/' && (p[i + 1] == '/' || p[i + 1] == '.')) return true;
    return false;
}

}  // namespace

bool RequestGuard::isManagementPath(const QByteArray &path) {
    // Most paths need no cleaning; only those that could hide a prefix
    // ("//", "/./", "/../", upper case) go the long way.
    if (isPlainPath(path))
        return path == "/api" || path.startsWith("/api/") || path == "/ws" ||
               path.startsWith("/ws/") || path == "/mcp" || path.startsWith("/mcp/");
    const QString clean = QDir::cleanPath(QString::fromUtf8(path).toLower());
    for (const QLatin1String prefix :
         {QLatin1String("/api"), QLatin1String("/ws"), QLatin1String("/mcp")}) {
        if (clean == prefix || clean.startsWith(prefix + QLatin1Char('/'))) return true;
    }
    return false;
}

bool RequestGuard::isInferencePath(const QByteArray &path) {
    // The router matches paths exactly, so one with "/." or "//" in it
    // reaches no model: nothing to admit.
    if (hasDotOrEmptySegment(path)) return false;
    // Tool calls run the owner's MCP servers (programs of the owner's):
    // a model call, not that.
    if (path.startsWith("/v1/mcp/")) return false;
    return path.startsWith("/v1/") || path.startsWith("/openai/v1/") ||
           path.startsWith("/anthropic/v1/") || path.startsWith("/genai/");
}

RequestGuard::Token RequestGuard::token(const HttpRequest &request) const {
    // Our own header first: an SDK's Authorization may carry something else.
    QByteArray candidate = request.headers.value(kTokenHeader).trimmed();
    if (candidate.isEmpty()) candidate = bearerValue(request.headers.value("Authorization"));
    if (candidate.isEmpty()) return Token::Absent;
    return token_ && token_->matches(candidate) ? Token::Valid : Token::Wrong;
}

bool RequestGuard::admit(HttpExchange &exchange) const {
    HttpRequest &request = exchange.request();
    const Token token = this->token(request);
    const QByteArray host = request.headers.value("Host");

    if (!hosts_.allows(host) && token != Token::Valid)
        return refuse(
            exchange, 403, QStringLiteral("host_not_allowed"),
            QStringLiteral("Host \"%1\" is not a name of this gateway, so the request is refused "
                           "(a web page could otherwise reach it through DNS rebinding). Use "
                           "localhost or an IP address, add the name to client.allowed_hosts in "
                           "config.json, or send the API token.")
                .arg(QString::fromUtf8(host.left(200))));

    const QByteArray origin = request.headers.value("Origin");
    if (!origin.isEmpty()) {
        if (!origins_.allows(origin, host))
            return refuse(exchange, 403, QStringLiteral("origin_not_allowed"),
                          QStringLiteral("Web pages from origin \"%1\" may not call this gateway. "
                                         "To allow it, add it to client.allowed_origins in "
                                         "config.json.")
                              .arg(QString::fromUtf8(origin.left(200))));
        if (!OriginPolicy::isSameOrigin(origin, host)) {
            exchange.addAnswerHeader("Access-Control-Allow-Origin", origin);
            exchange.addAnswerHeader("Vary", "Origin");
        }
        if (request.method == "OPTIONS" &&
            request.headers.contains("Access-Control-Request-Method")) {
            answerPreflight(exchange);
            return false;
        }
    }

    const bool management = isManagementPath(request.path);
    if (management) {
        if (token == Token::Wrong)
            return refuse(exchange, 401, QStringLiteral("invalid_token"),
                          QStringLiteral("The API token sent is wrong. The right one is in %1.")
                              .arg(tokenLocation()));
        if (token == Token::Absent && tokenRequired_)
            return refuse(
                exchange, 401, QStringLiteral("token_required"),
                QStringLiteral("This gateway listens beyond loopback, so /api, /ws and /mcp "
                               "need its API token: send \"Authorization: Bearer "
                               "<token>\" with the token from %1.")
                    .arg(tokenLocation()));
    }
    if (token != Token::Valid && !trust_.admitsWithoutToken(request.peer)) {
        // Not the owner's: the virtual key is checked here, before any
        // plugin (a cache hit must not answer an unknown key), and again by
        // the governance plugin, which counts it against its limits.
        const QByteArray virtualKey = request.headers.value("x-bf-vk").trimmed();
        const bool admitted = !management && isInferencePath(request.path) &&
                              !virtualKey.isEmpty() && knownVirtualKey_ &&
                              knownVirtualKey_(virtualKey);
        if (!admitted) return refuseNotOwner(exchange);
    }
    // Elsewhere the token is checked and done with: no plugin or provider
    // sees it. /api endpoints may ask again (PluginsApi: adding code).
    if (!management && token != Token::Absent) {
        if (token == Token::Valid &&
            token_->matches(bearerValue(request.headers.value("Authorization"))))
            request.headers.remove("Authorization");
        if (request.headers.contains(kTokenHeader)) request.headers.remove(kTokenHeader);
    }
    return true;
}

bool RequestGuard::refuse(HttpExchange &exchange, int status, const QString &code,
                          const QString &message) const {
    GatewayError e = GatewayError::invalidRequest(code, message);
    e.status = status;
    e.type = openAIErrorTypeFor(status);
    HttpHeaders headers;
    if (status == 401) headers.add("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
    exchange.respond(status, e.toOpenAIJson(), "application/json", headers);
    return false;
}

bool RequestGuard::refuseNotOwner(HttpExchange &exchange) const {
    const PeerIdentity &peer = exchange.request().peer;
    // Shown to the caller: a uid, never a user name or the owner's.
    const QString who =
        peer.kind == PeerIdentity::Kind::Local
            ? QStringLiteral(
                  "This connection comes from another user of this machine (uid %1), "
                  "not from the user running the gateway")
                  .arg(peer.uid)
        : peer.kind == PeerIdentity::Kind::Remote
            ? QStringLiteral("This connection comes from another machine")
            : QStringLiteral("The gateway could not learn which user this connection comes from");
    return refuse(
        exchange, 401, QStringLiteral("token_required"),
        QStringLiteral("%1, so it needs the API token: send \"Authorization: Bearer <token>\" "
                       "with the token the gateway's owner finds in %2. For shared use, ask "
                       "the owner for a virtual key of the governance plugin and send it in the "
                       "x-bf-vk header: it admits inference requests (not /api).")
            .arg(who, tokenLocation()));
}

void RequestGuard::answerPreflight(HttpExchange &exchange) const {
    const HttpRequest &request = exchange.request();
    HttpHeaders headers;
    headers.add("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    headers.add("Access-Control-Allow-Headers",
                allowedRequestHeaders(request.headers.value("Access-Control-Request-Headers")));
    headers.add("Access-Control-Max-Age", "600");
    // Chrome asks before a public page may call a local address (Private
    // Network Access); an allowed origin may.
    if (request.headers.value("Access-Control-Request-Private-Network").trimmed() == "true")
        headers.add("Access-Control-Allow-Private-Network", "true");
    exchange.respond(204, QByteArray(), QByteArray(), headers);
}

}  // namespace gatehouse
