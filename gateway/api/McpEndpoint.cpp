#include "McpEndpoint.h"

#include "McpJson.h"
#include "McpToolTrace.h"

#include "http/HttpExchange.h"
#include "mcp/JsonRpc.h"
#include "mcp/McpClient.h"
#include "mcp/McpHost.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

using mcp::JsonRpcMessage;

namespace {

void answer(const std::shared_ptr<HttpExchange> &ex, int status, const QByteArray &body,
            const QString &session = {}) {
    HttpHeaders headers;
    if (!session.isEmpty()) headers.add("Mcp-Session-Id", session.toLatin1());
    ex->respond(status, body, "application/json", headers);
}

// An error about the request itself, before any id could be read.
void refuse(const std::shared_ptr<HttpExchange> &ex, int status, int code, const QString &why) {
    answer(ex, status, mcp::encodeError(QJsonValue(), code, why));
}

}  // namespace

void McpEndpoint::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    const QString session = QString::fromLatin1(r.headers.value("Mcp-Session-Id").trimmed());
    if (r.method == "DELETE") {
        if (!host_ || session.isEmpty() || !host_->endSession(session))
            return refuse(ex, 404, mcp::kInvalidRequest, QStringLiteral("No such session"));
        return answer(ex, 200, QByteArray());
    }
    if (r.method != "POST") {
        HttpHeaders headers;
        headers.add("Allow", "POST, DELETE");
        ex->respond(405,
                    mcp::encodeError(QJsonValue(), mcp::kInvalidRequest,
                                     QStringLiteral("/mcp takes POST (JSON-RPC); it offers no "
                                                    "stream of its own")),
                    "application/json", headers);
        return;
    }
    if (!host_)
        return refuse(ex, 503, mcp::kInternalError,
                      QStringLiteral("This gateway runs without an MCP host"));
    QList<JsonRpcMessage> messages;
    QString error;
    if (!mcp::decodeMessages(r.body, &messages, &error))
        return refuse(
            ex, 400,
            error.startsWith(QLatin1String("not JSON")) ? mcp::kParseError : mcp::kInvalidRequest,
            error);
    if (messages.size() != 1)
        return refuse(ex, 400, mcp::kInvalidRequest,
                      QStringLiteral("Send one JSON-RPC message per POST (no batches)"));
    const JsonRpcMessage &m = messages.first();
    const bool initialize =
        m.kind == JsonRpcMessage::Kind::Request && m.method == QLatin1String("initialize");
    // A session we never handed out (or ended) is gone: the client must
    // initialize again, which a 404 tells it.
    if (!initialize && !session.isEmpty() && !host_->hasSession(session))
        return refuse(ex, 404, mcp::kInvalidRequest,
                      QStringLiteral("Unknown or ended session: initialize again"));
    if (m.kind != JsonRpcMessage::Kind::Request) return answer(ex, 202, QByteArray());

    const QJsonObject params = m.params.toObject();
    if (initialize) {
        const QString asked = params.value(QLatin1String("protocolVersion")).toString();
        const QStringList &ours = McpClient::protocolVersions();
        const QString version = ours.contains(asked) ? asked : ours.first();
        const QJsonObject result{
            {QStringLiteral("protocolVersion"), version},
            {QStringLiteral("capabilities"),
             QJsonObject{
                 {QStringLiteral("tools"), QJsonObject{{QStringLiteral("listChanged"), false}}}}},
            {QStringLiteral("serverInfo"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("gatehouse")},
                         {QStringLiteral("version"), QStringLiteral(GATEHOUSE_VERSION)}}},
            {QStringLiteral("instructions"),
             QStringLiteral("The tools of every MCP server Gatehouse is connected to, named "
                            "<server>-<tool>.")}};
        return answer(ex, 200, mcp::encodeResult(m.id, result), host_->newSession());
    }
    if (m.method == QLatin1String("ping"))
        return answer(ex, 200, mcp::encodeResult(m.id, QJsonObject()));
    if (m.method == QLatin1String("tools/list")) {
        QJsonArray tools;
        for (const McpOfferedTool &t : host_->offeredTools()) tools.append(mcpToolJson(t));
        return answer(ex, 200,
                      mcp::encodeResult(m.id, QJsonObject{{QStringLiteral("tools"), tools}}));
    }
    if (m.method == QLatin1String("tools/call")) {
        const QString name = params.value(QLatin1String("name")).toString();
        const QJsonValue args = params.value(QLatin1String("arguments"));
        if (name.isEmpty() || (!args.isUndefined() && !args.isNull() && !args.isObject()))
            return answer(ex, 200,
                          mcp::encodeError(m.id, mcp::kInvalidParams,
                                           QStringLiteral("tools/call needs a \"name\" and an "
                                                          "\"arguments\" object")));
        const QJsonValue id = m.id;
        auto trace =
            std::make_shared<McpToolTrace>(*state_, r, QStringLiteral("/mcp"), name, r.body);
        const QString traceId = trace->id();
        host_->callTool(
            name, args.toObject(), worker_,
            [ex, id, trace](McpToolResult out) {
                trace->finish(out, 200,
                              out.ok ? QJsonDocument(out.result).toJson(QJsonDocument::Compact)
                                     : out.error.toUtf8());
                if (out.ok) return answer(ex, 200, mcp::encodeResult(id, out.result));
                // An unknown tool is a protocol error; a server that failed to
                // run it is a tool result the model should see.
                if (out.errorCode == QLatin1String("tool_not_found") ||
                    out.errorCode == QLatin1String("tool_not_allowed"))
                    return answer(ex, 200, mcp::encodeError(id, mcp::kInvalidParams, out.error));
                const QJsonObject result{
                    {QStringLiteral("content"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                            {QStringLiteral("text"), out.error}}}},
                    {QStringLiteral("isError"), true}};
                answer(ex, 200, mcp::encodeResult(id, result));
            },
            traceId);
        return;
    }
    answer(ex, 200,
           mcp::encodeError(m.id, mcp::kMethodNotFound,
                            QStringLiteral("Gatehouse's /mcp does not offer %1").arg(m.method)));
}

}  // namespace gatehouse
